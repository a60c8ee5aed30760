"""Hidden tests of ps05-regularisation: map_feature, regularised cost and gradient."""

import numpy as np

import mllesson
from mllesson.selfcheck.mistakes import (
    MAP_FEATURE_MISTAKES,
)

from . import _logistic, expect_close, expect_vectorised, run

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "map_feature": mllesson.map_feature,
    "logistic_cost": mllesson.logistic_cost,
    "logistic_gradient": mllesson.logistic_gradient,
}
PENALTIES = [0.1, 1.0, 3.0, 100.0]


def map_feature_values(map_feature):
    """Degrees 1 to 6 and the default, m = 1 to 50."""
    for i, (m, degree) in enumerate([(1, 1), (4, 2), (20, 3), (50, 6), (3, None)]):
        rng = np.random.default_rng(700 + i)
        x1, x2 = rng.uniform(-1.5, 1.5, size=(2, m))
        extra = () if degree is None else (degree,)
        got = run("map_feature", map_feature, x1.copy(), x2.copy(), *extra)
        expect_close(
            "map_feature",
            f"{m} samples, degree {degree or 'default (6)'}",
            got,
            REFERENCE["map_feature"](x1, x2, *extra),
            (x1, x2, *extra),
            MAP_FEATURE_MISTAKES,
        )


def map_feature_vectorised(map_feature):
    """No Python loop over the samples (loops over powers are fine)."""
    rng = np.random.default_rng(11)
    expect_vectorised(
        "map_feature",
        map_feature,
        lambda m: (*rng.uniform(-1, 1, (2, m)), 3),
        REFERENCE["map_feature"],
    )


def logistic_cost_penalty(logistic_cost):
    """Several shapes and strengths λ > 0."""
    _logistic.cost_values(logistic_cost, REFERENCE["logistic_cost"], PENALTIES)


def logistic_cost_no_penalty(logistic_cost):
    """lam = 0 (and lam left out) is the plain cost."""
    _logistic.cost_values(logistic_cost, REFERENCE["logistic_cost"], [0.0])


def logistic_cost_stable(logistic_cost):
    """Finite and right for |θᵀx| of several hundred: the task asks for the
    stable cost of Problem set 2, so log(σ(θᵀx)) does not score."""
    _logistic.cost_stable(logistic_cost, REFERENCE["logistic_cost"])


def logistic_gradient_penalty(logistic_gradient):
    """Several shapes and strengths λ > 0."""
    _logistic.gradient_values(
        logistic_gradient, REFERENCE["logistic_gradient"], PENALTIES
    )


def logistic_gradient_finite_differences(logistic_gradient, logistic_cost):
    """Agrees with central differences of the student's own regularised cost."""
    _logistic.gradient_finite_differences(
        logistic_gradient, logistic_cost, REFERENCE["logistic_cost"], PENALTIES
    )
