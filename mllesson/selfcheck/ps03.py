"""Self-checks of ps03, gradient descent (gradient_descent, sgd, standardize).

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import features, logistic, optim
from .compare import close
from .fixtures import gd_problem
from .mistakes import GD_MISTAKES, SGD_MISTAKES, STANDARDIZE_MISTAKES
from .report import Report, call, check_array, check_value

__all__ = ["check_gradient_descent", "check_sgd", "check_standardize"]


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
        r.fail("return a tuple (theta, history).")
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
        r.fail("theta0 was modified in place: start from a copy, theta0.copy().")
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
        r.fail("return a tuple (theta, history).")
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
        r.fail("theta0 was modified in place: start from a copy, theta0.copy().")
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
    r.done("shuffled runs (graded by their cost), larger data, the rng argument")


def check_standardize(standardize):
    """Self-check for ``standardize(X, mean=None, std=None)``."""
    r = Report("standardize")
    X = np.array([[1.0, 10.0, 3.0], [3.0, 20.0, 3.0], [8.0, 60.0, 3.0]])
    out = call(r, standardize, X.copy())
    if not (isinstance(out, tuple) and len(out) == 3):
        r.fail("return a tuple (X_scaled, mean, std).")
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
    r.done("other shapes, vectorisation")
