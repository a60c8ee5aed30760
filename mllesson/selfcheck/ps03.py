"""Self-checks of ps03, gradient descent (gradient_descent, sgd, standardize).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import functools

import numpy as np

from .. import features, logistic, optim
from .compare import close
from .fixtures import gd_problem
from .mistakes import GD_MISTAKES, SGD_MISTAKES, STANDARDIZE_MISTAKES
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = [
    "check_gradient_descent",
    "check_sgd",
    "check_sgd_converges",
    "check_standardize",
    "check_standardize_vectorised",
]

#: How far above the optimum a shuffled run may end (the hidden tests' rule).
SGD_COST_GAP = 0.01


#: The cost and gradient the optimisers are checked with.
_COST, _GRADIENT = logistic.logistic_cost, logistic.logistic_gradient


def check_gradient_descent(gradient_descent):
    """Self-check for ``gradient_descent(cost, gradient, theta0, X, y, *, ...)``."""
    r = Report("gradient_descent")
    theta0, X, y = gd_problem()
    kw = dict(learning_rate=0.5, n_iters=20, lam=0.5)
    start = theta0.copy()
    # X and y go in as copies: the reference below must use data the student's
    # function never held. theta0 itself goes in, to see it left unchanged.
    out = call(r, gradient_descent, _COST, _GRADIENT, theta0, X.copy(), y.copy(), **kw)
    if not (isinstance(out, tuple) and len(out) == 2):
        r.fail_shape("return a tuple (theta, history).")
    theta, history = out
    check_array(r, np.asarray(history), (20,), what="history")
    ref_theta, ref_hist = optim.gradient_descent(_COST, _GRADIENT, start, X, y, **kw)
    args = (_COST, _GRADIENT, theta0, X, y)

    def mistakes(which):
        return [(m, lambda *a, v=v: v(*a, **kw)[which]) for m, v in GD_MISTAKES]

    check_value(r, np.asarray(history), ref_hist, args, mistakes(1), "the cost history")
    check_value(r, theta, ref_theta, args, mistakes(0), "the final θ")
    r.ok("θ and history after 20 steps")
    # Credited only now that the values are right: code that computes
    # nothing leaves theta0 unchanged too.
    if not np.array_equal(theta0, start):
        r.fail_input_modified(
            "theta0 was modified in place: start from a copy, theta0.copy()."
        )
    r.ok("theta0 left unchanged")
    fused = logistic.logistic_cost_gradient
    out = call(r, gradient_descent, fused, True, theta0, X.copy(), y.copy(), **kw)
    check_value(r, out[0], ref_theta, args, [], "with gradient=True")
    r.ok("gradient=True")
    r.done("other costs and shapes, long runs")


def check_sgd(sgd):
    """Self-check for ``sgd(cost, gradient, theta0, X, y, *, ...)``."""
    r = Report("sgd")
    theta0, X, y = gd_problem()
    start = theta0.copy()
    kw = dict(learning_rate=0.5, epochs=5, batch_size=3, lam=0.5, shuffle=False)
    out = call(r, sgd, _COST, _GRADIENT, theta0, X.copy(), y.copy(), **kw)
    if not (isinstance(out, tuple) and len(out) == 2):
        r.fail_shape("return a tuple (theta, history).")
    check_array(r, np.asarray(out[1]), (5,), what="history")
    ref = optim.sgd(_COST, _GRADIENT, start, X, y, **kw)
    args = (_COST, _GRADIENT, theta0, X, y)
    mistakes = [(m, lambda *a, v=v: v(*a, **kw)[0]) for m, v in SGD_MISTAKES]
    check_value(
        r,
        out[0],
        ref[0],
        args,
        mistakes,
        "θ after 5 epochs of batches of 3 without shuffling",
    )
    r.ok("θ without shuffling in batches of 3")
    if not np.array_equal(theta0, start):  # credited only with the right values
        r.fail_input_modified(
            "theta0 was modified in place: start from a copy, theta0.copy()."
        )
    r.ok("theta0 left unchanged")
    full = call(
        r,
        sgd,
        _COST,
        _GRADIENT,
        theta0,
        X.copy(),
        y.copy(),
        learning_rate=0.5,
        epochs=5,
        batch_size=len(y),
        rng=0,
    )
    gd = optim.gradient_descent(
        _COST, _GRADIENT, theta0, X, y, learning_rate=0.5, n_iters=5
    )
    check_value(r, full[0], gd[0], args, [], "with batch_size = m (batch GD)")
    r.ok("batch_size = m equals batch gradient descent")
    r.done("shuffle=False with batches of 1 and 4, batch_size ≥ m on other data")


def _separable_enough():
    """(X, y): 64 examples that a logistic model fits fairly well."""
    x = np.linspace(-2.0, 2.0, 64)
    X = np.column_stack([np.ones(64), x, np.sin(3 * x)])
    return X, ((np.sin(5 * x) + x) > 0.2).astype(np.float64)


_LAM = 0.5


@functools.cache
def _optimum():
    """The least cost on :func:`_separable_enough` with λ = 0.5: 5,000 steps of
    batch gradient descent, worked out once (the data never change)."""
    X, y = _separable_enough()
    best_theta, _ = optim.gradient_descent(
        _COST, _GRADIENT, np.zeros(3), X, y, learning_rate=1.0, n_iters=5000, lam=_LAM
    )
    return _COST(best_theta, X, y, _LAM)


def check_sgd_converges(sgd):
    """Self-check: shuffled mini-batches make the cost fall to near its optimum."""
    r = Report("sgd")
    X, y = _separable_enough()
    lam, epochs = _LAM, 40
    best = _optimum()
    start = np.array([2.0, -2.0, 2.0])  # far from the optimum: a clear descent
    theta0 = start.copy()
    out = call(
        r, sgd, _COST, _GRADIENT, theta0, X.copy(), y.copy(), learning_rate=0.2,
        epochs=epochs, batch_size=8, lam=lam, rng=0,
    )  # fmt: skip
    if not (isinstance(out, tuple) and len(out) == 2):
        r.fail("return a tuple (theta, history).")
    theta, history = out
    check_array(r, np.asarray(history, dtype=float), (epochs,), what="history")
    check_array(r, np.asarray(theta, dtype=float), (3,), what="theta")
    if not history[-10:].mean() < history[0]:
        r.fail("the cost does not go down over 40 epochs of shuffled batches.")
    gap = _COST(theta, X, y, lam) - best
    if not gap <= SGD_COST_GAP:
        r.fail(
            f"after {epochs} epochs of 8 shuffled batches of 8 the cost is still "
            f"{gap:.3g} above the optimum (a right sgd ends within {SGD_COST_GAP}): "
            "check that every batch takes a step along −∇J."
        )
    if not np.array_equal(theta0, start):
        r.fail("theta0 was modified in place: start from a copy, theta0.copy().")
    r.ok("the cost falls to within 0.01 of its optimum with shuffled batches")
    r.done("another data set and seed")


def check_standardize(standardize):
    """Self-check for ``standardize(X, mean=None, std=None)``."""
    r = Report("standardize")
    X = np.array([[1.0, 10.0, 3.0], [3.0, 20.0, 3.0], [8.0, 60.0, 3.0]])
    out = call(r, standardize, X.copy())
    if not (isinstance(out, tuple) and len(out) == 3):
        r.fail_shape("return a tuple (X_scaled, mean, std).")
    ref = features.standardize(X)
    check_array(r, out[0], X.shape, what="X_scaled")
    check_value(
        r, out[0][:, :2], ref[0][:, :2], (X[:, :2],), STANDARDIZE_MISTAKES, "X_scaled"
    )
    r.ok("X_scaled")
    if not close(out[0][:, 2], np.zeros(3)) or not close(out[2][2], 1.0):
        r.fail(
            "a constant column must become zeros, with std set to 1 "
            "(dividing by a zero spread gives NaN)."
        )
    r.ok("a constant column")
    check_value(r, out[1], ref[1], (X,), [], "the returned mean")
    r.ok("mean and std returned")
    new = np.array([[2.0, 30.0, 4.0]])
    got = call(r, standardize, new.copy(), ref[1].copy(), ref[2].copy())
    check_value(
        r,
        got[0],
        features.standardize(new, ref[1], ref[2])[0],
        (new,),
        [],
        "transforming new data with the training mean and std",
    )
    r.ok("reuse of mean and std")
    r.done("several shapes, m = 1, one feature, a constant column")


def _columns(m):
    x = np.linspace(-1.0, 1.0, m)
    return (np.column_stack([x, 10 * x**2, np.cos(x)]),)


def _x_scaled(out):
    """X_scaled of standardize's (X_scaled, mean, std)."""
    if not (isinstance(out, tuple) and len(out) == 3):
        return out
    return out[0]


def check_standardize_vectorised(standardize):
    """Self-check: no Python loop over the examples."""
    r = Report("standardize")
    check_vectorised(
        r,
        standardize,
        _columns,
        features.standardize,
        pick=_x_scaled,
        what="the examples",
    )
    r.done()
