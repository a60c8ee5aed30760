"""Hidden tests of ps02-cost: log_loss, logistic_cost, logistic_gradient."""

import numpy as np

import mllesson
from mllesson.selfcheck.mistakes import (
    LOG_LOSS_MISTAKES,
)

from . import _logistic, expect_close, expect_vectorised, run

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "log_loss": mllesson.log_loss,
    "logistic_cost": mllesson.logistic_cost,
    "logistic_gradient": mllesson.logistic_gradient,
}
NO_PENALTY = [0.0]


def log_loss_values(log_loss):
    """Random probabilities, m = 1 to 200."""
    for i, m in enumerate([1, 2, 17, 200]):
        rng = np.random.default_rng(400 + i)
        y = (rng.random(m) < 0.5).astype(np.float64)
        p = rng.uniform(0.01, 0.99, size=m)
        expect_close(
            "log_loss",
            f"{m} probabilities",
            run("log_loss", log_loss, y.copy(), p.copy()),
            REFERENCE["log_loss"](y, p),
            (y, p),
            LOG_LOSS_MISTAKES,
        )


def log_loss_clipping(log_loss):
    """Probabilities of exactly 0 and 1, and a custom eps."""
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    p = np.array([0.0, 1.0, 1.0, 0.0, 0.5])
    for extra in ((), (1e-3,)):
        eps = extra[0] if extra else 1e-15
        expect_close(
            "log_loss",
            f"with probabilities of 0 and 1, eps = {eps}",
            run("log_loss", log_loss, y.copy(), p.copy(), *extra),
            REFERENCE["log_loss"](y, p, *extra),
            (y, p, *extra),
            LOG_LOSS_MISTAKES,
        )


def log_loss_vectorised(log_loss):
    rng = np.random.default_rng(5)
    expect_vectorised(
        "log_loss",
        log_loss,
        lambda m: ((rng.random(m) < 0.5) * 1.0, rng.uniform(0.1, 0.9, m)),
        REFERENCE["log_loss"],
    )


def logistic_cost_values(logistic_cost):
    _logistic.cost_values(logistic_cost, REFERENCE["logistic_cost"], NO_PENALTY)


def logistic_cost_stable(logistic_cost):
    _logistic.cost_stable(logistic_cost, REFERENCE["logistic_cost"])


def logistic_cost_vectorised(logistic_cost):
    _logistic.cost_vectorised(logistic_cost, REFERENCE["logistic_cost"])


def logistic_gradient_values(logistic_gradient):
    _logistic.gradient_values(
        logistic_gradient, REFERENCE["logistic_gradient"], NO_PENALTY
    )


def logistic_gradient_finite_differences(logistic_gradient, logistic_cost):
    _logistic.gradient_finite_differences(
        logistic_gradient, logistic_cost, REFERENCE["logistic_cost"], NO_PENALTY
    )


def logistic_gradient_vectorised(logistic_gradient):
    _logistic.gradient_vectorised(logistic_gradient, REFERENCE["logistic_gradient"])
