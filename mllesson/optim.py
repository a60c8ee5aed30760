"""Gradient descent: batch, stochastic and mini-batch.

Both optimisers work with any cost of the form ``cost(theta, X, y, lam)``
returning a float, and a gradient ``gradient(theta, X, y, lam)`` returning an
array shaped like ``theta``. Passing ``gradient=True`` says that ``cost``
returns both at once, ``(J, grad)``, as scipy.optimize does with ``jac=True``:
a fused function computes the shared forward pass once, which is what makes
the package's own training loops fast.

The network module trains through these same functions by flattening its
parameters into one vector. See the book, chapter "Gradient descent".
"""

import warnings

import numpy as np

from ._validation import (
    as_float_array,
    check_non_negative_float,
    check_positive_float,
    check_positive_int,
    check_rng,
)


class DivergenceWarning(UserWarning):
    """The cost became infinite or NaN: the learning rate is probably too large."""


def _cost_and_gradient(cost, gradient):
    """Return one function ``f(theta, X, y, lam) -> (J, grad)``."""
    if not callable(cost):
        raise TypeError(f"cost must be callable, got {cost!r}")
    if gradient is True:
        return cost
    if not callable(gradient):
        raise TypeError(f"gradient must be callable or True, got {gradient!r}")

    def both(theta, X, y, lam):
        return cost(theta, X, y, lam), gradient(theta, X, y, lam)

    return both


def _check_start(theta0):
    # A private copy: the caller's array is never updated in place.
    return as_float_array(theta0, "theta0", ndim=1).copy()


def _check_data(X, y):
    # The costs check X and y themselves; this only guards the first axis,
    # which the optimisers rely on, so a mismatch never reaches numpy.
    try:
        X, y = np.asarray(X), np.asarray(y)
    except ValueError as exc:  # ragged nested lists, for example
        raise ValueError(f"X and y could not be read as arrays: {exc}") from None
    m = X.shape[0] if X.ndim else 0
    if m == 0 or y.ndim == 0 or y.shape[0] != m:
        raise ValueError(
            "X and y must be arrays with the same number of samples along the "
            f"first axis, got shapes {X.shape} and {y.shape}"
        )
    return X, y, m


def _diverged(J, step):
    if np.isfinite(J):
        return False
    warnings.warn(
        f"the cost became {J} at step {step}; stopping early. "
        "The learning rate is probably too large.",
        DivergenceWarning,
        stacklevel=3,
    )
    return True


def gradient_descent(
    cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100, lam=0.0
):
    r"""Batch gradient descent: every step uses all the training examples.

    .. math:: \theta \leftarrow \theta - \alpha \nabla_\theta J(\theta)

    Parameters
    ----------
    cost : callable
        ``cost(theta, X, y, lam) -> float``, or ``-> (float, ndarray)`` when
        ``gradient`` is True.
    gradient : callable or True
        ``gradient(theta, X, y, lam) -> ndarray`` shaped like ``theta``; True
        when ``cost`` already returns the gradient.
    theta0 : array-like of shape (n_params,)
        The starting point. It is copied, never modified.
    X, y : array-like
        The data, passed to ``cost`` and ``gradient`` unchanged.
    learning_rate : float, default=0.1
        The step size :math:`\alpha`.
    n_iters : int, default=100
        The number of steps.
    lam : float, default=0.0
        The regularisation strength, passed to ``cost`` and ``gradient``.

    Returns
    -------
    theta : ndarray of shape (n_params,)
        The parameters after the last step.
    history : ndarray of shape (n_iters,)
        ``history[k]`` is the cost *before* step ``k``, so ``history[0]`` is the
        cost at ``theta0``. Shorter if the cost diverged (a warning says so).

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import gradient_descent, linear_cost, linear_gradient
    >>> X = np.array([[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]])
    >>> y = np.array([1.0, 3.0, 5.0])  # y = 1 + 2x
    >>> theta, history = gradient_descent(
    ...     linear_cost, linear_gradient, np.zeros(2), X, y,
    ...     learning_rate=0.5, n_iters=500)
    >>> np.round(theta, 6)
    array([1., 2.])
    >>> bool(history[0] > history[-1])
    True
    """
    f = _cost_and_gradient(cost, gradient)
    theta = _check_start(theta0)
    alpha = check_positive_float(learning_rate, "learning_rate")
    n_iters = check_positive_int(n_iters, "n_iters")
    lam = check_non_negative_float(lam, "lam")
    X, y, _ = _check_data(X, y)

    history = np.empty(n_iters)
    # A diverging run overflows before its cost turns inf; _diverged reports
    # that once, as a DivergenceWarning, instead of numpy's overflow warnings.
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(n_iters):
            J, grad = f(theta, X, y, lam)
            history[k] = J
            if _diverged(J, k):
                return theta, history[: k + 1]
            theta -= alpha * grad
    return theta, history


def sgd(
    cost,
    gradient,
    theta0,
    X,
    y,
    *,
    learning_rate=0.1,
    epochs=10,
    batch_size=32,
    lam=0.0,
    shuffle=True,
    rng=None,
):
    r"""Mini-batch stochastic gradient descent.

    Each epoch visits every example once, in batches of ``batch_size``, and
    takes one step per batch:

    .. math:: \theta \leftarrow \theta - \alpha \nabla_\theta J_{\text{batch}}(\theta)

    ``batch_size=1`` is stochastic gradient descent, ``batch_size=m`` (or more)
    is batch gradient descent, and anything between is mini-batch. With
    ``batch_size >= m`` the result equals :func:`gradient_descent` with
    ``n_iters=epochs`` exactly, since shuffling a single batch changes nothing
    and is skipped.

    A batch of ``b`` rows is passed ``lam * b / m``: the package's costs divide
    the penalty by the rows they see, so every batch keeps the full set's
    :math:`\frac{\lambda}{2m}` penalty and SGD minimises the same cost as
    :func:`gradient_descent`.

    Parameters
    ----------
    cost, gradient, theta0, learning_rate, lam
        As in :func:`gradient_descent`.
    X : ndarray of shape (n_samples, ...)
    y : ndarray of shape (n_samples, ...)
        Batches are taken along the first axis of both.
    epochs : int, default=10
        Passes over the data.
    batch_size : int, default=32
        Examples per step; the last batch of an epoch may be smaller.
    shuffle : bool, default=True
        Visit the examples in a new random order each epoch.
    rng : None, int or numpy.random.Generator
        Source of the shuffling.

    Returns
    -------
    theta : ndarray of shape (n_params,)
    history : ndarray of shape (epochs,)
        The mean batch cost during each epoch, weighted by batch size. For
        batch gradient descent this is the cost before each step.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import sgd, linear_cost, linear_gradient
    >>> X = np.c_[np.ones(50), np.linspace(0, 1, 50)]
    >>> y = 1 + 2 * X[:, 1]
    >>> theta, history = sgd(linear_cost, linear_gradient, np.zeros(2), X, y,
    ...                      learning_rate=0.5, epochs=300, batch_size=10, rng=0)
    >>> np.round(theta, 4)
    array([1., 2.])
    """
    f = _cost_and_gradient(cost, gradient)
    theta = _check_start(theta0)
    alpha = check_positive_float(learning_rate, "learning_rate")
    epochs = check_positive_int(epochs, "epochs")
    batch_size = check_positive_int(batch_size, "batch_size")
    lam = check_non_negative_float(lam, "lam")
    rng = check_rng(rng)
    X, y, m = _check_data(X, y)

    history = np.empty(epochs)
    with np.errstate(over="ignore", invalid="ignore"):  # see gradient_descent
        for epoch in range(epochs):
            if batch_size >= m:
                J, grad = f(theta, X, y, lam)
                history[epoch] = J
                if _diverged(J, epoch):
                    return theta, history[: epoch + 1]
                theta -= alpha * grad
                continue
            order = rng.permutation(m) if shuffle else np.arange(m)
            total = 0.0
            for start in range(0, m, batch_size):  # the one loop over samples
                idx = order[start : start + batch_size]
                b = idx.shape[0]
                # The cost divides its penalty by the rows it sees; lam * b / m
                # keeps it at lam / (2m), the full training set's penalty.
                J, grad = f(theta, X[idx], y[idx], lam * b / m)
                if _diverged(J, epoch):
                    return theta, history[:epoch]
                total += J * b
                theta -= alpha * grad
            history[epoch] = total / m
    return theta, history
