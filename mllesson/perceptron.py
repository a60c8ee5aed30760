"""Threshold units: the McCulloch–Pitts neuron and Rosenblatt's perceptron.

A McCulloch–Pitts unit fires (outputs 1) when the weighted sum of its inputs
reaches a threshold. With hand-chosen weights one unit computes AND, OR, NOT
or NAND, but no single unit computes XOR: its decision boundary is a line, and
XOR's classes cannot be split by one line. Two layers of units can.

The perceptron learns such weights from examples with Rosenblatt's rule. It
is an online rule, one example at a time, so its training loop visits the
examples one by one by design. See the book, chapter "The perceptron".
"""

import warnings
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from ._base import BaseEstimator, ClassifierMixin
from ._validation import (
    as_float_array,
    check_binary_labels,
    check_consistent_length,
    check_positive_float,
    check_positive_int,
    check_rng,
    check_X,
)


class ConvergenceWarning(UserWarning):
    """Training stopped after its last epoch without reaching its goal."""


class ThresholdUnit(NamedTuple):
    """Weights and threshold of one McCulloch–Pitts unit."""

    weights: tuple
    threshold: float


#: Units for the logic gates, on inputs in {0, 1}. Read-only.
LOGIC_GATES = MappingProxyType(
    {
        "AND": ThresholdUnit((1.0, 1.0), 2.0),
        "OR": ThresholdUnit((1.0, 1.0), 1.0),
        "NOT": ThresholdUnit((-1.0,), 0.0),
        "NAND": ThresholdUnit((-1.0, -1.0), -1.0),
        "NOR": ThresholdUnit((-1.0, -1.0), 0.0),
    }
)

#: The four inputs of a two-input truth table, one per row.
TRUTH_TABLE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
TRUTH_TABLE_INPUTS.flags.writeable = False

_TWO_INPUT_TARGETS = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
    "XNOR": (1, 0, 0, 1),
}

#: Two layers of units computing XOR: hidden OR and NAND, then their AND.
#: Each layer is ``(W, thresholds)`` with ``W`` of shape (n_units, n_inputs).
XOR_NETWORK = (
    (np.array([[1.0, 1.0], [-1.0, -1.0]]), np.array([1.0, -1.0])),
    (np.array([[1.0, 1.0]]), np.array([2.0])),
)
for _W, _t in XOR_NETWORK:
    _W.flags.writeable = False
    _t.flags.writeable = False


def _fire(X, W, thresholds):
    # (m, n_in) @ (n_in, n_units) -> (m, n_units); 1 where the sum reaches t.
    return (X @ W.T >= thresholds).astype(np.int64)


def mcculloch_pitts(x, weights, threshold):
    r"""The McCulloch–Pitts unit: 1 if the weighted sum reaches the threshold.

    .. math:: a = [\textstyle\sum_j w_j x_j \ge \theta]

    Parameters
    ----------
    x : array-like of shape (n_inputs,) or (n_samples, n_inputs)
        The inputs, usually 0 or 1; one row per example.
    weights : array-like of shape (n_inputs,)
    threshold : float

    Returns
    -------
    int or ndarray of shape (n_samples,), dtype int64
        0 or 1 for each example (an int for a single 1-D input).

    Notes
    -----
    See the book, chapter "The perceptron", for the logic gates.

    Examples
    --------
    >>> from mllesson import LOGIC_GATES, mcculloch_pitts
    >>> mcculloch_pitts([[0, 0], [0, 1], [1, 0], [1, 1]], *LOGIC_GATES["AND"])
    array([0, 0, 0, 1])
    >>> mcculloch_pitts([1, 0], weights=[1, 1], threshold=1)  # OR
    1
    """
    x = as_float_array(x, "x", ndim=(1, 2))
    w = as_float_array(weights, "weights", ndim=1)
    t = as_float_array(threshold, "threshold", ndim=0)
    if x.shape[-1] != w.shape[0]:
        raise ValueError(
            f"x has {x.shape[-1]} inputs but weights has {w.shape[0]}; they must match"
        )
    fires = np.atleast_2d(x) @ w >= t  # (n_samples,): the weighted sum reaches t
    out = fires.astype(np.int64)
    return int(out[0]) if x.ndim == 1 else out


def threshold_network(x, layers):
    """Feed ``x`` through layers of McCulloch–Pitts units.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_inputs)
    layers : sequence of (W, thresholds)
        ``W`` of shape (n_units, n_inputs_of_layer) and ``thresholds`` of
        shape (n_units,); each layer's outputs are the next layer's inputs.

    Returns
    -------
    ndarray of shape (n_samples, n_units_of_last_layer), dtype int64

    Examples
    --------
    >>> from mllesson import XOR_NETWORK, threshold_network
    >>> threshold_network([[0, 0], [0, 1], [1, 0], [1, 1]], XOR_NETWORK)[:, 0]
    array([0, 1, 1, 0])
    """
    a = as_float_array(x, "x", ndim=2)
    if len(layers) == 0:
        raise ValueError("layers must contain at least one (W, thresholds) pair")
    for i, (W, t) in enumerate(layers):
        W = as_float_array(W, f"layers[{i}] W", ndim=2)
        t = as_float_array(t, f"layers[{i}] thresholds", ndim=1)
        if W.shape[1] != a.shape[1] or t.shape[0] != W.shape[0]:
            raise ValueError(
                f"layers[{i}] has W of shape {W.shape} and {t.shape[0]} thresholds, "
                f"but receives {a.shape[1]} inputs; expected W of shape "
                f"(n_units, {a.shape[1]}) and n_units thresholds"
            )
        a = _fire(a, W, t).astype(np.float64)
    return a.astype(np.int64)


def xor_network(x):
    """XOR of two binary inputs, computed by :data:`XOR_NETWORK`.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)

    Returns
    -------
    ndarray of shape (n_samples,), dtype int64

    Examples
    --------
    >>> from mllesson import xor_network
    >>> xor_network([[0, 0], [0, 1], [1, 0], [1, 1]])
    array([0, 1, 1, 0])
    """
    return threshold_network(x, XOR_NETWORK)[:, 0]


@dataclass(frozen=True)
class UnitSearch:
    """What :func:`search_single_unit` tried, and which units matched.

    Attributes
    ----------
    target : ndarray of shape (4,)
        The wanted outputs for inputs (0,0), (0,1), (1,0), (1,1).
    grid : ndarray of shape (n_values,)
        The values tried for each of ``w1``, ``w2`` and the threshold.
    n_searched : int
        How many (w1, w2, threshold) triples were tried: ``n_values ** 3``.
    matches : ndarray of shape (n_matches, 3)
        Every triple ``(w1, w2, threshold)`` that reproduces ``target``.
    """

    target: np.ndarray
    grid: np.ndarray
    n_searched: int
    matches: np.ndarray

    @property
    def found(self):
        """Whether any unit on the grid computes the target."""
        return self.matches.shape[0] > 0

    def __str__(self):
        outcome = (
            f"{self.matches.shape[0]} matched, e.g. w1, w2, threshold = "
            f"{tuple(self.matches[0].tolist())}"
            if self.found
            else "none matched"
        )
        return (
            f"target {self.target.tolist()}: searched {self.n_searched} units "
            f"(w1, w2, threshold each in {self.grid.size} values from "
            f"{self.grid[0]:g} to {self.grid[-1]:g}); {outcome}"
        )


def search_single_unit(target="XOR", grid=None):
    """Try every two-input unit on a grid of weights and thresholds.

    Each triple ``(w1, w2, threshold)`` with values from ``grid`` is applied to
    the four inputs (0,0), (0,1), (1,0), (1,1); the triples whose outputs equal
    ``target`` are returned. For XOR the list is empty on any grid, because a
    single unit's boundary :math:`w_1 x_1 + w_2 x_2 = \\theta` is a line.

    Parameters
    ----------
    target : str or array-like of shape (4,), default="XOR"
        One of "AND", "OR", "NAND", "NOR", "XOR", "XNOR", or four 0/1 outputs.
    grid : array-like of shape (n_values,), optional
        Values tried for each weight and the threshold. The default is
        ``np.linspace(-3, 3, 25)``, that is 25**3 = 15625 units.

    Returns
    -------
    UnitSearch

    Examples
    --------
    >>> from mllesson import search_single_unit
    >>> search_single_unit("XOR").found
    False
    >>> search_single_unit("AND").found
    True
    """
    if isinstance(target, str):
        if target not in _TWO_INPUT_TARGETS:
            choices = ", ".join(repr(k) for k in _TWO_INPUT_TARGETS)
            raise ValueError(f"target must be one of {choices}; got {target!r}")
        target = _TWO_INPUT_TARGETS[target]
    target = check_binary_labels(target, "target").astype(np.int64)
    if target.shape[0] != 4:
        raise ValueError(
            f"target must hold 4 outputs, one per input row, got {target.shape[0]}"
        )
    grid = np.linspace(-3.0, 3.0, 25) if grid is None else grid
    grid = as_float_array(grid, "grid", ndim=1)
    # Every triple at once: (n**3, 3) candidates, then (n**3, 4) outputs.
    w1, w2, t = (a.ravel() for a in np.meshgrid(grid, grid, grid, indexing="ij"))
    sums = np.outer(w1, TRUTH_TABLE_INPUTS[:, 0]) + np.outer(
        w2, TRUTH_TABLE_INPUTS[:, 1]
    )  # (n**3, 4)
    outputs = sums >= t[:, np.newaxis]
    hit = (outputs == target.astype(bool)).all(axis=1)
    matches = np.column_stack([w1[hit], w2[hit], t[hit]])
    return UnitSearch(target, grid, int(w1.size), matches)


def _perceptron_fit(X, y, eta, epochs, shuffle, rng, history=None):
    """Rosenblatt's rule from zero weights; ``history`` collects [b, w] per update.

    The estimator's loop: :func:`perceptron_fit` without the input checks of
    every step, and recording the weights (a test checks that they agree).
    """
    m, n = X.shape
    theta = np.zeros(n + 1)  # [b, w_1, ..., w_n]
    errors = []
    for _ in range(epochs):
        order = rng.permutation(m) if shuffle else range(m)
        mistakes = 0
        for i in order:  # the rule is online: one example at a time
            x_i = X[i]
            y_hat = 1.0 if x_i @ theta[1:] + theta[0] >= 0 else 0.0
            update = eta * (y[i] - y_hat)
            if update:
                theta[0] += update
                theta[1:] += update * x_i
                mistakes += 1
                if history is not None:
                    history.append(theta.copy())
        errors.append(mistakes)
        if mistakes == 0:
            break
    return theta[1:].copy(), float(theta[0]), errors


def perceptron_update(w, b, x, y, learning_rate=1.0):
    r"""One step of Rosenblatt's rule on a single example.

    The unit predicts :math:`\hat y = [w^\top x + b \ge 0]`; when that is
    wrong it moves the boundary towards the example, and when it is right it
    changes nothing:

    .. math:: w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad
        b \leftarrow b + \eta\,(y - \hat y)

    Parameters
    ----------
    w : array-like of shape (n_features,)
    b : float
    x : array-like of shape (n_features,)
        One example.
    y : {0, 1}
        Its label.
    learning_rate : float, default=1.0
        The step :math:`\eta`.

    Returns
    -------
    w : ndarray of shape (n_features,)
        New weights; the inputs are not modified.
    b : float

    Notes
    -----
    See the book, chapter "The perceptron". :func:`perceptron_fit` applies
    this rule to every example in turn.

    Examples
    --------
    >>> from mllesson import perceptron_update
    >>> perceptron_update([0.0, 0.0], 0.0, [1.0, 2.0], 0)  # predicted 1: wrong
    (array([-1., -2.]), -1.0)
    >>> perceptron_update([0.0, 0.0], 0.0, [1.0, 2.0], 1)  # right: no change
    (array([0., 0.]), 0.0)
    """
    w = as_float_array(w, "w", ndim=1)
    x = as_float_array(x, "x", ndim=1)
    if x.shape[0] != w.shape[0]:
        raise ValueError(
            f"x has {x.shape[0]} features but w has {w.shape[0]}; they must match"
        )
    b = float(as_float_array(b, "b", ndim=0))
    y = check_binary_labels(np.reshape(as_float_array(y, "y", ndim=0), 1), "y")[0]
    eta = check_positive_float(learning_rate, "learning_rate")
    y_hat = 1.0 if x @ w + b >= 0 else 0.0
    update = eta * (y - y_hat)
    return w + update * x, float(b + update)


def perceptron_fit(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
    r"""Train a perceptron from zero weights with Rosenblatt's rule.

    Each epoch visits every example once (in a new random order if
    ``shuffle``) and applies :func:`perceptron_update`. Training stops after
    the first epoch without a mistake; on data that no line separates that
    never happens, and all ``epochs`` run.

    .. math:: w \leftarrow w + \eta\,(y_i - \hat y_i)\,x_i, \qquad
        b \leftarrow b + \eta\,(y_i - \hat y_i)

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Labels 0 and 1.
    learning_rate : float, default=1.0
    epochs : int, default=100
        The most passes over the data.
    shuffle : bool, default=True
    rng : None, int or numpy.random.Generator
        Source of the shuffling.

    Returns
    -------
    w : ndarray of shape (n_features,)
    b : float
    errors : ndarray of shape (n_epochs_run,), dtype int64
        Mistakes (hence updates) in each epoch; the last is 0 exactly when
        training converged.

    Notes
    -----
    See the book, chapter "The perceptron". :class:`Perceptron` is the
    same rule as an estimator.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import perceptron_fit
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> w, b, errors = perceptron_fit(X, [0, 0, 0, 1], shuffle=False)  # AND
    >>> w, b, errors
    (array([2., 1.]), -3.0, array([2, 3, 3, 2, 1, 0]))
    """
    X = check_X(X)
    y = check_binary_labels(y)
    check_consistent_length(X, y)
    eta = check_positive_float(learning_rate, "learning_rate")
    epochs = check_positive_int(epochs, "epochs")
    rng = check_rng(rng)
    m, n = X.shape
    w, b = np.zeros(n), 0.0
    errors = []
    for _ in range(epochs):
        order = rng.permutation(m) if shuffle else range(m)
        mistakes = 0
        for i in order:  # online: one example at a time
            wrong = (X[i] @ w + b >= 0) != y[i]
            w, b = perceptron_update(w, b, X[i], y[i], eta)  # no change when right
            mistakes += int(wrong)
        errors.append(mistakes)
        if mistakes == 0:  # a whole epoch without a mistake: converged
            break
    return w, b, np.array(errors, dtype=np.int64)


class Perceptron(ClassifierMixin, BaseEstimator):
    r"""Rosenblatt's perceptron for labels in {0, 1}.

    For each example in turn it predicts :math:`\hat y = [w^\top x + b \ge 0]`
    and, when wrong, moves the boundary towards the example:

    .. math:: w \leftarrow w + \eta\,(y - \hat y)\,x, \qquad
        b \leftarrow b + \eta\,(y - \hat y)

    Training stops after the first epoch without a mistake. On data that no
    line separates (XOR) that never happens: it runs all ``epochs`` and then
    warns with :class:`ConvergenceWarning`.

    Parameters
    ----------
    learning_rate : float, default=1.0
        The step :math:`\eta`. Starting from zero weights, it only rescales
        the weights, never changing the predictions.
    epochs : int, default=100
        The most passes over the data.
    shuffle : bool, default=True
        Visit the examples in a new random order each epoch.
    rng : None, int or numpy.random.Generator
        Source of the shuffling.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    errors_ : list of int
        Mistakes (hence updates) in each epoch.
    n_iter_ : int
        Epochs run.
    converged_ : bool
        Whether the last epoch had no mistakes.
    weights_history_ : ndarray of shape (n_updates + 1, n_features + 1)
        ``[b, w_1, ..., w_n]`` at the start and after every update, for
        animating the boundary.

    Notes
    -----
    See the book, chapter "The perceptron".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import Perceptron
    >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    >>> clf = Perceptron(rng=0).fit(X, [0, 0, 0, 1])  # AND
    >>> clf.predict(X), clf.converged_
    (array([0, 0, 0, 1]), True)
    """

    def __init__(self, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.shuffle = shuffle
        self.rng = rng

    def fit(self, X, y):
        """Learn ``coef_`` and ``intercept_`` from ``X`` and 0/1 labels ``y``."""
        X = check_X(X)
        y = check_binary_labels(y)
        check_consistent_length(X, y)
        eta = check_positive_float(self.learning_rate, "learning_rate")
        epochs = check_positive_int(self.epochs, "epochs")
        rng = check_rng(self.rng)

        history = [np.zeros(X.shape[1] + 1)]
        w, b, errors = _perceptron_fit(X, y, eta, epochs, self.shuffle, rng, history)

        self.intercept_ = b
        self.coef_ = w
        self.errors_ = errors
        self.n_iter_ = len(errors)
        self.converged_ = errors[-1] == 0
        self.weights_history_ = np.array(history)
        self.classes_ = np.array([0, 1])
        if not self.converged_:
            warnings.warn(
                f"the perceptron still made {errors[-1]} mistakes in its last "
                f"epoch ({epochs} epochs run); the data are probably not "
                "linearly separable, so the rule cannot converge. Increase "
                "epochs only if you expect a separating line.",
                ConvergenceWarning,
                stacklevel=2,
            )
        return self

    def decision_function(self, X):
        """The weighted sum ``w^T x + b`` for each row of ``X``."""
        self._check_fitted("coef_")
        X = self._check_n_features(X, self.coef_.shape[0])
        return X @ self.coef_ + self.intercept_

    def predict(self, X):
        """Labels in {0, 1}: 1 where the weighted sum is at least 0."""
        return (self.decision_function(X) >= 0).astype(np.int64)


__all__ = [
    "ConvergenceWarning",
    "LOGIC_GATES",
    "Perceptron",
    "ThresholdUnit",
    "TRUTH_TABLE_INPUTS",
    "UnitSearch",
    "XOR_NETWORK",
    "mcculloch_pitts",
    "perceptron_fit",
    "perceptron_update",
    "search_single_unit",
    "threshold_network",
    "xor_network",
]
