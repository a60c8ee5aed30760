"""Regularised linear regression: cost, gradient, normal equation, estimator.

It shares logistic regression's conventions: ``theta[0]`` is the intercept,
``X`` starts with a column of ones, and the L2 penalty
:math:`\\frac{\\lambda}{2m}\\sum_{j\\ge1}\\theta_j^2` leaves the intercept alone.
See the book, chapter "Regularisation".
"""

import numpy as np

from ._base import BaseEstimator
from ._validation import (
    as_float_array,
    check_consistent_length,
    check_non_negative_float,
    check_option,
    check_theta,
    check_X,
)
from .features import add_intercept
from .optim import gradient_descent


def _check_regression(theta, X, y):
    X = check_X(X)
    theta = check_theta(theta, X.shape[1])
    y = as_float_array(y, "y", ndim=1)
    check_consistent_length(X, y)
    return theta, X, y


def linear_cost_gradient(theta, X, y, lam=0.0):
    r"""Cost and gradient of regularised linear regression, from one residual.

    .. math:: J = \frac{1}{2m}\left(\lVert X\theta - y\rVert^2
        + \lambda \lVert w\rVert^2\right), \quad
        \nabla J = \frac{1}{m}\left(X^\top (X\theta - y) + \lambda w\right)

    with :math:`w = (0, \theta_1, \dots, \theta_n)`: the intercept is not
    penalised. Pass it to :func:`mllesson.gradient_descent` with
    ``gradient=True``.

    Parameters
    ----------
    theta, X, y, lam
        As in :func:`linear_cost`.

    Returns
    -------
    cost : float
    grad : ndarray of shape (n_features + 1,)

    Notes
    -----
    See the book, chapter "Regularisation".

    Examples
    --------
    >>> from mllesson import linear_cost_gradient
    >>> # residuals [0, -2]: J = (4 + 2 * 1) / 4, grad = ([-2, -4] + [0, 2]) / 2
    >>> linear_cost_gradient([0.0, 1.0], [[1.0, 1.0], [1.0, 2.0]], [1.0, 4.0], lam=2.0)
    (1.5, array([-1., -1.]))
    """
    theta, X, y = _check_regression(theta, X, y)
    lam = check_non_negative_float(lam, "lam")
    m = X.shape[0]
    r = X @ theta - y  # (m,) residuals
    w = theta.copy()
    w[0] = 0.0  # the intercept is not penalised
    J = (r @ r + lam * (w @ w)) / (2 * m)
    grad = (X.T @ r + lam * w) / m  # (n+1,)
    return float(J), grad


def linear_cost(theta, X, y, lam=0.0):
    r"""Half the mean squared error, plus the L2 penalty.

    .. math:: J(\theta) = \frac{1}{2m}\sum_{i=1}^m (\theta^\top x_i - y_i)^2
        + \frac{\lambda}{2m}\sum_{j\ge1}\theta_j^2

    Parameters
    ----------
    theta : array-like of shape (n_features + 1,)
    X : array-like of shape (n_samples, n_features + 1)
        With the leading column of ones.
    y : array-like of shape (n_samples,)
        Real-valued targets.
    lam : float, default=0.0

    Returns
    -------
    float

    Examples
    --------
    >>> from mllesson import linear_cost
    >>> linear_cost([0.0, 1.0], [[1.0, 1.0], [1.0, 2.0]], [1.0, 4.0])  # (0 + 4) / 4
    1.0
    """
    return linear_cost_gradient(theta, X, y, lam)[0]


def linear_gradient(theta, X, y, lam=0.0):
    r"""Gradient of :func:`linear_cost`.

    .. math:: \nabla J = \frac{1}{m}\left(X^\top (X\theta - y)
        + \lambda [0, \theta_1, \dots, \theta_n]\right)

    One gradient step is therefore
    :math:`\theta_j \leftarrow \theta_j(1 - \alpha\lambda/m) - \frac{\alpha}{m}
    \sum_i (h_i - y_i) x_{ij}` for :math:`j \ge 1`.

    Returns
    -------
    ndarray of shape (n_features + 1,)

    Examples
    --------
    >>> from mllesson import linear_gradient
    >>> # residuals [0, -2]; (X^T r + lam * [0, 1]) / m = ([-2, -4] + [0, 2]) / 2
    >>> linear_gradient([0.0, 1.0], [[1.0, 1.0], [1.0, 2.0]], [1.0, 4.0], lam=2.0)
    array([-1., -1.])
    """
    return linear_cost_gradient(theta, X, y, lam)[1]


def normal_equation(X, y, lam=0.0):
    r"""The exact minimiser of :func:`linear_cost`, in closed form.

    .. math:: \theta = (X^\top X + \lambda L)^{-1} X^\top y,\quad
        L = \operatorname{diag}(0, 1, \dots, 1)

    Solved with ``numpy.linalg.lstsq`` rather than an explicit inverse, so a
    singular :math:`X^\top X` (more features than examples, ``lam = 0``) gives
    the minimum-norm solution instead of an error.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features + 1)
        With the leading column of ones.
    y : array-like of shape (n_samples,)
    lam : float, default=0.0

    Returns
    -------
    ndarray of shape (n_features + 1,)

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import normal_equation
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> np.round(normal_equation(X, [1.0, 3.0, 5.0]), 10)
    array([1., 2.])
    """
    X = check_X(X)
    y = as_float_array(y, "y", ndim=1)
    check_consistent_length(X, y)
    lam = check_non_negative_float(lam, "lam")
    L = np.eye(X.shape[1])
    L[0, 0] = 0.0
    A = X.T @ X + lam * L  # (n+1, n+1)
    return np.linalg.lstsq(A, X.T @ y, rcond=None)[0]


class LinearRegression(BaseEstimator):
    """Least squares with an optional L2 penalty on the non-intercept weights.

    Parameters
    ----------
    lam : float, default=0.0
    solver : {'normal', 'gd'}, default='normal'
        The closed form, or batch gradient descent.
    learning_rate : float, default=0.1
    n_iters : int, default=1000
        Used by ``solver='gd'`` only.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
    intercept_ : float
    theta_ : ndarray of shape (n_features + 1,)
    loss_history_ : ndarray of shape (n_iters,)
        Only for ``solver='gd'``.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import LinearRegression
    >>> reg = LinearRegression().fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    >>> round(reg.intercept_, 6), np.round(reg.coef_, 6)
    (1.0, array([2.]))
    >>> reg.predict([[3.0]])
    array([7.])
    """

    def __init__(self, lam=0.0, solver="normal", learning_rate=0.1, n_iters=1000):
        self.lam = lam
        self.solver = solver
        self.learning_rate = learning_rate
        self.n_iters = n_iters

    def fit(self, X, y):
        """Fit on ``X`` of shape (n_samples, n_features) and real ``y``."""
        X = add_intercept(X)
        y = as_float_array(y, "y", ndim=1)
        check_consistent_length(X, y)
        lam = check_non_negative_float(self.lam, "lam")
        check_option(self.solver, "solver", ("normal", "gd"))
        if self.solver == "normal":
            theta = normal_equation(X, y, lam)
        else:
            theta, self.loss_history_ = gradient_descent(
                linear_cost_gradient, True, np.zeros(X.shape[1]), X, y,
                learning_rate=self.learning_rate, n_iters=self.n_iters, lam=lam,
            )  # fmt: skip
        self.theta_ = theta
        self.intercept_ = float(theta[0])
        self.coef_ = theta[1:]
        return self

    def predict(self, X):
        """Predicted targets, shape (n_samples,)."""
        self._check_fitted("theta_")
        X = self._check_n_features(X, self.coef_.shape[0])
        return X @ self.coef_ + self.intercept_

    def score(self, X, y):
        """The coefficient of determination R^2 of the predictions."""
        y = as_float_array(y, "y", ndim=1)
        predictions = self.predict(X)
        check_consistent_length(predictions, y)
        residual = y - predictions
        total = y - y.mean()
        if total @ total == 0:  # constant y: R^2 is 1 for a perfect fit, else 0
            return 1.0 if residual @ residual == 0 else 0.0
        return float(1.0 - (residual @ residual) / (total @ total))
