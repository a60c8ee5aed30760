"""Binary logistic regression: hypothesis, cost, gradient and an estimator.

The functional API takes ``theta`` of shape (n_features + 1,) and an ``X`` that
already starts with a column of ones (see :func:`mllesson.add_intercept`);
``theta[0]`` is the intercept and is never penalised. See the book, chapters
"The hypothesis", "The cost function" and "Gradient descent".
"""

import numpy as np

from ._base import BaseEstimator, ClassifierMixin
from ._validation import (
    check_binary_labels,
    check_consistent_length,
    check_non_negative_float,
    check_option,
    check_positive_float,
    check_positive_int,
    check_theta,
    check_X,
    checked_after,
)
from .activations import _sigmoid, sigmoid
from .features import add_intercept
from .optim import gradient_descent, sgd

_NO_LABELS = object()  # so that a y of None is refused, not taken as "no y"


def _check_problem(theta, X, y=_NO_LABELS, *, finite_X=True):
    """Validate the functional API's arguments once, at the door.

    With ``finite_X=False`` the pass over ``X`` that looks for NaN and inf is
    left to the caller, who computes through :func:`checked_after`.
    """
    X = check_X(X, finite=finite_X)
    theta = check_theta(theta, X.shape[1])
    if y is _NO_LABELS:
        return theta, X
    y = check_binary_labels(y)
    check_consistent_length(X, y)
    return theta, X, y


def _penalty_weights(theta):
    # theta with the intercept zeroed: the part that L2 regularisation sees.
    w = theta.copy()
    w[0] = 0.0
    return w


def _logistic_gradient_residual(z, y):
    """``sigma(z) - y``, computed in a new array (``z`` is left alone)."""
    # 1 / (1 + e^-z) keeps full relative precision; e^-z may overflow to inf,
    # which correctly gives sigma = 0.
    r = np.negative(z)
    with np.errstate(over="ignore"):
        np.exp(r, out=r)
    r += 1.0
    np.divide(1.0, r, out=r)
    r -= y
    return r


#: Bytes of X per block of rows in the gradient kernels. A block this size is
#: still in the processor's cache (tens of MB on a server, several on a
#: laptop) when ``X.T @ r`` reads it again after ``X @ theta``, so a large X
#: crosses the memory bus once per gradient instead of twice; and it is large
#: enough that the dozen numpy calls per block cost little (the benchmarks' B1).
_BLOCK_BYTES = 4 << 20


def _row_blocks(X):
    """Slices of ``X``'s rows, each about :data:`_BLOCK_BYTES` of it."""
    rows = max(64, _BLOCK_BYTES // (X.itemsize * max(X.shape[1], 1)))
    return [slice(start, start + rows) for start in range(0, X.shape[0], rows)]


def _logistic_gradient(theta, X, y, lam):
    """Logits ``z`` and the gradient, with no input checks and no cost."""
    m = X.shape[0]
    z = np.empty(m)
    grad = np.zeros(X.shape[1])
    for rows in _row_blocks(X):
        block = X[rows]
        np.matmul(block, theta, out=z[rows])
        grad += block.T @ _logistic_gradient_residual(z[rows], y[rows])
    grad /= m
    grad += (lam / m) * _penalty_weights(theta)
    return z, grad


def _logistic_cost_gradient(theta, X, y, lam):
    """Cost and gradient with no input checks, tuned for the training loops.

    It computes what :func:`logistic_cost_gradient` computes (a test checks
    that they agree). The two matrix products dominate. They run block by
    block of rows (:func:`_row_blocks`), so that the second reads the block
    from cache; everything else works in place in each block's ``z`` and one
    scratch array ``r``, because fresh temporaries cost as much again as the
    products (see the benchmarks' B1).
    """
    m = X.shape[0]
    w = _penalty_weights(theta)
    grad = np.zeros(X.shape[1])
    total = 0.0
    for rows in _row_blocks(X):  # each block read twice, from cache the second time
        block, labels = X[rows], y[rows]
        z = block @ theta
        r = _logistic_gradient_residual(z, labels)
        grad += block.T @ r
        total += _summed_loss(z, labels, r)
    grad = grad / m + (lam / m) * w  # (n+1,)
    J = total / m + lam / (2 * m) * (w @ w)
    return float(J), grad


def _logistic_cost(theta, X, y, lam):
    """The cost alone, with no input checks: one matrix product, in place."""
    m = X.shape[0]
    z = X @ theta
    w = _penalty_weights(theta)
    return _summed_loss(z, y, np.empty_like(z)) / m + lam / (2 * m) * (w @ w)


def _summed_loss(z, y, r):
    """The summed loss over logits ``z``; overwrites ``z`` and scratch ``r``."""
    # The loss max(z, 0) - y z + log1p(e^-|z|) (as losses.py writes it), summed
    # as two non-negative parts so that nothing cancels.
    np.abs(z, out=r)
    np.negative(r, out=r)
    np.exp(r, out=r)
    np.log1p(r, out=r)
    total = r.sum()
    np.multiply(y, z, out=r)
    np.maximum(z, 0.0, out=z)
    z -= r  # exact for labels in {0, 1}
    return total + z.sum()


def hypothesis(theta, X):
    r"""The predicted probability that each example belongs to class 1.

    .. math:: h_\theta(x) = \sigma(\theta^\top x)

    Parameters
    ----------
    theta : array-like of shape (n_features + 1,)
    X : array-like of shape (n_samples, n_features + 1)
        With the leading column of ones.

    Returns
    -------
    ndarray of shape (n_samples,)
        Probabilities in [0, 1].

    Notes
    -----
    Equation :math:`h_\theta(x)` in the book, chapter "The hypothesis".

    Examples
    --------
    >>> from mllesson import hypothesis
    >>> hypothesis([0.0, 1.0], [[1.0, 0.0], [1.0, 2.0]])
    array([0.5       , 0.88079708])
    """
    theta, X = _check_problem(theta, X)
    return _sigmoid(X @ theta)


def predict(theta, X, threshold=0.5):
    r"""Class labels: 1 where the probability is at least ``threshold``.

    .. math:: \hat y = [h_\theta(x) \ge t]

    Parameters
    ----------
    theta : array-like of shape (n_features + 1,)
    X : array-like of shape (n_samples, n_features + 1)
    threshold : float, default=0.5
        A probability strictly between 0 and 1.

    Returns
    -------
    ndarray of shape (n_samples,), dtype int64
        Labels in {0, 1}.

    Examples
    --------
    >>> from mllesson import predict
    >>> predict([0.0, 1.0], [[1.0, -3.0], [1.0, 0.0], [1.0, 3.0]])
    array([0, 1, 1])
    """
    theta, X = _check_problem(theta, X)
    threshold = check_positive_float(threshold, "threshold")
    if threshold >= 1:
        raise ValueError(f"threshold must be between 0 and 1, got {threshold}")
    return (_sigmoid(X @ theta) >= threshold).astype(np.int64)


def logistic_cost(theta, X, y, lam=0.0):
    r"""Mean log-loss, plus an L2 penalty that leaves the intercept alone.

    .. math:: J(\theta) = -\frac{1}{m}\sum_{i=1}^m \left[y_i \log h_i + (1-y_i)
        \log(1-h_i)\right] + \frac{\lambda}{2m}\sum_{j\ge1}\theta_j^2

    Computed from the logits :math:`z = X\theta` as
    ``log(1 + e^z) - y*z`` (in the stable form
    ``max(z, 0) - y*z + log1p(exp(-|z|))``), which is finite even where
    :math:`h` rounds to 0 or 1.

    Parameters
    ----------
    theta : array-like of shape (n_features + 1,)
    X : array-like of shape (n_samples, n_features + 1)
    y : array-like of shape (n_samples,)
        Labels in {0, 1}.
    lam : float, default=0.0
        Regularisation strength :math:`\lambda \ge 0`.

    Returns
    -------
    float

    Notes
    -----
    See the book, chapter "The cost function", and "Regularisation" for the
    penalty.

    Examples
    --------
    At ``theta = 0`` every prediction is 0.5, so the cost is ln 2 for any data:

    >>> import numpy as np
    >>> from mllesson import logistic_cost
    >>> X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.5]])
    >>> round(logistic_cost(np.zeros(2), X, [1, 0, 1]), 6)
    0.693147
    """
    theta, X, y = _check_problem(theta, X, y, finite_X=False)
    lam = check_non_negative_float(lam, "lam")
    # X's NaN/inf check only when needed: every entry of X enters z (inf * 0
    # is NaN), and a non-finite z makes the summed loss non-finite.
    (cost,) = checked_after(
        lambda: (np.asarray(_logistic_cost(theta, X, y, lam)),), X, "X"
    )
    return float(cost)


def logistic_gradient(theta, X, y, lam=0.0):
    r"""Gradient of :func:`logistic_cost` with respect to ``theta``.

    .. math:: \nabla J = \frac{1}{m} X^\top (\sigma(X\theta) - y)
        + \frac{\lambda}{m} [0, \theta_1, \dots, \theta_n]

    Parameters
    ----------
    theta, X, y, lam
        As in :func:`logistic_cost`.

    Returns
    -------
    ndarray of shape (n_features + 1,)

    Notes
    -----
    Derived in the book, chapter "Gradient descent", from
    :math:`\partial J / \partial z = h - y`.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import logistic_gradient
    >>> X = np.array([[1.0, 2.0], [1.0, -1.0]])
    >>> logistic_gradient(np.zeros(2), X, [1, 0])  # ((0.5-1)*[1,2] + 0.5*[1,-1]) / 2
    array([ 0.  , -0.75])
    """
    theta, X, y = _check_problem(theta, X, y, finite_X=False)
    lam = check_non_negative_float(lam, "lam")
    # X's NaN/inf check only when needed: z holds X's rows as dot products,
    # grad its columns, so whichever way the BLAS runs, one of them sees it.
    _, grad = checked_after(lambda: _logistic_gradient(theta, X, y, lam), X, "X")
    return grad


def logistic_cost_gradient(theta, X, y, lam=0.0):
    r"""Cost and gradient together, sharing one forward pass.

    .. math:: J = \frac{1}{m}\sum_i \mathcal{L}(z_i, y_i)
        + \frac{\lambda}{2m}\lVert w\rVert^2, \quad
        \nabla J = \frac{1}{m} X^\top (\sigma(z) - y) + \frac{\lambda}{m} w

    with :math:`z = X\theta` and :math:`w = (0, \theta_1, \dots, \theta_n)`.
    Pass it to :func:`mllesson.gradient_descent` with ``gradient=True``.

    This is the readable form, written as the book derives it. The package's
    own training loops call a kernel tuned for speed that works in place (the
    benchmarks' B1); a test checks that the two agree.

    Parameters
    ----------
    theta, X, y, lam
        As in :func:`logistic_cost`.

    Returns
    -------
    cost : float
    grad : ndarray of shape (n_features + 1,)

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import logistic_cost_gradient
    >>> J, grad = logistic_cost_gradient(np.zeros(2), [[1.0, 2.0], [1.0, -1.0]], [1, 0])
    >>> round(J, 6), grad
    (0.693147, array([ 0.  , -0.75]))
    """
    theta, X, y = _check_problem(theta, X, y)
    lam = check_non_negative_float(lam, "lam")
    m = X.shape[0]
    z = X @ theta  # (m,) the logits
    # log(1 + e^z) - y z, written so that exp never overflows and log1p keeps a
    # tiny loss (a confident right answer) instead of rounding it to 0
    losses = np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))  # (m,)
    w = theta.copy()
    w[0] = 0.0  # the intercept is not penalised
    cost = losses.mean() + lam / (2 * m) * (w @ w)
    grad = X.T @ (sigmoid(z) - y) / m + (lam / m) * w  # (n+1,)
    return float(cost), grad


def sigmoid_mse_cost(theta, X, y):
    r"""Squared error through the sigmoid: the cost logistic regression avoids.

    .. math:: J(\theta) = \frac{1}{2m}\sum_{i=1}^m (\sigma(\theta^\top x_i) - y_i)^2

    It is not convex in ``theta``, so gradient descent can stall on its flat
    plateaus; the book plots it beside the convex log-loss.

    Parameters
    ----------
    theta, X, y
        As in :func:`logistic_cost`.

    Returns
    -------
    float

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import sigmoid_mse_cost
    >>> sigmoid_mse_cost(np.zeros(2), [[1.0, 2.0], [1.0, -1.0]], [1, 0])  # 0.5**2/2
    0.125
    """
    theta, X, y = _check_problem(theta, X, y)
    r = _sigmoid(X @ theta) - y
    return float(r @ r / (2 * X.shape[0]))


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """Binary logistic regression trained by gradient descent.

    Unlike the functional API, the estimator takes raw features and adds the
    intercept itself.

    Parameters
    ----------
    lam : float, default=0.0
        L2 regularisation strength; the intercept is not penalised.
    learning_rate : float, default=0.1
    n_iters : int, default=1000
        Steps of batch gradient descent, or epochs of SGD.
    solver : {'gd', 'sgd'}, default='gd'
        Batch gradient descent, or mini-batch SGD.
    batch_size : int, default=32
        Used by ``solver='sgd'`` only.
    rng : None, int or numpy.random.Generator
        Shuffling for ``solver='sgd'``.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    theta_ : ndarray of shape (n_features + 1,)
        ``[intercept_, *coef_]``, for the functional API.
    loss_history_ : ndarray of shape (n_iters,)
        The regularised cost before each step (or each epoch for SGD).
    classes_ : ndarray of shape (2,)

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import LogisticRegression
    >>> X = np.array([[0.0], [1.0], [2.0], [3.0]])
    >>> clf = LogisticRegression(learning_rate=0.5, n_iters=2000).fit(X, [0, 0, 1, 1])
    >>> clf.predict([[0.2], [2.8]])
    array([0, 1])
    >>> clf.score(X, [0, 0, 1, 1])
    1.0
    """

    def __init__(
        self,
        lam=0.0,
        learning_rate=0.1,
        n_iters=1000,
        solver="gd",
        batch_size=32,
        rng=None,
    ):
        self.lam = lam
        self.learning_rate = learning_rate
        self.n_iters = n_iters
        self.solver = solver
        self.batch_size = batch_size
        self.rng = rng

    def fit(self, X, y):
        """Learn ``theta_`` from ``X`` (n_samples, n_features) and 0/1 labels ``y``."""
        X = add_intercept(X)
        y = check_binary_labels(y)
        check_consistent_length(X, y)
        check_option(self.solver, "solver", ("gd", "sgd"))
        lam = check_non_negative_float(self.lam, "lam")
        check_positive_int(self.n_iters, "n_iters")  # sgd would call it epochs
        theta0 = np.zeros(X.shape[1])
        common = dict(learning_rate=self.learning_rate, lam=lam)
        if self.solver == "gd":
            theta, history = gradient_descent(
                _logistic_cost_gradient, True, theta0, X, y,
                n_iters=self.n_iters, **common,
            )  # fmt: skip
        else:
            theta, history = sgd(
                _logistic_cost_gradient, True, theta0, X, y,
                epochs=self.n_iters, batch_size=self.batch_size, rng=self.rng,
                **common,
            )  # fmt: skip
        self.theta_ = theta
        self.intercept_ = float(theta[0])
        self.coef_ = theta[1:]
        self.loss_history_ = history
        self.classes_ = np.array([0, 1])
        return self

    def decision_function(self, X):
        """The logit ``theta^T x`` for each row of ``X``."""
        self._check_fitted("theta_")
        X = self._check_n_features(X, self.coef_.shape[0])
        return X @ self.coef_ + self.intercept_

    def predict_proba(self, X):
        """Probabilities of shape (n_samples, 2): columns for class 0 and 1."""
        p1 = _sigmoid(self.decision_function(X))
        return np.column_stack([1.0 - p1, p1])

    def predict(self, X):
        """Labels in {0, 1}, thresholded at probability 0.5."""
        return (self.decision_function(X) >= 0).astype(np.int64)


__all__ = [
    "hypothesis",
    "predict",
    "logistic_cost",
    "logistic_gradient",
    "logistic_cost_gradient",
    "sigmoid_mse_cost",
    "LogisticRegression",
]
