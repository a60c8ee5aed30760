"""Small adapters between a variant's conventions and the course's usual ones.

Every check of the course is written once, in the usual conventions (labels
0/1, examples as rows, a column of ones with θ₀ first, classes numbered from
0). A student's function written for another variant is called through
:class:`Adapted`, which translates each argument into the student's
conventions and the result back: a relabel, a transpose, the bias split off or
folded in, a sign flipped; a function handed to the student's function (the
cost given to gradient descent) is translated the other way round. The
reference package answers every variant through the same translation, never
through a second implementation.

A task declares the *role* of each argument and of its result (:class:`Task`);
the translation of a role is a few lines of numpy below.
"""

import functools
from dataclasses import dataclass, field

import numpy as np

from ..selfcheck import compare

#: The roles whose translation each dimension changes: two variants ask for
#: the same code in a task when they agree on every dimension its roles name.
ROLES_OF = {
    "labels": {"y", "yhat"},
    "layout": {"X", "F", "Z", "cache"},
    "bias": {"X", "theta", "Theta"},
    "classes": {"c", "chat"},
    "objective": {"J"},
    "offset": {"t"},
    "weights": {"params"},
    "layer_bias": {"params"},
}


@dataclass(frozen=True)
class Fn:
    """The role of a function handed to the student's function, e.g. the cost
    given to gradient descent: written in the usual conventions, it reaches
    the student as a function of their variant's, which translates its
    arguments back and its result forth.

    ``params`` gives the role of each of its parameters in order (``None``:
    passed as it is, because the task passed it on as it is too); ``returns``
    the role of its result: ``"J"`` (a cost) or ``"dJ"`` (its gradient in θ).
    """

    params: tuple
    returns: str


@dataclass(frozen=True)
class Task:
    """A graded function: its usual parameters and the role of each.

    ``roles`` maps a parameter to one of ``"X"`` (examples with the column of
    ones first), ``"F"`` (examples, no bias column), ``"theta"`` (the weights
    of ``X``, θ₀ first), ``"Theta"`` (one row of weights per class), ``"y"``
    (labels 0/1), ``"c"`` (class numbers), ``"Z"`` (one row of scores per
    example, or of one-hot targets), ``"J"`` (a cost, or costs: ℓ = −J where
    the variant climbs), ``"t"`` (a threshold t where a variant has the bias
    −t, or the other way round), ``"params"`` (a network's layers, a list of
    ``(W, b)`` with ``W`` of shape (n_out, n_in); its gradients too),
    ``"cache"`` (a forward pass's ``(Z, A)``, lists of one row per example,
    ``Z[0]`` None), or a function handed over (:class:`Fn`); ``returns`` gives
    the result's role (a tuple for a tuple).
    """

    params: tuple  #: names, with the default where there is one: ``"lam=0.0"``
    roles: dict = field(hash=False)
    returns: object = None

    @property
    def names(self):
        return tuple(p.split("=")[0] for p in self.params)

    def signature(self, name, variant):
        """The ``def`` line the student writes in ``variant``."""
        names = []
        for p in self.params:
            role = self.roles.get(p.split("=")[0])
            if role in ("theta", "Theta") and variant.get("bias") == "b":
                names += list(_split_names(p.split("=")[0], role))  # theta0 -> w0, b0
            elif role == "t" and variant.get("offset") == "flipped":
                names.append(_FLIPPED.get(p, p))
            else:
                names.append(p)
        return f"{name}({', '.join(names)})"


#: A threshold's name where the variant has a bias instead, and a bias's.
_FLIPPED = {"threshold": "bias", "b": "t"}


def _split_names(name, role="theta"):
    """The names of θ's two parts where the bias is apart: theta0 -> w0, b0;
    a class's rows of weights (``all_theta``) -> W, b."""
    if role == "Theta":
        return "W", "b"
    return (
        name.replace("Theta", "W").replace("theta", "w"),
        name.replace("Theta", "b").replace("theta", "b"),
    )


def _is_ones(column):
    return bool(np.all(column == 1.0))


class HandedOver:
    """A function of the usual conventions (a cost handed to gradient descent)
    as a student's function written for a variant calls it: it translates the
    arguments back and the result forth (the role :class:`Fn`).

    Apart from ``fn`` it is plain data (lists, strings, a bool), from
    :meth:`plain`: a grader that runs the student's function elsewhere sends
    ``fn`` as it sends any package function, and rebuilds the same object
    there with ``HandedOver(fn, **plain)``.
    """

    def __init__(self, fn, params, returns, conventions, split):
        self.fn, self.params, self.returns = fn, tuple(params), returns
        self.conventions = tuple(tuple(c) for c in conventions)
        self.split = bool(split)
        self._v = dict(self.conventions)

    def plain(self):
        """Everything but ``fn``, as JSON values."""
        return {
            "params": list(self.params),
            "returns": self.returns,
            "conventions": [list(c) for c in self.conventions],
            "split": self.split,
        }

    def __call__(self, *args, **kwargs):
        given = list(args)
        usual = [self._back(role, given) for role in self.params]
        return self._forth(self.fn(*usual, *given, **kwargs), self.returns)

    def _back(self, role, given):
        """The next argument (two for a split θ) of ``given``, as usual."""
        v = self._v
        if role == "theta" and v.get("bias") == "b":
            if len(given) < 2 or np.ndim(given[1]) != 0:
                name = getattr(self.fn, "__name__", "the function")
                raise TypeError(
                    f"{name}: in your variant θ is two arguments, the weights w "
                    "and the number b: call it with w, b where the book passes θ"
                )
            w, b = np.asarray(given.pop(0), dtype=np.float64), given.pop(0)
            return np.concatenate([np.reshape(b, 1), w]) if self.split else w
        value = given.pop(0)
        if role == "X":
            X = np.asarray(value)
            X = X.T if v.get("layout") == "cols" and X.ndim == 2 else X
            return np.column_stack([np.ones(X.shape[0]), X]) if self.split else X
        if role == "y" and v.get("labels") == "pm1":
            return (np.asarray(value) + 1) / 2
        return value

    def _forth(self, out, role):
        """The result in the variant's conventions: a cost (ℓ = −J where the
        variant climbs; with ``gradient=True`` the pair (J, ∇J)), or a gradient
        in θ (split into (dw, db) where b is apart)."""
        v = self._v
        if role == "J" and isinstance(out, tuple) and len(out) == 2:
            return self._forth(out[0], "J"), self._forth(out[1], "dJ")
        if v.get("objective") == "max":
            out = -out
        if role == "dJ" and v.get("bias") == "b":
            g = np.asarray(out)
            return (g[1:], float(g[0])) if self.split else (g, 0.0)
        return out


class _Call:
    """One call translated into the variant's conventions."""

    def __init__(self, task, variant, args, kwargs):
        self.variant, self.task = variant, task
        values = dict(zip(task.names, args, strict=False))
        values.update(kwargs)
        self.split = self._split(values)
        self.relabelled = []  # (original, as given, a copy), for the write-back
        self.args = []
        for p, value in zip(task.names, args, strict=False):
            self.args.extend(self._translate(task.roles.get(p), value))
        self.args.extend(args[len(task.names) :])
        self.kwargs = {}
        for p, value in kwargs.items():
            given = self._translate(task.roles.get(p), value)
            if len(given) == 2:  # θ as weights and bias: the names the student uses
                w, b = _split_names(p, task.roles.get(p))
                self.kwargs.update({w: given[0], b: given[1]})
            else:
                self.kwargs[p] = given[0]

    def _split(self, values):
        """Whether the bias is split off: the variant says so and the matrix of
        examples starts with a column of ones (else the whole matrix goes to
        the student, with b = 0, which a right answer handles too)."""
        if self.variant.get("bias") != "b":
            return False
        for p, role in self.task.roles.items():
            if role == "X" and p in values:
                X = np.asarray(values[p])
                return X.ndim == 2 and X.shape[1] > 0 and _is_ones(X[:, 0])
        # No examples to look at: θ goes only to the functions handed over,
        # which get it back whole, so splitting it off is only a renaming.
        return any(isinstance(r, Fn) for r in self.task.roles.values())

    def _translate(self, role, value):
        v = self.variant
        if isinstance(role, Fn):
            return [self._handed_over(role, value) if callable(value) else value]
        if role == "t" and v.get("offset") == "flipped" and _is_scalar(value):
            return [-value]
        if role == "X":
            X = np.asarray(value)
            if self.split:
                X = X[:, 1:]
            return [X.T if v.get("layout") == "cols" and X.ndim == 2 else X]
        if role in ("F", "Z"):
            X = np.asarray(value)
            return [X.T if v.get("layout") == "cols" and X.ndim == 2 else X]
        if role == "theta" and v.get("bias") == "b":
            theta = np.asarray(value)
            return [theta[1:], float(theta[0])] if self.split else [theta, 0.0]
        if role == "Theta" and v.get("bias") == "b":
            Theta = np.asarray(value)
            if self.split:
                return [Theta[:, 1:], Theta[:, 0]]
            return [Theta, np.zeros(Theta.shape[0])]
        if role == "y" and v.get("labels") == "pm1" and isinstance(value, np.ndarray):
            given = value * 2 - 1
            self.relabelled.append((value, given, given.copy()))
            return [given]
        if role == "y" and v.get("labels") == "pm1" and _is_number(value):
            return [value * 2 - 1]  # one example's label
        if role == "c" and v.get("classes") == "c1" and isinstance(value, np.ndarray):
            return [value + 1]
        if role == "params" and _reshapes_layers(v):
            return [[_layer_to(v, W, b) for W, b in value]]
        if role == "cache" and v.get("layout") == "cols":
            return [tuple(_transposed(part) for part in value)]
        return [value]

    def _handed_over(self, role, fn):
        """``fn`` (usual conventions) as the student's function calls it."""
        return HandedOver(
            fn, role.params, role.returns, self.variant.conventions, self.split
        )

    def write_back(self):
        """Copy a change the student made to relabelled labels back into the
        caller's array, as an in-place change to a local array would be."""
        for original, given, before in self.relabelled:
            if not np.array_equal(given, before, equal_nan=True):
                with np.errstate(all="ignore"):
                    np.copyto(original, (given + 1) / 2, casting="unsafe")

    def result(self, out, role):
        """The student's result in the usual conventions (as given where it
        has not the form its role asks for: the check then says what is wrong)."""
        if isinstance(role, tuple):
            if not isinstance(out, tuple | list) or len(out) != len(role):
                return out
            return tuple(self.result(o, r) for o, r in zip(out, role, strict=True))
        v = self.variant
        if role in ("theta", "Theta") and v.get("bias") == "b":
            if not isinstance(out, tuple | list) or len(out) != 2:
                return out
            w, b = (np.asarray(x, dtype=np.float64) for x in out)
            if not self.split:
                return w
            if role == "theta" and w.ndim == 1 and b.ndim == 0:
                return np.concatenate([b.reshape(1), w])
            if role == "Theta" and w.ndim == 2 and b.shape == (w.shape[0],):
                return np.column_stack([b, w])
            return out
        if role in ("Z", "F", "X") and isinstance(out, np.ndarray):
            if v.get("layout") == "cols" and out.ndim == 2:
                out = out.T
            if role == "X" and v.get("bias") == "b" and out.ndim == 2:
                out = np.column_stack([np.ones(out.shape[0]), out])
            return out
        if role == "yhat" and v.get("labels") == "pm1":
            return _labels_back(out)
        if role == "J" and v.get("objective") == "max" and _is_numeric(out):
            return -np.asarray(out, dtype=np.float64)
        if role == "t" and v.get("offset") == "flipped" and _is_scalar(out):
            return -out
        if role == "chat" and v.get("classes") == "c1" and isinstance(out, np.ndarray):
            return out - 1
        if role == "params" and _reshapes_layers(v) and isinstance(out, list | tuple):
            return [_layer_back(v, layer) for layer in out]
        if role == "cache" and v.get("layout") == "cols":
            if isinstance(out, tuple | list) and len(out) == 2:
                return tuple(_transposed(part) for part in out)
        return out


def _is_number(value):
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool
    )


def _is_scalar(value):
    """One number, as a Python or numpy number or a 0-d array."""
    return np.ndim(value) == 0 and _is_numeric(value) and not isinstance(value, bool)


def _is_numeric(out):
    """A number, or numbers as an array or a list (a history of costs)."""
    try:
        return np.asarray(out).dtype.kind in "iuf"
    except (ValueError, TypeError):
        return False


def _reshapes_layers(variant):
    return variant.get("weights", "out_in") != "out_in" or (
        variant.get("layer_bias", "wb") != "wb"
    )


def _layer_to(variant, W, b):
    """One layer ``(W, b)`` as ``variant`` writes it: W transposed for
    (n_in, n_out), the bias folded in as W's first column (row)."""
    W, b = np.asarray(W), np.asarray(b)
    if variant.get("layer_bias") == "fold":
        W = np.column_stack([b, W])
    if variant.get("weights") == "in_out":
        W = W.T
    return W if variant.get("layer_bias") == "fold" else (W, b)


def _layer_back(variant, layer):
    """One layer of the student's in the usual ``(W, b)``; a layer of
    another form is left as it is, for the check to say what is wrong (a
    pair where one matrix was asked for becomes a 1-tuple, which no check
    takes for a layer)."""
    fold = variant.get("layer_bias") == "fold"
    if fold:
        if not isinstance(layer, np.ndarray) or layer.ndim != 2:
            return (layer,)
        W = layer
    elif isinstance(layer, tuple | list) and len(layer) == 2:
        W, b = layer
        if not isinstance(W, np.ndarray) or W.ndim != 2:
            return layer
    else:
        return layer
    if variant.get("weights") == "in_out":
        W = W.T
    if not fold:
        return (W, b)
    return (W[:, 1:], W[:, 0]) if W.shape[1] else layer


def _transposed(arrays):
    """Each 2-D array of a cache's list transposed (examples as rows again)."""
    if not isinstance(arrays, list | tuple):
        return arrays
    return [a.T if isinstance(a, np.ndarray) and a.ndim == 2 else a for a in arrays]


def _labels_back(out):
    """−1/+1 predictions as 0/1; any other value becomes one no check accepts."""
    if isinstance(out, np.ndarray) and out.dtype.kind in "iuf":
        return np.where(out == 1, 1, np.where(out == -1, 0, out + 2)).astype(out.dtype)
    if _is_number(out):
        return {1: 1, -1: 0}.get(out, out + 2)
    return out


class Adapted:
    """A student's function for ``variant``, called as in the usual conventions."""

    def __init__(self, fn, task, variant):
        self.fn, self.task, self.variant = fn, task, variant
        name = getattr(fn, "__name__", None)
        if isinstance(name, str):
            self.__name__ = name
        functools.update_wrapper(self, fn, assigned=("__doc__",), updated=())

    def __call__(self, *args, **kwargs):
        call = _Call(self.task, self.variant, args, kwargs)
        out = self.fn(*call.args, **call.kwargs)
        call.write_back()
        return call.result(out, self.task.returns)

    def count_lines(self, *args, **kwargs):
        """The lines the student's own function runs for this call (see
        :func:`mllesson.selfcheck.compare.is_vectorised`)."""
        call = _Call(self.task, self.variant, args, kwargs)
        return compare._line_counter(self.fn)(self.fn, *call.args, **call.kwargs)

    def __getattr__(self, name):  # anything else a check asks of the function
        return getattr(self.fn, name)
