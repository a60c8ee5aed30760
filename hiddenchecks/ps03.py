"""Hidden tests of ps03-gradient-descent: gradient_descent, sgd, standardize.

The student's function gets copies of the data: what it does to them never
reaches the reference values. Only ``theta0`` goes in itself, where a check
looks at whether it was left unchanged.
"""

import numpy as np

import mllesson
from mllesson.selfcheck.mistakes import (
    GD_MISTAKES,
    SGD_MISTAKES,
    STANDARDIZE_MISTAKES,
)

from . import (
    INPUT_MODIFIED,
    WRONG_SHAPE,
    HiddenTestFailure,
    expect_close,
    expect_vectorised,
    run,
)

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "gradient_descent": mllesson.gradient_descent,
    "sgd": mllesson.sgd,
    "standardize": mllesson.standardize,
    "cost": mllesson.logistic_cost,
    "gradient": mllesson.logistic_gradient,
    "cost_gradient": mllesson.logistic_cost_gradient,
    "linear_cost": mllesson.linear_cost,
    "linear_gradient": mllesson.linear_gradient,
}
#: How close shuffled SGD must get to the reference optimum's cost.
SGD_COST_GAP = 0.01


def _logistic_problem(m, n, seed):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(m), rng.normal(size=(m, n))])
    true = rng.normal(size=n + 1)
    y = (rng.random(m) < mllesson.sigmoid(X @ true)).astype(np.float64)
    return X, y


def _copies(*arrays):
    """What the student's function gets: copies, never the check's own arrays."""
    return tuple(a.copy() for a in arrays)


def _with(mistakes, kw, which):
    return [(msg, lambda *a, v=v: v(*a, **kw)[which]) for msg, v in mistakes]


def _compare_runs(task, what, got, expected, args, mistakes, kw):
    if not (isinstance(got, tuple) and len(got) == 2):
        raise HiddenTestFailure(
            f"{task}: {what}: return a tuple (theta, history).", WRONG_SHAPE
        )
    expect_close(
        task, f"{what}, history", got[1], expected[1], args, _with(mistakes, kw, 1)
    )
    expect_close(
        task, f"{what}, final theta", got[0], expected[0], args, _with(mistakes, kw, 0)
    )


def gradient_descent_values(gradient_descent):
    """Logistic and linear problems, with and without a penalty."""
    R = REFERENCE
    cases = [
        (R["cost"], R["gradient"], *_logistic_problem(40, 2, 500), 0.0, 0.5, 50),
        (R["cost"], R["gradient"], *_logistic_problem(1, 1, 501), 0.3, 1.0, 10),
        (R["cost"], R["gradient"], *_logistic_problem(80, 5, 502), 1.0, 0.2, 200),
        (
            R["linear_cost"],
            R["linear_gradient"],
            *_logistic_problem(30, 1, 503),
            0.0,
            0.1,
            30,
        ),
    ]
    for i, (cost, grad, X, y, lam, alpha, n_iters) in enumerate(cases):
        theta0 = np.full(X.shape[1], 0.1)
        kw = dict(learning_rate=alpha, n_iters=n_iters, lam=lam)
        given = (cost, grad, *_copies(theta0, X, y))
        got = run("gradient_descent", gradient_descent, *given, **kw)
        expected = R["gradient_descent"](cost, grad, theta0, X, y, **kw)
        _compare_runs(
            "gradient_descent",
            f"problem {i + 1}",
            got,
            expected,
            (cost, grad, theta0, X, y),
            GD_MISTAKES,
            kw,
        )


def gradient_descent_fused(gradient_descent):
    """gradient=True: cost returns (J, grad)."""
    X, y = _logistic_problem(25, 3, 510)
    theta0 = np.zeros(4)
    kw = dict(learning_rate=0.5, n_iters=40, lam=0.2)
    fused = REFERENCE["cost_gradient"]
    given = (fused, True, *_copies(theta0, X, y))
    got = run("gradient_descent", gradient_descent, *given, **kw)
    expected = REFERENCE["gradient_descent"](fused, True, theta0, X, y, **kw)
    _compare_runs(
        "gradient_descent",
        "with gradient=True",
        got,
        expected,
        (fused, True, theta0, X, y),
        GD_MISTAKES,
        kw,
    )


def gradient_descent_inputs(gradient_descent):
    """theta0 is not modified; n_iters = 1 gives one step and one cost."""
    X, y = _logistic_problem(10, 2, 520)
    theta0 = np.array([0.5, -0.5, 0.25])
    before = theta0.copy()
    R = REFERENCE
    got = run(
        "gradient_descent",
        gradient_descent,
        R["cost"],
        R["gradient"],
        theta0,  # itself, to see that it is left unchanged
        *_copies(X, y),
        learning_rate=0.1,
        n_iters=1,
    )
    if not np.array_equal(theta0, before):
        raise HiddenTestFailure(
            "gradient_descent: theta0 was modified in place.", INPUT_MODIFIED
        )
    expected = R["gradient_descent"](
        R["cost"], R["gradient"], before, X, y, learning_rate=0.1, n_iters=1
    )
    _compare_runs("gradient_descent", "with n_iters = 1", got, expected, (), (), {})


def sgd_full_batch(sgd):
    """batch_size >= m is batch gradient descent, shuffled or not; theta0 is
    not modified (the task says so, as for gradient_descent)."""
    X, y = _logistic_problem(24, 2, 530)
    theta0 = np.zeros(3)
    R = REFERENCE
    expected = R["gradient_descent"](
        R["cost"], R["gradient"], theta0, X, y, learning_rate=0.5, n_iters=15, lam=0.1
    )
    for batch_size in (24, 100):
        given = theta0.copy()
        got = run(
            "sgd",
            sgd,
            R["cost"],
            R["gradient"],
            given,  # itself, to see that it is left unchanged
            *_copies(X, y),
            learning_rate=0.5,
            epochs=15,
            batch_size=batch_size,
            lam=0.1,
            rng=1,
        )
        _compare_runs(
            "sgd", f"batch_size = {batch_size} >= m", got, expected, (), (), {}
        )
        if not np.array_equal(given, theta0):
            raise HiddenTestFailure(
                "sgd: theta0 was modified in place.", INPUT_MODIFIED
            )


def sgd_no_shuffle(sgd):
    """shuffle=False: batches in order, the last one smaller."""
    X, y = _logistic_problem(10, 2, 540)
    theta0 = np.zeros(3)
    R = REFERENCE
    for batch_size in (1, 4):
        kw = dict(
            learning_rate=0.3, epochs=6, batch_size=batch_size, lam=0.2, shuffle=False
        )
        given = (R["cost"], R["gradient"], *_copies(theta0, X, y))
        got = run("sgd", sgd, *given, **kw)
        expected = R["sgd"](R["cost"], R["gradient"], theta0, X, y, **kw)
        args = (R["cost"], R["gradient"], theta0, X, y)
        _compare_runs(
            "sgd",
            f"batch_size = {batch_size}, no shuffling",
            got,
            expected,
            args,
            SGD_MISTAKES,
            kw,
        )


def _best_cost(X, y, lam):
    """The lowest regularised cost on (X, y), by Newton's method.

    The penalty makes the cost strictly convex, so Newton's steps from zero
    reach the optimum in a handful of iterations. Over 200 of these problems
    it agrees with 3,000 steps of gradient descent to 2e-16, in a 200th of
    the time (gradient descent here was a third of the assignment's grading).
    """
    m, n = X.shape
    penalty = np.full(n, lam / m)
    penalty[0] = 0.0  # the intercept is not penalised
    theta = np.zeros(n)
    for _ in range(100):
        h = mllesson.sigmoid(X @ theta)
        hessian = (X.T * (h * (1.0 - h))) @ X / m + np.diag(penalty)
        step = np.linalg.solve(hessian, REFERENCE["gradient"](theta, X, y, lam))
        theta = theta - step
        if np.abs(step).max() < 1e-13:
            break
    return REFERENCE["cost"](theta, X, y, lam)


def sgd_converges(sgd):
    """Shuffled mini-batches: the cost falls and ends near the optimum."""
    X, y = _logistic_problem(64, 2, 550)
    R = REFERENCE
    # 40 epochs of 8 batches: over 200 data sets and seeds a correct sgd ends
    # at most 0.004 above the optimum, one that takes a single step per epoch
    # at least 0.04 (with 150 epochs that one also got within 0.01 on 91 %).
    lam, epochs = 0.5, 40
    best = _best_cost(X, y, lam)
    start = np.array([2.0, -2.0, 2.0])  # far from the optimum: a clear descent
    for rng in (0, np.random.default_rng(7)):
        theta0 = start.copy()
        got = run(
            "sgd",
            sgd,
            R["cost"],
            R["gradient"],
            theta0,  # itself, to see that it is left unchanged
            *_copies(X, y),
            learning_rate=0.2,
            epochs=epochs,
            batch_size=8,
            lam=lam,
            rng=rng,
        )
        if not (isinstance(got, tuple) and len(got) == 2):
            raise HiddenTestFailure(
                "sgd: return a tuple (theta, history).", WRONG_SHAPE
            )
        theta, history = (np.asarray(a, dtype=np.float64) for a in got)
        if not np.array_equal(theta0, start):
            raise HiddenTestFailure(
                "sgd: theta0 was modified in place.", INPUT_MODIFIED
            )
        if history.shape != (epochs,):
            raise HiddenTestFailure(
                f"sgd: history has shape {history.shape}, expected ({epochs},): "
                "one mean cost per epoch.",
                WRONG_SHAPE,
            )
        if not history[-10:].mean() < history[0]:
            raise HiddenTestFailure("sgd: the cost does not go down.")
        if theta.shape != (3,) or not np.isfinite(theta).all():
            raise HiddenTestFailure("sgd: theta has the wrong shape or is not finite.")
        gap = R["cost"](theta, X, y, lam) - best
        if gap > SGD_COST_GAP:
            raise HiddenTestFailure(
                f"sgd: after {epochs} epochs the cost is still {gap:.3g} above the "
                "optimum; check that every batch takes a step along −∇J."
            )


def _standardize_cases():
    out = []
    for i, (m, n) in enumerate([(1, 3), (5, 1), (40, 4), (200, 12)]):
        rng = np.random.default_rng(600 + i)
        X = rng.normal(
            loc=rng.uniform(-50, 50, n), scale=rng.uniform(0.1, 20, n), size=(m, n)
        )
        out.append(X)
    X = out[2].copy()
    X[:, 1] = 7.0  # a constant column
    out.append(X)
    return out


def _compare_standardize(what, got, expected, X):
    if not (isinstance(got, tuple) and len(got) == 3):
        raise HiddenTestFailure(
            f"standardize: {what}: return a tuple (X_scaled, mean, std).", WRONG_SHAPE
        )
    for name, g, e in zip(("X_scaled", "mean", "std"), got, expected, strict=True):
        mistakes = STANDARDIZE_MISTAKES if name == "X_scaled" else ()
        expect_close("standardize", f"{what}, {name}", g, e, (X,), mistakes)


def standardize_values(standardize):
    """Several shapes, one example, one feature and a constant column."""
    for i, X in enumerate(_standardize_cases()):
        got = run("standardize", standardize, X.copy())
        _compare_standardize(
            f"case {i + 1} of shape {X.shape}", got, REFERENCE["standardize"](X), X
        )


def standardize_reuse(standardize):
    """New data scaled with the training mean and std."""
    train, new = _standardize_cases()[2], _standardize_cases()[3][:7, :4]
    _, mean, std = REFERENCE["standardize"](train)
    got = run("standardize", standardize, new.copy(), mean.copy(), std.copy())
    _compare_standardize("new data", got, REFERENCE["standardize"](new, mean, std), new)


def standardize_vectorised(standardize):
    rng = np.random.default_rng(9)
    expect_vectorised(
        "standardize",
        standardize,
        lambda m: (rng.normal(size=(m, 3)),),
        REFERENCE["standardize"],
        lambda task, what, got, expected: _compare_standardize(what, got, expected, ()),
    )
