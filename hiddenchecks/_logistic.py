"""Hidden checks of the logistic cost and gradient, shared by ps02 and ps05.

ps02 grades them without a penalty (``lam = 0``), ps05 with one. The expected
values come from the ``reference`` table each assignment passes in.
"""

import numpy as np

from mllesson.selfcheck.compare import close
from mllesson.selfcheck.mistakes import COST_MISTAKES, GRADIENT_MISTAKES

from . import (
    FD_ATOL,
    FD_RTOL,
    FINITE_DIFFERENCES,
    HiddenTestFailure,
    expect_close,
    expect_vectorised,
    finite_difference,
    run,
)


def problems(lam_values, seed=200):
    """(theta, X, y, lam): several shapes, m = 1 and a single feature."""
    out = []
    shapes = [(1, 1), (8, 1), (30, 3), (100, 10), (1, 5), (60, 27)]
    for i, (m, n) in enumerate(shapes):
        rng = np.random.default_rng(seed + i)
        X = np.column_stack([np.ones(m), rng.normal(size=(m, n))])
        y = (rng.random(m) < 0.5).astype(np.float64)
        theta = rng.normal(scale=0.7, size=n + 1)
        out.append((theta, X, y, lam_values[i % len(lam_values)]))
    return out


def _call_args(theta, X, y, lam):
    # lam = 0 is passed positionally only when the task is regularised, so an
    # unregularised task never depends on the student's handling of lam.
    return (theta.copy(), X.copy(), y.copy()) + ((lam,) if lam else ())


def _values(name, student, reference, lam_values, mistakes):
    """The student's function against the reference on every problem."""
    for i, (theta, X, y, lam) in enumerate(problems(lam_values)):
        got = run(name, student, *_call_args(theta, X, y, lam))
        expect_close(
            name,
            f"problem {i + 1} of shape {X.shape}, lam = {lam}",
            got,
            reference(theta, X, y, lam),
            (theta, X, y, lam),
            mistakes,
        )


def cost_values(logistic_cost, reference, lam_values):
    _values("logistic_cost", logistic_cost, reference, lam_values, COST_MISTAKES)


def cost_stable(logistic_cost, reference):
    X = np.column_stack([np.ones(6), [1.0, -1.0, 2.0, -2.0, 0.5, -0.5]])
    y = np.array([0.0, 1.0, 0.0, 1.0, 1.0, 0.0])  # confidently wrong, mostly
    for theta in (np.array([0.0, 1000.0]), np.array([3.0, -800.0])):
        got = run("logistic_cost", logistic_cost, theta.copy(), X.copy(), y.copy())
        expect_close(
            "logistic_cost",
            "with |θᵀx| of several hundred",
            got,
            reference(theta, X, y, 0.0),
            (theta, X, y, 0.0),
            COST_MISTAKES,
        )


def _large(m):
    rng = np.random.default_rng(m)
    X = np.column_stack([np.ones(m), rng.normal(size=(m, 2))])
    return np.array([0.1, -0.2, 0.3]), X, (rng.random(m) < 0.5) * 1.0


def cost_vectorised(logistic_cost, reference):
    expect_vectorised("logistic_cost", logistic_cost, _large, reference)


def gradient_values(logistic_gradient, reference, lam_values):
    _values(
        "logistic_gradient", logistic_gradient, reference, lam_values, GRADIENT_MISTAKES
    )


def gradient_finite_differences(
    logistic_gradient, logistic_cost, reference_cost, lam_values
):
    """The gradient agrees with central differences of the student's own cost.

    Where the student's cost is wrong (graded in its own task), the reference
    cost stands in, so that one mistake is not charged twice.
    """
    for i, (theta, X, y, lam) in enumerate(problems(lam_values, seed=300)):

        def reference(t, X=X, y=y, lam=lam):
            return reference_cost(t, X, y, lam)

        def own(t, X=X, y=y, lam=lam):
            with np.errstate(all="ignore"):
                return logistic_cost(*_call_args(t, X, y, lam))

        try:
            trusted = close(own(theta), reference(theta))
        except Exception:
            trusted = False
        numeric = finite_difference(own if trusted else reference, theta)
        got = run("logistic_gradient", logistic_gradient, *_call_args(theta, X, y, lam))
        got = np.asarray(got, dtype=np.float64)
        if got.shape != numeric.shape or not np.allclose(
            got, numeric, rtol=FD_RTOL, atol=FD_ATOL
        ):
            raise HiddenTestFailure(
                f"logistic_gradient: problem {i + 1} of shape {X.shape}, lam = "
                f"{lam}: disagrees with finite differences of "
                f"{'your' if trusted else 'the'} cost.",
                FINITE_DIFFERENCES,
            )


def gradient_vectorised(logistic_gradient, reference):
    expect_vectorised("logistic_gradient", logistic_gradient, _large, reference)
