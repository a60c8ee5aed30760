"""Self-checks of ps02, the cost (log_loss, logistic_cost, logistic_gradient).

ps05 reuses the last two with ``regularised=True``.

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import logistic, losses
from .fixtures import visible_problem
from .mistakes import COST_MISTAKES, GRADIENT_MISTAKES, LOG_LOSS_MISTAKES
from .report import Report, call, check_array, check_value

__all__ = ["check_log_loss", "check_logistic_cost", "check_logistic_gradient"]


def check_log_loss(log_loss):
    """Self-check for ``log_loss(y_true, y_prob, eps=1e-15)``."""
    r = Report("log_loss")
    y = np.array([1.0, 0.0, 1.0, 1.0])
    p = np.array([0.9, 0.2, 0.6, 0.35])
    out = call(r, log_loss, y.copy(), p.copy())
    if not isinstance(out, float | np.floating):
        r.fail(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    check_value(
        r,
        out,
        losses.log_loss(y, p),
        (y, p),
        LOG_LOSS_MISTAKES,
        "on 4 probabilities",
    )
    r.ok("value on 4 probabilities")
    r.done("probabilities of exactly 0 and 1 (clipping), eps, vectorisation")


def _check_at(r, fn, reference, mistakes, theta, X, y, lam, where):
    """Call ``fn`` on copies (``lam`` passed only if non-zero) and compare."""
    extra = (lam,) if lam else ()
    out = call(r, fn, theta.copy(), X.copy(), y.copy(), *extra)
    check_value(
        r, out, reference(theta, X, y, lam), (theta, X, y, lam), mistakes, where
    )
    return out


def check_logistic_cost(logistic_cost, regularised=False):
    """Self-check for ``logistic_cost(theta, X, y, lam=0.0)``.

    With ``regularised=True`` it also checks the L2 penalty (``lam > 0``).
    """
    r = Report("logistic_cost")
    theta, X, y = visible_problem()
    out = call(r, logistic_cost, np.zeros(3), X.copy(), y.copy())
    if not isinstance(out, float | np.floating):
        r.fail(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    args = (logistic_cost, logistic.logistic_cost, COST_MISTAKES)
    _check_at(r, *args, np.zeros(3), X, y, 0.0, "at θ = 0, where every cost is ln 2")
    r.ok("ln 2 at θ = 0")
    _check_at(r, *args, theta, X, y, 0.0, "on a 5-example problem")
    r.ok("value on 5 examples")
    if regularised:
        _check_at(r, *args, theta, X, y, 2.0, "with lam = 2")
        r.ok("penalty with lam = 2")
    r.done("very large |θᵀx| (stability), m = 1, other λ, vectorisation")


def check_logistic_gradient(logistic_gradient, regularised=False):
    """Self-check for ``logistic_gradient(theta, X, y, lam=0.0)``."""
    r = Report("logistic_gradient")
    theta, X, y = visible_problem()
    args = (logistic_gradient, logistic.logistic_gradient, GRADIENT_MISTAKES)
    out = _check_at(r, *args, theta, X, y, 0.0, "on a 5-example problem")
    check_array(r, out, theta.shape)
    r.ok("values on 5 examples")
    if regularised:
        _check_at(r, *args, theta, X, y, 2.0, "with lam = 2")
        r.ok("penalty gradient with lam = 2")
    r.done("finite differences of your own cost, other shapes, vectorisation")
