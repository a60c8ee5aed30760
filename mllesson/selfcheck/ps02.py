"""Self-checks of ps02, the cost (log_loss, logistic_cost, logistic_gradient).

ps05 reuses the last two with ``regularised=True``.

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import logistic, losses
from .compare import FD_ATOL, FD_RTOL, close, finite_difference
from .fixtures import visible_problem
from .mistakes import COST_MISTAKES, GRADIENT_MISTAKES, LOG_LOSS_MISTAKES
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = [
    "check_log_loss",
    "check_log_loss_clipping",
    "check_log_loss_vectorised",
    "check_logistic_cost",
    "check_logistic_cost_stable",
    "check_logistic_cost_vectorised",
    "check_logistic_gradient",
    "check_logistic_gradient_finite_differences",
    "check_logistic_gradient_vectorised",
]


def check_log_loss(log_loss):
    """Self-check for ``log_loss(y_true, y_prob, eps=1e-15)``."""
    r = Report("log_loss")
    y = np.array([1.0, 0.0, 1.0, 1.0])
    p = np.array([0.9, 0.2, 0.6, 0.35])
    out = call(r, log_loss, y.copy(), p.copy())
    if not isinstance(out, float | np.floating):
        r.fail_shape(f"return a single float, got {type(out).__name__}.")
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
    r.done("random probabilities, m = 1 to 200")


def check_log_loss_clipping(log_loss):
    """Self-check: probabilities of exactly 0 and 1 are clipped to [eps, 1 − eps]."""
    r = Report("log_loss")
    y = np.array([1.0, 0.0, 1.0, 0.0])
    p = np.array([0.0, 1.0, 1.0, 0.5])
    for extra in ((), (1e-3,)):
        out = call(r, log_loss, y.copy(), p.copy(), *extra)
        eps = f"eps = {extra[0]}" if extra else "the default eps"
        check_value(
            r,
            out,
            losses.log_loss(y, p, *extra),
            (y, p, *extra),
            LOG_LOSS_MISTAKES,
            f"with probabilities of 0 and 1 and {eps}",
        )
    r.ok("finite and right at p = 0 and p = 1, with the default eps and eps = 1e-3")
    r.done()


def _probabilities(m):
    return (np.arange(m) % 2) * 1.0, np.linspace(0.1, 0.9, m)


def check_log_loss_vectorised(log_loss):
    """Self-check: no Python loop over the examples."""
    r = Report("log_loss")
    check_vectorised(r, log_loss, _probabilities, losses.log_loss)
    r.done()


def _check_at(r, fn, reference, mistakes, theta, X, y, lam, where):
    """Call ``fn`` on copies (``lam`` passed only if non-zero) and compare."""
    extra = (lam,) if lam else ()
    out = call(r, fn, theta.copy(), X.copy(), y.copy(), *extra)
    check_value(
        r, out, reference(theta, X, y, lam), (theta, X, y, lam), mistakes, where
    )
    return out


def _section(task, regularised):
    return f"{task} with a penalty" if regularised else task


def check_logistic_cost(logistic_cost, regularised=False):
    """Self-check for ``logistic_cost(theta, X, y, lam=0.0)``.

    With ``regularised=True`` it also checks the L2 penalty (``lam > 0``).
    """
    r = Report("logistic_cost", _section("logistic_cost", regularised))
    theta, X, y = visible_problem()
    out = call(r, logistic_cost, np.zeros(3), X.copy(), y.copy())
    if not isinstance(out, float | np.floating):
        r.fail_shape(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    args = (logistic_cost, logistic.logistic_cost, COST_MISTAKES)
    _check_at(r, *args, np.zeros(3), X, y, 0.0, "at θ = 0, where every cost is ln 2")
    r.ok("ln 2 at θ = 0")
    _check_at(r, *args, theta, X, y, 0.0, "on a 5-example problem")
    r.ok("value on 5 examples")
    if regularised:
        _check_at(r, *args, theta, X, y, 2.0, "with lam = 2")
        r.ok("penalty with lam = 2")
    r.done("several shapes, m = 1, one feature" + (", λ from 0.1 to 100" * regularised))


def check_logistic_cost_stable(logistic_cost, regularised=False):
    """Self-check: finite and right when |θᵀx| is several hundred.

    A cost computed as log(σ(θᵀx)) takes the log of 0 there; one computed as
    log(1 + e^z) overflows. Only the logits form, np.logaddexp(0, z) − y z,
    stays right.
    """
    r = Report("logistic_cost", _section("logistic_cost", regularised))
    X = np.column_stack([np.ones(4), [1.0, -1.0, 2.0, -0.5]])
    y = np.array([0.0, 1.0, 0.0, 1.0])  # confidently wrong, mostly
    for theta in (np.array([0.0, 800.0]), np.array([2.0, -1000.0])):
        _check_at(
            r, logistic_cost, logistic.logistic_cost, COST_MISTAKES, theta, X, y,
            0.0, f"at θ = {theta.tolist()}, where |θᵀx| is several hundred",
        )  # fmt: skip
    r.ok("finite and right for |θᵀx| of several hundred")
    r.done()


def _examples(m):
    x = np.linspace(-2.0, 2.0, m)
    X = np.column_stack([np.ones(m), x, np.cos(3 * x)])
    return np.array([0.1, -0.2, 0.3]), X, (np.arange(m) % 2) * 1.0


def check_logistic_cost_vectorised(logistic_cost):
    """Self-check: no Python loop over the examples."""
    r = Report("logistic_cost")
    check_vectorised(r, logistic_cost, _examples, logistic.logistic_cost)
    r.done()


def check_logistic_gradient(logistic_gradient, regularised=False):
    """Self-check for ``logistic_gradient(theta, X, y, lam=0.0)``."""
    r = Report("logistic_gradient", _section("logistic_gradient", regularised))
    theta, X, y = visible_problem()
    args = (logistic_gradient, logistic.logistic_gradient, GRADIENT_MISTAKES)
    out = _check_at(r, *args, theta, X, y, 0.0, "on a 5-example problem")
    check_array(r, out, theta.shape)
    r.ok("values on 5 examples")
    if regularised:
        _check_at(r, *args, theta, X, y, 2.0, "with lam = 2")
        r.ok("penalty gradient with lam = 2")
    r.done("several shapes, m = 1, one feature" + (", λ from 0.1 to 100" * regularised))


def check_logistic_gradient_finite_differences(
    logistic_gradient, logistic_cost, regularised=False
):
    """Self-check: the gradient agrees with central differences of your own cost.

    While your ``logistic_cost`` is not right yet (its own task says so), the
    reference cost stands in, as in the hidden tests, so that one mistake is
    not charged twice.
    """
    r = Report("logistic_gradient", _section("logistic_gradient", regularised))
    theta, X, y = visible_problem()
    for lam in (0.0, 2.0) if regularised else (0.0,):
        extra = (lam,) if lam else ()

        def own(t, lam=lam, extra=extra):
            with np.errstate(all="ignore"):
                return logistic_cost(t.copy(), X.copy(), y.copy(), *extra)

        try:
            trusted = close(own(theta), logistic.logistic_cost(theta, X, y, lam))
        except Exception:  # noqa: BLE001  (a broken cost is its own task's failure)
            trusted = False
        cost = (
            own
            if trusted
            else (lambda t, lam=lam: logistic.logistic_cost(t, X, y, lam))
        )
        numeric = finite_difference(cost, theta)
        out = call(r, logistic_gradient, theta.copy(), X.copy(), y.copy(), *extra)
        check_array(r, out, theta.shape)
        if not np.allclose(out, numeric, rtol=FD_RTOL, atol=FD_ATOL):
            whose = "your logistic_cost" if trusted else "the reference cost"
            r.fail(
                f"with lam = {lam}, your gradient {np.round(out, 6).tolist()} "
                f"disagrees with the central differences of {whose}, "
                f"{np.round(numeric, 6).tolist()}."
            )
    r.ok(
        "agrees with central differences of the cost"
        + (" for lam = 0 and 2" * regularised)
    )
    r.done("more problems" + (" and strengths λ" * regularised))


def check_logistic_gradient_vectorised(logistic_gradient):
    """Self-check: no Python loop over the examples."""
    r = Report("logistic_gradient")
    check_vectorised(r, logistic_gradient, _examples, logistic.logistic_gradient)
    r.done()
