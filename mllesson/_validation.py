"""Input checks shared by every public function.

Each check names the argument, says what was expected and what came in, and
raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right kind, bad
value). Checks never modify their input: they return a float64 array that may
be the caller's own array, which the package then only reads.
"""

import math
from numbers import Integral, Real

import numpy as np

_FLOAT64 = np.dtype(np.float64)


def as_float_array(a, name, *, ndim=None, allow_empty=False, finite=True):
    """Return ``a`` as a finite float64 ndarray, or raise a helpful error.

    Parameters
    ----------
    a : array-like
        The value to check.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        The accepted number(s) of dimensions.
    allow_empty : bool, default=False
        Whether an array with no elements is accepted.
    finite : bool, default=True
        Whether to check here that every entry is finite. A caller that
        passes False computes through :func:`checked_after`, which checks
        only when a result is not finite.
    """
    if type(a) is np.ndarray and a.dtype == _FLOAT64:
        arr = a  # the common case: nothing to convert, only shape and values
    elif isinstance(a, (str, bytes)):
        raise TypeError(f"{name} must be numeric array-like, got {type(a).__name__}")
    else:
        arr = _numeric_array(a, name)
    if ndim is not None and arr.ndim != ndim:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            expected = " or ".join(f"{d}-D" for d in allowed)
            raise ValueError(
                f"{name} must be {expected}, got a {arr.ndim}-D array "
                f"of shape {arr.shape}"
            )
    if arr.size == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (shape {arr.shape}); expected data")
    if finite:
        check_finite(arr, name)
    return arr


def _numeric_array(a, name):
    """``a`` as a float64 ndarray, or the error that says why it cannot be."""
    try:
        arr = np.asarray(a)
    except (TypeError, ValueError) as exc:  # ragged nested lists, for example
        raise ValueError(f"{name} could not be read as an array: {exc}") from None
    if arr.dtype.kind == "c":
        raise TypeError(f"{name} must be real-valued, got complex dtype {arr.dtype}")
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must contain numbers, got dtype {arr.dtype} "
            f"(first element: {arr.flat[0]!r})"
            if arr.size
            else f"{name} must contain numbers, got dtype {arr.dtype}"
        )
    return arr.astype(np.float64, copy=False)


def check_finite(arr, name):
    """Raise ``ValueError`` naming ``name`` if the float array has NaN or inf."""
    if not _all_finite(arr):
        bad = "NaN" if np.isnan(arr).any() else "infinity"
        raise ValueError(f"{name} contains {bad}; expected finite numbers")


def _all_finite(arr):
    """Whether every entry of the float array is finite."""
    if not arr.size:
        return True
    # One pass with no temporary array: a NaN or an infinity makes the sum of
    # squares NaN or inf, so a finite sum proves every entry finite. It can
    # also overflow on finite entries (beyond 1e154); min and max, which
    # propagate NaN and keep +-inf, then decide. vdot, unlike @ and dot, sets
    # no floating-point warning on that overflow, so no errstate is needed
    # (entering one costs more than the pass itself on small arrays).
    if arr.flags.c_contiguous or arr.flags.f_contiguous:
        flat = arr.reshape(-1, order="A")  # a view, in memory order
        if math.isfinite(np.vdot(flat, flat)):
            return True
    return bool(np.isfinite(arr.min()) and np.isfinite(arr.max()))


def checked_after(compute, arr, name):
    """``compute()``, with ``arr``'s NaN and inf check only if needed.

    For hot paths: ``arr`` was validated with ``finite=False``, and
    ``compute()`` returns a tuple of arrays in which *every* entry of ``arr``
    took part through a product or a sum. IEEE arithmetic carries a NaN or an
    infinity of ``arr`` into such a result (``inf * 0`` is NaN), so finite
    results prove ``arr`` finite without a pass over it. Otherwise ``arr`` is
    checked, which raises the error :func:`as_float_array` would have raised;
    a finite ``arr`` whose result overflowed is computed again, with numpy's
    usual warnings, as it always was.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        results = compute()
    if all(_all_finite(r) for r in results):
        return results
    check_finite(arr, name)
    return compute()


def check_X(X, name="X", *, finite=True):
    """A 2-D design matrix of shape (n_samples, n_features)."""
    return as_float_array(X, name, ndim=2, finite=finite)


def check_consistent_length(X, y, names=("X", "y")):
    """X and y must describe the same number of samples."""
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"{names[0]} and {names[1]} have inconsistent numbers of samples: "
            f"{X.shape[0]} != {y.shape[0]}"
        )


def check_theta(theta, n_features, name="theta"):
    """A 1-D parameter vector whose length matches the columns of X."""
    theta = as_float_array(theta, name, ndim=1)
    if theta.shape[0] != n_features:
        raise ValueError(
            f"{name} has length {theta.shape[0]} but X has {n_features} columns; "
            "they must match (did you forget add_intercept?)"
        )
    return theta


def check_binary_labels(y, name="y"):
    """1-D labels in {0, 1}, returned as float64."""
    y = as_float_array(y, name, ndim=1, finite=False)
    # Two comparisons, counted: no floating-point warning can arise, and it is
    # faster than any arithmetic test at every size. Labels in {0, 1} are
    # finite, so only a failed check looks for NaN and inf (whose message
    # comes first, as for any other argument).
    if np.count_nonzero(y == 0.0) + np.count_nonzero(y == 1.0) != y.size:
        check_finite(y, name)
        bad = (y != 0.0) & (y != 1.0)
        raise ValueError(
            f"{name} must contain only the labels 0 and 1, "
            f"got {np.unique(y[bad])[:5].tolist()}"
        )
    return y


def check_class_labels(y, n_classes=None, name="y"):
    """1-D integer labels in 0..K-1, returned as int64 with K.

    If ``n_classes`` is None, K is inferred as ``max(y) + 1``.
    """
    y = as_float_array(y, name, ndim=1)
    if not np.all(y == np.round(y)):
        raise ValueError(f"{name} must contain integer class labels 0..K-1")
    if n_classes is None:
        n_classes = int(y.max()) + 1 if y.max() < 2**31 else None
    else:
        n_classes = check_positive_int(n_classes, "num_labels")
    # Compare as floats, before the cast: a label like 1e20 has no int64.
    if n_classes is None or y.min() < 0 or y.max() >= n_classes:
        expected = "0..K-1" if n_classes is None else f"0..{n_classes - 1}"
        raise ValueError(
            f"{name} must contain labels in {expected}, "
            f"got values from {y.min():g} to {y.max():g}"
        )
    return y.astype(np.int64), n_classes


def check_positive_int(value, name):
    """A positive integer (bool is rejected)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be a positive integer, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value}")
    return int(value)


def check_positive_float(value, name):
    """A finite real number greater than zero."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a positive number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def check_non_negative_float(value, name):
    """A finite real number that is zero or more, such as ``lam``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a non-negative number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative finite number, got {value}")
    return float(value)


def check_option(value, name, options):
    """One of a fixed set of string options."""
    # Only a str can match; anything else (an array, say) must not reach `in`.
    if not isinstance(value, str) or value not in options:
        choices = ", ".join(repr(o) for o in options)
        raise ValueError(f"{name} must be one of {choices}; got {value!r}")
    return value


def check_rng(rng):
    """A ``numpy.random.Generator`` from a Generator, an int seed or None."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, Integral) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise TypeError(
        f"rng must be None, an int seed or a numpy.random.Generator, got {rng!r}"
    )
