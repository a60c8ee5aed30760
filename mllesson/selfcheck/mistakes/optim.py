"""The usual mistakes of gradient descent, SGD and standardisation (ps03).

See :mod:`mllesson.selfcheck.mistakes` for what a catalogue is.
"""

import numpy as np


def _cost_and_gradient(cost, gradient):
    """One function ``f(theta, X, y, lam) -> (J, grad)``, as the optimisers take."""
    if gradient is True:
        return cost
    return lambda theta, X, y, lam: (cost(theta, X, y, lam), gradient(theta, X, y, lam))


def _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, lam, *,
             uphill=False, cost_after_step=False):  # fmt: skip
    """Batch gradient descent going ``uphill`` or recording ``cost_after_step``."""
    f = _cost_and_gradient(cost, gradient)
    theta = np.array(theta0, dtype=float)
    history = []
    for _ in range(n_iters):
        J, g = f(theta, X, y, lam)
        theta = theta + learning_rate * g if uphill else theta - learning_rate * g
        if cost_after_step:
            J = f(theta, X, y, lam)[0]
        history.append(J)
    return theta, np.array(history)


def gd_uphill(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100,
              lam=0.0):  # fmt: skip
    """θ ← θ + α∇J: gradient ascent."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, lam,
                    uphill=True)  # fmt: skip


def gd_cost_after_step(cost, gradient, theta0, X, y, *, learning_rate=0.1,
                       n_iters=100, lam=0.0):  # fmt: skip
    """history[k] is the cost after step k instead of before it."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, lam,
                    cost_after_step=True)  # fmt: skip


def gd_without_lam(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100,
                   lam=0.0):  # fmt: skip
    """lam never reaches the cost and the gradient."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, 0.0)


def gd_one_step_short(cost, gradient, theta0, X, y, *, learning_rate=0.1,
                      n_iters=100, lam=0.0):  # fmt: skip
    """n_iters − 1 steps."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters - 1, lam)


GD_MISTAKES = [
    ("the step goes uphill: θ ← θ − α∇J, with a minus.", gd_uphill),
    (
        "history[k] must be the cost before step k (history[0] is the cost at θ0).",
        gd_cost_after_step,
    ),
    ("lam is not passed on to the cost and gradient.", gd_without_lam),
    ("one step too few: take exactly n_iters steps.", gd_one_step_short),
]


def _minibatches(cost, gradient, theta0, X, y, learning_rate, epochs, batch_size,
                 lam, *, full_lam=False, drop_last=False, one_step=False):  # fmt: skip
    """Mini-batch descent in the given order, with the mistakes switched on.

    ``full_lam``: every batch gets all of ``lam``; ``drop_last``: the last,
    smaller batch is skipped; ``one_step``: one batch per epoch.
    """
    f = _cost_and_gradient(cost, gradient)
    theta = np.array(theta0, dtype=float)
    m = X.shape[0]
    history = []
    for _ in range(epochs):
        stop = m - m % batch_size if drop_last else m
        total = 0.0
        for s in range(0, stop, batch_size):
            idx = np.arange(s, min(s + batch_size, m))
            J, g = f(theta, X[idx], y[idx], lam * (1.0 if full_lam else len(idx) / m))
            total += J * len(idx)
            theta = theta - learning_rate * g
            if one_step:
                break
        history.append(total / m)
    return theta, np.array(history)


def _sgd_mistake(**mistake):
    def wrong(cost, gradient, theta0, X, y, *, learning_rate=0.1, epochs=10,
              batch_size=32, lam=0.0, shuffle=True, rng=None):  # fmt: skip
        return _minibatches(cost, gradient, theta0, X, y, learning_rate, epochs,
                            batch_size, lam, **mistake)  # fmt: skip

    return wrong


sgd_full_lam_per_batch = _sgd_mistake(full_lam=True)
sgd_drops_last_batch = _sgd_mistake(drop_last=True)
sgd_one_step_per_epoch = _sgd_mistake(one_step=True)

SGD_MISTAKES = [
    (
        "each batch must see lam * b / m (b its size): the cost divides its penalty "
        "by the rows it is given, and the penalty must stay λ/(2m).",
        sgd_full_lam_per_batch,
    ),
    (
        "the last, smaller batch of each epoch is skipped: use every example.",
        sgd_drops_last_batch,
    ),
    ("only one step per epoch: take one step per batch.", sgd_one_step_per_epoch),
]

STANDARDIZE_MISTAKES = [
    (
        "you used the statistics of the rows (axis=1); use each column's (axis=0).",
        lambda X: (X - X.mean(1, keepdims=True)) / X.std(1, keepdims=True),
    ),
    (
        "you divided by the variance; divide by the standard deviation.",
        lambda X: (X - X.mean(0)) / X.var(0),
    ),
    (
        "use the population standard deviation (ddof=0, numpy's default).",
        lambda X: (X - X.mean(0)) / X.std(0, ddof=1),
    ),
    ("the mean is not subtracted.", lambda X: X / X.std(0)),
]
