"""Multiclass classification: one-vs-all logistic regression and softmax regression.

Both models have one row of parameters per class, stacked into ``Theta`` of
shape (n_classes, n_features + 1); column 0 holds the intercepts, which are
never penalised. As everywhere in the functional API, ``X`` already starts
with a column of ones (see :func:`mllesson.add_intercept`) and labels are
0..K-1.

- **One-vs-all** trains K independent binary logistic regressions, class k
  against the rest, with :func:`mllesson.gradient_descent`; it predicts the
  class whose classifier is most confident.
- **Softmax regression** trains the K rows jointly on the cross-entropy of a
  softmax. :func:`mllesson.gradient_descent` works on 1-D parameter vectors,
  so the optimiser sees ``Theta.ravel()`` (row by row, class 0 first) and the
  model reshapes it back to (K, n_features + 1).

See the book, chapter "Multiclass classification".
"""

import numpy as np

from ._base import BaseEstimator, ClassifierMixin
from ._validation import (
    as_float_array,
    check_class_labels,
    check_consistent_length,
    check_non_negative_float,
    check_positive_float,
    check_positive_int,
    check_X,
)
from .activations import _softmax, softmax
from .features import add_intercept
from .logistic import _logistic_cost_gradient
from .losses import _categorical_cross_entropy_with_logits
from .optim import gradient_descent

# --- checks ------------------------------------------------------------------


def _check_Theta(Theta, n_columns, name="Theta"):
    """A 2-D (n_classes, n_columns) parameter matrix matching X's columns."""
    Theta = as_float_array(Theta, name, ndim=2)
    if Theta.shape[1] != n_columns:
        raise ValueError(
            f"{name} has shape {Theta.shape} but X has {n_columns} columns; "
            f"{name} must have shape (n_classes, {n_columns}) "
            "(did you forget add_intercept?)"
        )
    return Theta


def _check_multiclass_problem(Theta, X, y=None, name="Theta"):
    """Validate the functional API's arguments once, at the door."""
    X = check_X(X)
    Theta = _check_Theta(Theta, X.shape[1], name)
    if y is None:
        return Theta, X
    y, _ = check_class_labels(y, Theta.shape[0])
    check_consistent_length(X, y)
    return Theta, X, y


def _one_hot(y, n_classes):
    # The kernel of one_hot, for int64 labels the caller has already checked.
    Y = np.zeros((y.shape[0], n_classes))  # (m, K)
    Y[np.arange(y.shape[0]), y] = 1.0
    return Y


def one_hot(y, n_classes=None):
    r"""Class labels 0..K-1 as one-hot rows: row i is 1 in column ``y[i]``.

    .. math:: Y_{ik} = [y^{(i)} = k]

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Integer class labels in 0..n_classes-1.
    n_classes : int or None, default=None
        The number of classes K, the number of columns; None for
        ``max(y) + 1``.

    Returns
    -------
    Y : ndarray of shape (n_samples, n_classes)
        Float 0s and 1s, one 1 per row.

    Notes
    -----
    See the book, chapter "Multiclass classification", where softmax
    regression's cross-entropy compares probabilities with these rows.

    Examples
    --------
    >>> from mllesson import one_hot
    >>> one_hot([0, 2, 1])
    array([[1., 0., 0.],
           [0., 0., 1.],
           [0., 1., 0.]])
    >>> one_hot([1], n_classes=4)
    array([[0., 1., 0., 0.]])
    """
    if n_classes is not None:
        n_classes = check_positive_int(n_classes, "n_classes")
    y, n_classes = check_class_labels(y, n_classes)
    return _one_hot(y, n_classes)


def _check_at_least_two_classes(n_classes, name="y"):
    if n_classes < 2:
        raise ValueError(
            f"{name} has only one class (label 0); a classifier needs at least two"
        )


# --- one-vs-all --------------------------------------------------------------


def _fit_one_vs_all(X, y, n_classes, lam, learning_rate, n_iters):
    """Train the K binary classifiers on checked data.

    Returns ``all_theta`` of shape (K, n+1) and the cost histories of shape
    (K, n_iters), padded with NaN after a run that diverged and stopped early.
    """
    learning_rate = check_positive_float(learning_rate, "learning_rate")
    n_iters = check_positive_int(n_iters, "n_iters")
    all_theta = np.empty((n_classes, X.shape[1]))
    histories = np.full((n_classes, n_iters), np.nan)
    for k in range(n_classes):  # one binary problem per class, not per sample
        is_k = (y == k).astype(np.float64)
        theta, history = gradient_descent(
            _logistic_cost_gradient, True, np.zeros(X.shape[1]), X, is_k,
            learning_rate=learning_rate, n_iters=n_iters, lam=lam,
        )  # fmt: skip
        all_theta[k] = theta
        histories[k, : history.shape[0]] = history
    return all_theta, histories


def one_vs_all(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    r"""Train one logistic regression per class, that class against the rest.

    Row k of the result minimises the regularised logistic cost for the
    binary labels :math:`[y = k]`:

    .. math:: \theta^{(k)} = \arg\min_\theta J(\theta;\ X,\ [y = k]) \quad
        \text{for } k = 0, \dots, K-1

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features + 1)
        With the leading column of ones.
    y : array-like of shape (n_samples,)
        Labels in 0..num_labels-1.
    num_labels : int
        The number of classes K.
    lam : float, default=0.0
        L2 strength for every classifier; intercepts are not penalised.
    learning_rate : float, default=1.0
        Step size of :func:`mllesson.gradient_descent`. The default suits
        standardised features (see :func:`mllesson.standardize`); raw features
        of large magnitude need a much smaller step.
    n_iters : int, default=1000
        Gradient-descent steps for each classifier.

    Returns
    -------
    all_theta : ndarray of shape (num_labels, n_features + 1)
        Row k holds class k's parameters, intercept first.

    Notes
    -----
    See the book, chapter "Multiclass classification". scikit-learn's
    ``OneVsRestClassifier(LogisticRegression(C=1/lam))`` solves the same K
    problems.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import add_intercept, one_vs_all, predict_one_vs_all
    >>> X = add_intercept([[-2.0], [-1.5], [0.0], [0.2], [1.8], [2.0]])
    >>> y = [0, 0, 1, 1, 2, 2]
    >>> all_theta = one_vs_all(X, y, num_labels=3, lam=0.1)
    >>> all_theta.shape
    (3, 2)
    >>> predict_one_vs_all(all_theta, X)
    array([0, 0, 1, 1, 2, 2])
    """
    X = check_X(X)
    y, n_classes = check_class_labels(y, num_labels)
    check_consistent_length(X, y)
    lam = check_non_negative_float(lam, "lam")
    return _fit_one_vs_all(X, y, n_classes, lam, learning_rate, n_iters)[0]


def predict_one_vs_all(all_theta, X):
    r"""The class whose one-vs-all classifier gives the highest probability.

    .. math:: \hat y = \arg\max_k \sigma\left(\theta^{(k)\top} x\right)

    The sigmoid is increasing, so this is the argmax of the K logits
    ``X @ all_theta.T``: one matrix product, and no ties from probabilities
    that round to 1.

    Parameters
    ----------
    all_theta : array-like of shape (n_classes, n_features + 1)
    X : array-like of shape (n_samples, n_features + 1)
        With the leading column of ones.

    Returns
    -------
    ndarray of shape (n_samples,), dtype int64
        Labels in 0..n_classes-1.

    Notes
    -----
    See the book, chapter "Multiclass classification".

    Examples
    --------
    >>> from mllesson import predict_one_vs_all
    >>> all_theta = [[0.0, -1.0], [0.0, 1.0]]  # class 0 likes x < 0
    >>> predict_one_vs_all(all_theta, [[1.0, -3.0], [1.0, 2.0]])
    array([0, 1])
    """
    all_theta, X = _check_multiclass_problem(all_theta, X, name="all_theta")
    return (X @ all_theta.T).argmax(axis=1)  # (n_samples, K) -> (n_samples,)


# --- softmax regression ------------------------------------------------------


def _softmax_cost_gradient(theta, X, Y, lam):
    """Cost and flat gradient with no input checks, for the training loop.

    ``theta`` is ``Theta.ravel()`` of shape (K * (n+1),); ``Y`` is one-hot of
    shape (m, K), which tells the kernel K.
    """
    m, n_classes = Y.shape
    Theta = theta.reshape(n_classes, X.shape[1])  # (K, n+1), a view
    Z = X @ Theta.T  # (m, K)
    W = Theta.copy()
    W[:, 0] = 0.0  # the intercept column is not penalised
    J = _categorical_cross_entropy_with_logits(Z, Y).mean() + lam / (2 * m) * np.sum(
        W * W
    )
    dZ = (_softmax(Z) - Y) / m  # (m, K)
    grad = dZ.T @ X + (lam / m) * W  # (K, n+1)
    return float(J), grad.ravel()


def softmax_cost(Theta, X, y, lam=0.0):
    r"""Mean cross-entropy of a softmax over the K linear scores, plus L2.

    .. math:: J(\Theta) = -\frac{1}{m}\sum_{i=1}^m \log
        \frac{e^{\theta_{y_i}^\top x_i}}{\sum_{k} e^{\theta_k^\top x_i}}
        + \frac{\lambda}{2m}\sum_{k}\sum_{j\ge1}\Theta_{kj}^2

    Computed from the logits with a stable log-softmax, so it is finite even
    when a probability rounds to 0. With K = 2 it is the logistic cost of the
    difference of the two rows.

    Parameters
    ----------
    Theta : array-like of shape (n_classes, n_features + 1)
        One row per class, intercept first.
    X : array-like of shape (n_samples, n_features + 1)
        With the leading column of ones.
    y : array-like of shape (n_samples,)
        Labels in 0..n_classes-1.
    lam : float, default=0.0
        Regularisation strength; the intercept column is not penalised.

    Returns
    -------
    float

    Notes
    -----
    See the book, chapter "Multiclass classification".

    Examples
    --------
    At ``Theta = 0`` every class gets probability 1/K, so the cost is ln K:

    >>> import numpy as np
    >>> from mllesson import softmax_cost
    >>> X = np.array([[1.0, 0.5], [1.0, -2.0], [1.0, 1.0]])
    >>> round(softmax_cost(np.zeros((3, 2)), X, [0, 1, 2]), 6)  # ln 3
    1.098612
    """
    Theta, X, y = _check_multiclass_problem(Theta, X, y)
    lam = check_non_negative_float(lam, "lam")
    Y = _one_hot(y, Theta.shape[0])
    return _softmax_cost_gradient(Theta.ravel(), X, Y, lam)[0]


def softmax_gradient(Theta, X, y, lam=0.0):
    r"""Gradient of :func:`softmax_cost` with respect to ``Theta``.

    .. math:: \nabla_\Theta J = \frac{1}{m} (P - Y)^\top X
        + \frac{\lambda}{m} [\mathbf{0} \mid \Theta_{:,1:}]

    where :math:`P = \operatorname{softmax}(X\Theta^\top)` and :math:`Y` is
    the one-hot encoding of ``y``.

    Parameters
    ----------
    Theta, X, y, lam
        As in :func:`softmax_cost`.

    Returns
    -------
    ndarray of shape (n_classes, n_features + 1)

    Notes
    -----
    Derived in the book, chapter "Multiclass classification", from
    :math:`\partial J / \partial Z = (P - Y) / m`.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import softmax_gradient
    >>> X = np.array([[1.0, 2.0], [1.0, -1.0]])
    >>> softmax_gradient(np.zeros((2, 2)), X, [0, 1])  # (P - Y) = +-[-0.5, 0.5]
    array([[ 0.  , -0.75],
           [ 0.  ,  0.75]])
    """
    Theta, X, y = _check_multiclass_problem(Theta, X, y)
    lam = check_non_negative_float(lam, "lam")
    Y = _one_hot(y, Theta.shape[0])
    return _softmax_cost_gradient(Theta.ravel(), X, Y, lam)[1].reshape(Theta.shape)


def softmax_cost_gradient(Theta, X, y, lam=0.0):
    """Cost and gradient of softmax regression together, from one forward pass.

    The readable form, as the book derives it; ``SoftmaxRegression`` trains
    with a kernel that works on ``Theta`` flattened for the optimiser (a test
    checks that the two agree).

    Returns
    -------
    cost : float
    grad : ndarray of shape (n_classes, n_features + 1)

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import softmax_cost_gradient
    >>> J, grad = softmax_cost_gradient(np.zeros((2, 2)), [[1.0, 2.0]], [1])
    >>> round(J, 6), grad  # ln 2; P - Y = [0.5, -0.5]
    (0.693147, array([[ 0.5,  1. ],
           [-0.5, -1. ]]))
    """
    Theta, X, y = _check_multiclass_problem(Theta, X, y)
    lam = check_non_negative_float(lam, "lam")
    m, n_classes = X.shape[0], Theta.shape[0]
    Z = X @ Theta.T  # (m, K): one score per class
    Y = np.eye(n_classes)[y]  # (m, K): one-hot rows
    W = Theta.copy()
    W[:, 0] = 0.0  # the intercept column is not penalised
    # -log softmax(z)_y = log(sum_k e^z_k) - z_y; logaddexp.reduce never overflows
    losses = np.logaddexp.reduce(Z, axis=1) - Z[np.arange(m), y]  # (m,)
    cost = losses.mean() + lam / (2 * m) * np.sum(W * W)
    grad = (softmax(Z) - Y).T @ X / m + (lam / m) * W  # (K, n+1)
    return float(cost), grad


def softmax_proba(Theta, X):
    r"""Class probabilities of softmax regression; each row sums to 1.

    .. math:: P(y = k \mid x) = \frac{e^{\theta_k^\top x}}{\sum_j e^{\theta_j^\top x}}

    Parameters
    ----------
    Theta : array-like of shape (n_classes, n_features + 1)
    X : array-like of shape (n_samples, n_features + 1)
        With the leading column of ones.

    Returns
    -------
    ndarray of shape (n_samples, n_classes)

    Examples
    --------
    >>> from mllesson import softmax_proba
    >>> softmax_proba([[0.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [1.0, 1000.0]])
    array([[0.5, 0.5],
           [0. , 1. ]])
    """
    Theta, X = _check_multiclass_problem(Theta, X)
    return _softmax(X @ Theta.T)


def predict_softmax(Theta, X):
    r"""The most probable class under softmax regression.

    .. math:: \hat y = \arg\max_k \theta_k^\top x

    The softmax is increasing in each score, so this is the argmax of the
    logits, with no need to compute the probabilities.

    Parameters
    ----------
    Theta : array-like of shape (n_classes, n_features + 1)
    X : array-like of shape (n_samples, n_features + 1)

    Returns
    -------
    ndarray of shape (n_samples,), dtype int64

    Examples
    --------
    >>> from mllesson import predict_softmax
    >>> predict_softmax([[0.0, -1.0], [0.0, 1.0]], [[1.0, -3.0], [1.0, 2.0]])
    array([0, 1])
    """
    Theta, X = _check_multiclass_problem(Theta, X)
    return (X @ Theta.T).argmax(axis=1)


# --- estimators --------------------------------------------------------------


class _LinearMulticlass(ClassifierMixin, BaseEstimator):
    """Shared by both estimators: K rows of parameters over raw features."""

    def __init__(self, lam=0.0, learning_rate=1.0, n_iters=1000):
        self.lam = lam
        self.learning_rate = learning_rate
        self.n_iters = n_iters

    def _prepare(self, X, y):
        X = add_intercept(X)
        y, n_classes = check_class_labels(y)
        check_consistent_length(X, y)
        _check_at_least_two_classes(n_classes)
        lam = check_non_negative_float(self.lam, "lam")
        return X, y, n_classes, lam

    def _set_parameters(self, Theta, history):
        self.theta_ = Theta
        self.intercept_ = Theta[:, 0].copy()
        self.coef_ = Theta[:, 1:].copy()
        self.loss_history_ = history
        self.classes_ = np.arange(Theta.shape[0])

    def decision_function(self, X):
        """The K logits of each row of ``X``, shape (n_samples, n_classes)."""
        self._check_fitted("theta_")
        X = self._check_n_features(X, self.coef_.shape[1])
        return X @ self.coef_.T + self.intercept_

    def predict(self, X):
        """The class with the largest logit (and so the largest probability)."""
        return self.decision_function(X).argmax(axis=1)


class OneVsRestClassifier(_LinearMulticlass):
    """K binary logistic regressions, each class against the rest.

    Takes raw features and adds the intercept itself; each classifier is
    trained by :func:`one_vs_all`.

    Parameters
    ----------
    lam : float, default=0.0
        L2 strength for every classifier; intercepts are not penalised.
    learning_rate : float, default=1.0
        Suits standardised features.
    n_iters : int, default=1000
        Gradient-descent steps per classifier.

    Attributes
    ----------
    coef_ : ndarray of shape (n_classes, n_features)
    intercept_ : ndarray of shape (n_classes,)
    theta_ : ndarray of shape (n_classes, n_features + 1)
        ``[intercept_, coef_]`` side by side, for :func:`predict_one_vs_all`.
    loss_history_ : ndarray of shape (n_classes, n_iters)
        Row k is classifier k's cost before each step (NaN after a run that
        diverged and stopped early).
    classes_ : ndarray of shape (n_classes,)
        ``0..K-1``, with K = ``max(y) + 1``.

    Notes
    -----
    The K classifiers are trained separately, so their probabilities need not
    sum to 1. :meth:`predict_proba` divides each row of the K sigmoids by its
    sum, as scikit-learn's ``OneVsRestClassifier`` does. See the book, chapter
    "Multiclass classification".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import OneVsRestClassifier
    >>> X = np.array([[-2.0], [-1.5], [0.0], [0.2], [1.8], [2.0]])
    >>> clf = OneVsRestClassifier(lam=0.1).fit(X, [0, 0, 1, 1, 2, 2])
    >>> clf.predict([[-1.8], [0.1], [1.9]])
    array([0, 1, 2])
    >>> np.round(clf.predict_proba([[-1.8], [0.1]]).sum(axis=1), 12)
    array([1., 1.])
    """

    def fit(self, X, y):
        """Learn one row of ``theta_`` per class from ``X`` and labels 0..K-1."""
        X, y, n_classes, lam = self._prepare(X, y)
        Theta, histories = _fit_one_vs_all(
            X, y, n_classes, lam, self.learning_rate, self.n_iters
        )
        self._set_parameters(Theta, histories)
        return self

    def predict_proba(self, X):
        r"""The K sigmoids, each row divided by its sum.

        .. math:: P(y = k \mid x) = \sigma(z_k) / \sum_j \sigma(z_j)

        Computed in log space, so rows stay finite and sum to 1 even when
        every sigmoid rounds to 0.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        Z = self.decision_function(X)  # (n_samples, K)
        log_sigmoid = -np.logaddexp(0.0, -Z)
        return _softmax(log_sigmoid)


class SoftmaxRegression(_LinearMulticlass):
    """Multinomial logistic regression: one softmax over K linear scores.

    Takes raw features and adds the intercept itself; trained by
    :func:`mllesson.gradient_descent` on :func:`softmax_cost`, starting from
    zero.

    Parameters
    ----------
    lam : float, default=0.0
        L2 strength; intercepts are not penalised.
    learning_rate : float, default=1.0
        Suits standardised features.
    n_iters : int, default=1000
        Gradient-descent steps.

    Attributes
    ----------
    coef_ : ndarray of shape (n_classes, n_features)
    intercept_ : ndarray of shape (n_classes,)
    theta_ : ndarray of shape (n_classes, n_features + 1)
        ``[intercept_, coef_]`` side by side, for :func:`softmax_proba`.
    loss_history_ : ndarray of shape (n_iters,)
        The cost before each step.
    classes_ : ndarray of shape (n_classes,)

    Notes
    -----
    Adding the same vector to every row of ``theta_`` changes no probability,
    so the parameters are only defined up to that shift. Gradient descent
    from zero keeps every column of ``theta_`` summing to zero across classes
    (each step's gradient does), which picks one representative; with
    ``lam > 0`` the penalised coefficients are unique anyway. See the book,
    chapter "Multiclass classification".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import SoftmaxRegression
    >>> X = np.array([[-2.0], [-1.5], [0.0], [0.2], [1.8], [2.0]])
    >>> clf = SoftmaxRegression(lam=0.1).fit(X, [0, 0, 1, 1, 2, 2])
    >>> clf.predict([[-1.8], [0.1], [1.9]])
    array([0, 1, 2])
    >>> bool(np.allclose(clf.theta_.sum(axis=0), 0.0))  # columns sum to zero
    True
    """

    def fit(self, X, y):
        """Learn ``theta_`` from ``X`` (n_samples, n_features) and labels 0..K-1."""
        X, y, n_classes, lam = self._prepare(X, y)
        Y = _one_hot(y, n_classes)
        theta, history = gradient_descent(
            _softmax_cost_gradient, True, np.zeros(n_classes * X.shape[1]), X, Y,
            learning_rate=self.learning_rate, n_iters=self.n_iters, lam=lam,
        )  # fmt: skip
        self._set_parameters(theta.reshape(n_classes, X.shape[1]), history)
        return self

    def predict_proba(self, X):
        """Softmax of the K logits; each row sums to 1.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
        """
        return _softmax(self.decision_function(X))


__all__ = [
    "OneVsRestClassifier",
    "SoftmaxRegression",
    "one_hot",
    "one_vs_all",
    "predict_one_vs_all",
    "predict_softmax",
    "softmax_cost",
    "softmax_cost_gradient",
    "softmax_gradient",
    "softmax_proba",
]
