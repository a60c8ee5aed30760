"""Self-checks for the graded assignments: feedback that names the mistake.

Each ``check_<name>(your_function)`` runs your re-implementation of the
``mllesson`` function of the same name on a few small, visible inputs,
compares it with the reference, and prints what it checked::

    3 checks passed for sigmoid: shape, dtype, values at z = 0, ±2.
    Not checked here: very large |z|, vectorisation. The hidden tests check more.

When a check fails it raises :class:`SelfCheckError` with the likely mistake
(a flipped sign, a missing 1/m, θ₀ regularised, …). It finds the mistake by
computing the usual wrong versions of the function on the same inputs and
seeing which one your output matches. It never shows an expected value.

The grading side of the course reuses the catalogues of mistakes below, so
hidden-test failures are explained in the same words.
"""

import sys
from pathlib import Path

import numpy as np

from .activations import _sigmoid, _softmax
from .features import map_feature as _map_feature
from .features import standardize as _standardize
from .logistic import _logistic_cost_gradient
from .network import (
    ForwardCache,
    _activate,
    _activation_backward,
    _data_loss,
    _forward,
)
from .optim import _cost_and_gradient
from .optim import gradient_descent as _gradient_descent
from .optim import sgd as _sgd

__all__ = [
    "SelfCheckError",
    "check_backward",
    "check_forward",
    "check_gradient_descent",
    "check_hypothesis",
    "check_init_params",
    "check_leaky_relu",
    "check_log_loss",
    "check_logistic_cost",
    "check_logistic_gradient",
    "check_map_feature",
    "check_mcculloch_pitts",
    "check_nn_cost",
    "check_numerical_gradient",
    "check_one_vs_all",
    "check_perceptron_fit",
    "check_perceptron_update",
    "check_predict",
    "check_predict_one_vs_all",
    "check_relative_error",
    "check_relu",
    "check_sgd",
    "check_sigmoid",
    "check_softmax",
    "check_standardize",
    "is_vectorised",
]

#: Relative and absolute tolerance of every value comparison.
RTOL, ATOL = 1e-6, 1e-9


class SelfCheckError(AssertionError):
    """A self-check found a mistake; the message says which one."""


# --- the engine ---------------------------------------------------------------


class Report:
    """Collects the checks that passed and raises on the first failure."""

    def __init__(self, task):
        self.task = task
        self.passed = []

    def ok(self, what):
        self.passed.append(what)

    def fail(self, message):
        raise SelfCheckError(f"{self.task}: {message}")

    def done(self, not_checked):
        n = len(self.passed)
        print(
            f"{n} check{'s' * (n != 1)} passed for {self.task}: "
            f"{', '.join(self.passed)}.\nNot checked here: {not_checked}. "
            "The hidden tests check more inputs."
        )


def close(got, expected, equal_nan=False):
    """Same shape and values within the course's tolerance."""
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    expected = np.asarray(expected, dtype=np.float64)
    return got.shape == expected.shape and bool(
        np.allclose(got, expected, rtol=RTOL, atol=ATOL, equal_nan=equal_nan)
    )


def call(report, fn, *args, **kwargs):
    """Call the student's function, turning an exception into advice."""
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        report.fail(
            "it still raises NotImplementedError: replace the line "
            "`raise NotImplementedError()` with your code."
        )
    except SelfCheckError:
        raise
    except Exception as exc:  # the student's bug, reported in plain words
        hint = ""
        if "matmul" in str(exc) or "shapes" in str(exc) or "broadcast" in str(exc):
            hint = (
                " The shapes do not fit: check the order of the matrix product "
                "and whether a matrix needs transposing."
            )
        report.fail(f"calling it raised {type(exc).__name__}: {exc}.{hint}")


def check_array(report, out, shape, kind="f", what="the result"):
    """A numpy array of the given shape and dtype kind ('f' float, 'i' integer)."""
    if not isinstance(out, np.ndarray):
        report.fail(
            f"{what} should be a numpy array, got {type(out).__name__}. "
            "Build it with numpy operations rather than Python lists."
        )
    if out.shape != tuple(shape):
        extra = ""
        if out.ndim == len(shape) + 1 and 1 in out.shape:
            extra = " You returned a column or row; flatten it, or avoid reshaping."
        report.fail(f"{what} has shape {out.shape}, expected {tuple(shape)}.{extra}")
    if kind == "f" and out.dtype != np.float64:
        report.fail(f"{what} has dtype {out.dtype}, expected float64.")
    if kind == "i" and out.dtype.kind not in "iu":
        report.fail(
            f"{what} has dtype {out.dtype}, expected integers: "
            "convert the labels with .astype(int)."
        )
    if "shape" not in report.passed:
        report.ok("shape")


def diagnose(got, args, mistakes):
    """The message of the first known mistake whose output matches ``got``."""
    for message, wrong in mistakes:
        try:
            with np.errstate(all="ignore"):
                value = wrong(*args)
        except Exception:  # a mistake that cannot even run on these inputs
            continue
        if close(got, value, equal_nan=True):
            return message
    return None


def check_value(report, got, expected, args, mistakes, where):
    """Compare with the reference; on a mismatch, name the likely mistake."""
    if close(got, expected):
        return
    message = diagnose(got, args, mistakes)
    try:
        got_arr = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        got_arr = None
    if message is None and got_arr is not None:
        same_shape = got_arr.shape == np.shape(expected)
        if same_shape and not np.isfinite(got_arr).all():
            message = (
                "the result contains NaN or infinity. This is the numerical-"
                "stability trap: some intermediate step overflowed. See the "
                "chapter's section on computing it stably."
            )
        elif same_shape and np.ndim(expected):
            bad = ~np.isclose(got_arr, expected, rtol=RTOL, atol=ATOL)
            message = (
                "wrong values, matching none of the usual mistakes. "
                f"{int(bad.sum())} of {bad.size} entries differ."
            )
        elif not same_shape:
            message = (
                f"the result has shape {got_arr.shape}, expected {np.shape(expected)}."
            )
    report.fail(
        f"{where}: {message or 'wrong value, matching none of the usual mistakes.'}"
    )


def _is_library(filename):
    if filename.startswith("<"):  # "<frozen ...>" is Python's; "<string>" is not
        return filename.startswith("<frozen")
    path = Path(filename).resolve()
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(__file__).parent}
    return any(root.resolve() in path.parents for root in roots)


def count_lines(fn, *args, **kwargs):
    """How many lines of non-library Python code a call to ``fn`` executes."""
    count = 0
    cache = {}

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def tracer(frame, event, arg):
        name = frame.f_code.co_filename
        if name not in cache:
            cache[name] = _is_library(name)
        return None if cache[name] else local

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        fn(*args, **kwargs)
    finally:
        sys.settrace(old)
    return count


def is_vectorised(fn, make_args, small=10, large=1000):
    """Whether ``fn`` runs the same number of Python lines for few or many samples.

    ``make_args(m)`` returns the positional arguments for ``m`` samples. A
    Python loop over samples (``for``, ``while`` or a comprehension) runs
    about ``m`` times more lines, whatever its variable names or helpers.
    """
    n_small = count_lines(fn, *make_args(small))
    n_large = count_lines(fn, *make_args(large))
    return n_large <= n_small + 10


# --- unit 1: the hypothesis ----------------------------------------------------

SIGMOID_MISTAKES = [
    (
        "sign flipped in the exponent: σ(z) = 1 / (1 + e^(−z)).",
        lambda z: 1 / (1 + np.exp(z)),
    ),
    ("the 1 + is missing from the denominator.", lambda z: np.exp(z)),
    ("you returned 1 + e^(−z); take its reciprocal.", lambda z: 1 + np.exp(-z)),
    (
        "you returned the derivative σ(z)(1 − σ(z)).",
        lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
    ),
    ("you returned a step (0 or 1), not a smooth curve.", lambda z: (z >= 0) * 1.0),
]


def check_sigmoid(sigmoid):
    """Self-check for ``sigmoid(z)``."""
    r = Report("sigmoid")
    z = np.array([-2.0, 0.0, 2.0])
    out = call(r, sigmoid, z.copy())
    check_array(r, out, z.shape)
    r.ok("dtype")
    check_value(r, out, _sigmoid(z), (z,), SIGMOID_MISTAKES, "at z = −2, 0, 2")
    r.ok("values at z = 0, ±2")
    Z = np.array([[0.0, 1.0], [-1.0, 3.0]])
    out = call(r, sigmoid, Z.copy())
    check_array(r, out, Z.shape, what="the result for a 2-D input")
    check_value(r, out, _sigmoid(Z), (Z,), SIGMOID_MISTAKES, "on a 2-D input")
    r.ok("a 2-D input keeps its shape")
    r.done("very large |z| (where the naive formula overflows), vectorisation")


HYPOTHESIS_MISTAKES = [
    ("you forgot the sigmoid: h = σ(θᵀx), not θᵀx.", lambda t, X: X @ t),
    ("sign flipped: h = σ(+θᵀx).", lambda t, X: _sigmoid(-(X @ t))),
    (
        "the intercept is missing: X already has a column of ones, use all of θ.",
        lambda t, X: _sigmoid(X[:, 1:] @ t[1:]),
    ),
]


def _visible_problem():
    # Logits -0.75, 2.75, -1.75, 0.75 and 0.25: every threshold mistake shows.
    X = np.array(
        [[1.0, 0.5, -1.0], [1.0, -1.5, 2.0], [1.0, 2.0, 0.0], [1.0, 0.0, 1.0],
         [1.0, 0.0, 0.0]]
    )  # fmt: skip
    theta = np.array([0.25, -1.0, 0.5])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    return theta, X, y


def _make_design(m, n=2, seed=0):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(m), rng.normal(size=(m, n))])
    theta = rng.normal(size=n + 1)
    y = (rng.random(m) < 0.5).astype(np.float64)
    return theta, X, y


def check_hypothesis(hypothesis):
    """Self-check for ``hypothesis(theta, X)``."""
    r = Report("hypothesis")
    theta, X, _ = _visible_problem()
    out = call(r, hypothesis, theta.copy(), X.copy())
    check_array(r, out, (X.shape[0],))
    r.ok("dtype")
    check_value(
        r,
        out,
        _sigmoid(X @ theta),
        (theta, X),
        HYPOTHESIS_MISTAKES,
        "on a 5-example problem",
    )
    r.ok("values on 5 examples")
    r.done("one example (m = 1), a single feature, large θᵀx, vectorisation")


PREDICT_MISTAKES = [
    (
        "the threshold argument is ignored (always 0.5).",
        lambda t, X, thr: (_sigmoid(X @ t) >= 0.5).astype(int),
    ),
    (
        "the threshold was applied to θᵀx instead of to the probability σ(θᵀx).",
        lambda t, X, thr: (X @ t >= thr).astype(int),
    ),
    (
        "you used > where the rule is ≥: a probability at the threshold is class 1.",
        lambda t, X, thr: (_sigmoid(X @ t) > thr).astype(int),
    ),
    (
        "the labels are flipped: class 1 is where h ≥ threshold.",
        lambda t, X, thr: (_sigmoid(X @ t) < thr).astype(int),
    ),
    (
        "the sigmoid was applied after thresholding; threshold the probability.",
        lambda t, X, thr: _sigmoid((X @ t >= thr) * 1.0),
    ),
]


def _reference_predict(theta, X, threshold=0.5):
    return (_sigmoid(X @ theta) >= threshold).astype(np.int64)


def check_predict(predict):
    """Self-check for ``predict(theta, X, threshold=0.5)``."""
    r = Report("predict")
    theta, X, _ = _visible_problem()
    for thr in (0.5, 0.3):
        out = call(r, predict, theta.copy(), X.copy(), thr)
        check_value(
            r,
            out,
            _reference_predict(theta, X, thr),
            (theta, X, thr),
            PREDICT_MISTAKES,
            f"with threshold={thr}",
        )
        check_array(r, out, (X.shape[0],), kind="i")
    r.ok("integer labels")
    r.ok("labels at thresholds 0.5 and 0.3")
    r.done("a probability exactly at the threshold, m = 1, vectorisation")


# --- unit 2: the cost --------------------------------------------------------


def _reference_log_loss(y, p, eps=1e-15):
    p = np.clip(p, eps, 1 - eps)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def _naive_log_loss(y, p, eps=1e-15):
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


LOG_LOSS_MISTAKES = [
    (
        "the minus sign is missing: the loss must be positive.",
        lambda y, p, eps=1e-15: -_reference_log_loss(y, p, eps),
    ),
    (
        "you summed instead of averaging (missing 1/m).",
        lambda y, p, eps=1e-15: _reference_log_loss(y, p, eps) * len(y),
    ),
    (
        "y and 1 − y are swapped between the two log terms.",
        lambda y, p, eps=1e-15: _reference_log_loss(1 - y, p, eps),
    ),
    (
        "the probabilities are not clipped to [eps, 1 − eps] before the log.",
        _naive_log_loss,
    ),
]


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
        _reference_log_loss(y, p),
        (y, p),
        LOG_LOSS_MISTAKES,
        "on 4 probabilities",
    )
    r.ok("value on 4 probabilities")
    r.done("probabilities of exactly 0 and 1 (clipping), eps, vectorisation")


def _cost(theta, X, y, lam=0.0):
    return _logistic_cost_gradient(theta, X, y, lam)[0]


def _grad(theta, X, y, lam=0.0):
    return _logistic_cost_gradient(theta, X, y, lam)[1]


def _clipped_cost(theta, X, y):
    return _reference_log_loss(y, _sigmoid(X @ theta))


def _penalty(theta, X, lam, scale=1.0, skip_intercept=True):
    w = theta[1:] if skip_intercept else theta
    return scale * lam / (2 * X.shape[0]) * float(w @ w)


COST_MISTAKES = [
    (
        "the minus sign is missing: the cost must be positive.",
        lambda t, X, y, lam=0.0: -_cost(t, X, y, 0) + _penalty(t, X, lam),
    ),
    (
        "you summed instead of averaging (missing 1/m).",
        lambda t, X, y, lam=0.0: _cost(t, X, y, 0) * len(y) + _penalty(t, X, lam),
    ),
    (
        "y and 1 − y are swapped between the two log terms.",
        lambda t, X, y, lam=0.0: _cost(t, X, 1 - y, 0) + _penalty(t, X, lam),
    ),
    (
        "finite but wrong for large |θᵀx|: clipping the probabilities caps each "
        "term at −log(eps). Compute from the logits, log(1 + e^z) − y z, with "
        "np.logaddexp.",
        lambda t, X, y, lam=0.0: _clipped_cost(t, X, y) + _penalty(t, X, lam),
    ),
    (
        "θ₀ is regularised: the penalty sums θ_j² for j ≥ 1 only.",
        lambda t, X, y, lam=0.0: _cost(t, X, y, 0) + _penalty(t, X, lam, 1, False),
    ),
    (
        "the penalty should be λ/(2m), not λ/m.",
        lambda t, X, y, lam=0.0: _cost(t, X, y, 0) + _penalty(t, X, lam, 2),
    ),
    (
        "the penalty should be λ/(2m): the 1/m is missing.",
        lambda t, X, y, lam=0.0: _cost(t, X, y, 0) + _penalty(t, X, lam, len(y)),
    ),
    (
        "the penalty λ/(2m) Σθ_j² is missing, or lam is ignored.",
        lambda t, X, y, lam=0.0: _cost(t, X, y, 0),
    ),
]


def _reg_grad(t, X, lam, scale=1.0, skip_intercept=True):
    w = t.copy()
    if skip_intercept:
        w[0] = 0.0
    return scale * lam / X.shape[0] * w


GRADIENT_MISTAKES = [
    (
        "the sign is flipped: the gradient is Xᵀ(h − y)/m, not Xᵀ(y − h)/m.",
        lambda t, X, y, lam=0.0: -_grad(t, X, y, 0) + _reg_grad(t, X, lam),
    ),
    (
        "the 1/m is missing.",
        lambda t, X, y, lam=0.0: _grad(t, X, y, 0) * len(y) + _reg_grad(t, X, lam),
    ),
    (
        "you forgot the sigmoid: that is linear regression's gradient Xᵀ(Xθ − y)/m.",
        lambda t, X, y, lam=0.0: X.T @ (X @ t - y) / len(y) + _reg_grad(t, X, lam),
    ),
    (
        "θ₀ is regularised: leave the intercept's component alone.",
        lambda t, X, y, lam=0.0: _grad(t, X, y, 0) + _reg_grad(t, X, lam, 1, False),
    ),
    (
        "the penalty's gradient is (λ/m)θ_j, not (λ/2m)θ_j.",
        lambda t, X, y, lam=0.0: _grad(t, X, y, 0) + _reg_grad(t, X, lam, 0.5),
    ),
    (
        "the penalty's gradient is (λ/m)θ_j: the 1/m is missing.",
        lambda t, X, y, lam=0.0: _grad(t, X, y, 0) + _reg_grad(t, X, lam, len(y)),
    ),
    (
        "the penalty's gradient (λ/m)θ_j is missing, or lam is ignored.",
        lambda t, X, y, lam=0.0: _grad(t, X, y, 0),
    ),
]


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
    theta, X, y = _visible_problem()
    out = call(r, logistic_cost, np.zeros(3), X.copy(), y.copy())
    if not isinstance(out, float | np.floating):
        r.fail(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    args = (logistic_cost, _cost, COST_MISTAKES)
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
    theta, X, y = _visible_problem()
    args = (logistic_gradient, _grad, GRADIENT_MISTAKES)
    out = _check_at(r, *args, theta, X, y, 0.0, "on a 5-example problem")
    check_array(r, out, theta.shape)
    r.ok("values on 5 examples")
    if regularised:
        _check_at(r, *args, theta, X, y, 2.0, "with lam = 2")
        r.ok("penalty gradient with lam = 2")
    r.done("finite differences of your own cost, other shapes, vectorisation")


# --- unit 3: gradient descent ---------------------------------------------------


def _gd_variant(kind):
    """A wrong gradient descent, for diagnosis."""

    def run(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100, lam=0.0):
        f = _cost_and_gradient(cost, gradient)
        theta = np.array(theta0, dtype=float)
        history = []
        for _ in range(n_iters - (kind == "off_by_one")):
            J, g = f(theta, X, y, 0.0 if kind == "no_lam" else lam)
            if kind == "ascent":
                theta = theta + learning_rate * g
            else:
                theta = theta - learning_rate * g
            if kind == "after":
                J = f(theta, X, y, lam)[0]
            history.append(J)
        return theta, np.array(history)

    return run


GD_MISTAKES = [
    ("the step goes uphill: θ ← θ − α∇J, with a minus.", _gd_variant("ascent")),
    (
        "history[k] must be the cost before step k (history[0] is the cost at θ0).",
        _gd_variant("after"),
    ),
    ("lam is not passed on to the cost and gradient.", _gd_variant("no_lam")),
    ("one step too few: take exactly n_iters steps.", _gd_variant("off_by_one")),
]


def _gd_problem():
    # Seven examples: batches of 3 leave a smaller last batch of 1.
    _, X, y = _visible_problem()
    extra = np.array([[1.0, 1.0, 1.0], [1.0, -0.5, -2.0], [1.0, 0.3, 0.7]])
    return np.zeros(3), np.vstack([X, extra]), np.concatenate([y, [1.0, 0.0, 0.0]])


def check_gradient_descent(gradient_descent):
    """Self-check for ``gradient_descent(cost, gradient, theta0, X, y, *, ...)``."""
    r = Report("gradient_descent")
    theta0, X, y = _gd_problem()
    kw = dict(learning_rate=0.5, n_iters=20, lam=0.5)
    start = theta0.copy()
    # X and y go in as copies: the reference below must use data the student's
    # function never held. theta0 itself goes in, to see it left unchanged.
    out = call(r, gradient_descent, _cost, _grad, theta0, X.copy(), y.copy(), **kw)
    if not (isinstance(out, tuple) and len(out) == 2):
        r.fail("return a tuple (theta, history).")
    theta, history = out
    check_array(r, np.asarray(history), (20,), what="history")
    ref_theta, ref_hist = _gradient_descent(_cost, _grad, start, X, y, **kw)
    args = (_cost, _grad, theta0, X, y)

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
    fused = _logistic_cost_gradient
    out = call(r, gradient_descent, fused, True, theta0, X.copy(), y.copy(), **kw)
    check_value(r, out[0], ref_theta, args, [], "with gradient=True")
    r.ok("gradient=True")
    r.done("other costs and shapes, long runs")


def _sgd_variant(kind):
    def run(
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
        f = _cost_and_gradient(cost, gradient)
        theta = np.array(theta0, dtype=float)
        m = X.shape[0]
        history = []
        for _ in range(epochs):
            stop = m - m % batch_size if kind == "drop_last" else m
            total = 0.0
            for s in range(0, stop, batch_size):
                idx = np.arange(s, min(s + batch_size, m))
                scale = 1.0 if kind == "full_lam" else len(idx) / m
                J, g = f(theta, X[idx], y[idx], lam * scale)
                total += J * (len(idx) if kind != "unweighted" else 1)
                theta = theta - learning_rate * g
                if kind == "one_step":
                    break
            history.append(total / (m if kind != "unweighted" else -(-m // batch_size)))
        return theta, np.array(history)

    return run


SGD_MISTAKES = [
    (
        "each batch must see lam * b / m (b its size): the cost divides its penalty "
        "by the rows it is given, and the penalty must stay λ/(2m).",
        _sgd_variant("full_lam"),
    ),
    (
        "the last, smaller batch of each epoch is skipped: use every example.",
        _sgd_variant("drop_last"),
    ),
    ("only one step per epoch: take one step per batch.", _sgd_variant("one_step")),
]


def check_sgd(sgd):
    """Self-check for ``sgd(cost, gradient, theta0, X, y, *, ...)``."""
    r = Report("sgd")
    theta0, X, y = _gd_problem()
    start = theta0.copy()
    kw = dict(learning_rate=0.5, epochs=5, batch_size=3, lam=0.5, shuffle=False)
    out = call(r, sgd, _cost, _grad, theta0, X.copy(), y.copy(), **kw)
    if not (isinstance(out, tuple) and len(out) == 2):
        r.fail("return a tuple (theta, history).")
    check_array(r, np.asarray(out[1]), (5,), what="history")
    ref = _sgd(_cost, _grad, start, X, y, **kw)
    args = (_cost, _grad, theta0, X, y)
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
        _cost,
        _grad,
        theta0,
        X.copy(),
        y.copy(),
        learning_rate=0.5,
        epochs=5,
        batch_size=len(y),
        rng=0,
    )
    gd = _gradient_descent(_cost, _grad, theta0, X, y, learning_rate=0.5, n_iters=5)
    check_value(r, full[0], gd[0], args, [], "with batch_size = m (batch GD)")
    r.ok("batch_size = m equals batch gradient descent")
    r.done("shuffled runs (graded by their cost), larger data, the rng argument")


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


def check_standardize(standardize):
    """Self-check for ``standardize(X, mean=None, std=None)``."""
    r = Report("standardize")
    X = np.array([[1.0, 10.0, 3.0], [3.0, 20.0, 3.0], [8.0, 60.0, 3.0]])
    out = call(r, standardize, X.copy())
    if not (isinstance(out, tuple) and len(out) == 3):
        r.fail("return a tuple (X_scaled, mean, std).")
    ref = _standardize(X)
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
        _standardize(new, ref[1], ref[2])[0],
        (new,),
        [],
        "transforming new data with the training mean and std",
    )
    r.ok("reuse of mean and std")
    r.done("other shapes, vectorisation")


# --- unit 4: multiclass -------------------------------------------------------

SOFTMAX_MISTAKES = [
    (
        "normalise each row (axis=1, keepdims=True); you normalised the columns.",
        lambda Z: np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True),
    ),
    (
        "you divided by the sum of the whole array, not of each row.",
        lambda Z: np.exp(Z) / np.exp(Z).sum(),
    ),
    ("you returned the exponentials without dividing by their sum.", np.exp),
]


def check_softmax(softmax):
    """Self-check for ``softmax(Z)``."""
    r = Report("softmax")
    Z = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [2.0, -1.0, 0.5]])
    out = call(r, softmax, Z.copy())
    check_array(r, out, Z.shape)
    check_value(r, out, _softmax(Z), (Z,), SOFTMAX_MISTAKES, "on a 3×3 input")
    r.ok("values on a 3×3 input")
    z = np.array([1.0, 3.0])
    out = call(r, softmax, z.copy())
    check_array(r, np.asarray(out), z.shape, what="the result for a 1-D input")
    check_value(r, out, _softmax(z), (z,), [], "on a 1-D input")
    r.ok("a 1-D input")
    r.done("scores of ±1000 (stability), other shapes, vectorisation")


# --- unit 5: regularisation -----------------------------------------------------


def _map_feature_variant(kind):
    def run(x1, x2, degree=6):
        cols = [] if kind == "no_ones" else [np.ones_like(x1)]
        top = degree if kind != "short" else degree - 1
        for i in range(1, top + 1):
            for j in range(i + 1):
                if kind == "swapped":
                    cols.append(x1**j * x2 ** (i - j))
                elif kind == "no_minus":
                    cols.append(x1**i * x2**j)
                else:
                    cols.append(x1 ** (i - j) * x2**j)
        return np.column_stack(cols)

    return run


MAP_FEATURE_MISTAKES = [
    ("the column of ones is missing: it comes first.", _map_feature_variant("no_ones")),
    (
        "the powers are swapped: within degree i, x1's power goes down from i while "
        "x2's goes up from 0.",
        _map_feature_variant("swapped"),
    ),
    (
        "the degree-i terms are x1^(i−j) · x2^j, not x1^i · x2^j.",
        _map_feature_variant("no_minus"),
    ),
    (
        "the highest degree is missing: go up to and including degree.",
        _map_feature_variant("short"),
    ),
]


def check_map_feature(map_feature):
    """Self-check for ``map_feature(x1, x2, degree=6)``."""
    r = Report("map_feature")
    x1, x2 = np.array([2.0, -1.0, 0.5]), np.array([3.0, 0.5, -2.0])
    out = call(r, map_feature, x1.copy(), x2.copy(), 2)
    check_value(
        r,
        out,
        _map_feature(x1, x2, 2),
        (x1, x2, 2),
        MAP_FEATURE_MISTAKES,
        "at degree 2",
    )
    check_array(r, out, (3, 6))
    r.ok("columns at degree 2")
    out = call(r, map_feature, x1.copy(), x2.copy())
    check_value(
        r,
        out,
        _map_feature(x1, x2),
        (x1, x2),
        MAP_FEATURE_MISTAKES,
        "at the default degree 6",
    )
    check_array(r, out, (3, 28), what="the result at the default degree")
    r.ok("28 columns at degree 6")
    r.done("other degrees and sample sizes, vectorisation over samples")


def _ova_variant(kind):
    def run(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
        theta = np.zeros(X.shape[1])
        rows = []
        for k in range(num_labels):
            target = (y == (k + 1 if kind == "shifted" else k)).astype(np.float64)
            if kind != "warm":
                theta = np.zeros(X.shape[1])
            theta, _ = _gradient_descent(
                _logistic_cost_gradient,
                True,
                theta,
                X,
                target,
                learning_rate=learning_rate,
                n_iters=n_iters,
                lam=0.0 if kind == "no_lam" else lam,
            )
            rows.append(theta)
        return np.array(rows)

    return run


ONE_VS_ALL_MISTAKES = [
    (
        "classifier k must learn the labels [y == k]: yours look shifted by one class.",
        _ova_variant("shifted"),
    ),
    (
        "each classifier must start from zeros; yours starts where the previous "
        "class's training ended.",
        _ova_variant("warm"),
    ),
    ("lam is not passed on to the training.", _ova_variant("no_lam")),
]


def _reference_one_vs_all(*args, **kwargs):
    from .multiclass import one_vs_all  # imported here: multiclass imports optim

    return one_vs_all(*args, **kwargs)


def _three_classes():
    x = np.array(
        [
            [-2.0, 0.5, 1.0],
            [-1.5, -0.5, 0.0],
            [0.1, 2.0, -1.0],
            [0.3, 1.5, 0.5],
            [2.0, -1.0, 0.2],
            [1.8, -2.0, -0.4],
        ]
    )
    return np.column_stack([np.ones(6), x]), np.array([0, 0, 1, 1, 2, 2])


def check_one_vs_all(one_vs_all):
    """Self-check for ``one_vs_all(X, y, num_labels, lam=0.0, ...)``."""
    r = Report("one_vs_all")
    X, y = _three_classes()
    kw = dict(lam=0.1, learning_rate=0.5, n_iters=50)
    out = call(r, one_vs_all, X.copy(), y.copy(), 3, **kw)
    if isinstance(out, np.ndarray) and out.shape == (X.shape[1], 3):
        r.fail(
            "all_theta has shape (n + 1, num_labels): it should be "
            "(num_labels, n + 1), one row per class."
        )
    check_array(r, out, (3, X.shape[1]))
    mistakes = [(m, lambda *a, v=v: v(*a, **kw)) for m, v in ONE_VS_ALL_MISTAKES]
    check_value(
        r,
        out,
        _reference_one_vs_all(X, y, 3, **kw),
        (X, y, 3),
        mistakes,
        "after 50 steps on a 3-class problem",
    )
    r.ok("values on a 3-class problem")
    r.done("other numbers of classes and shapes, lam = 0, longer training")


PREDICT_ONE_VS_ALL_MISTAKES = [
    (
        "return the index of the best class, not its probability or score.",
        lambda T, X: _sigmoid(X @ T.T).max(axis=1),
    ),
    (
        "return the index of the best class, not its probability or score.",
        lambda T, X: (X @ T.T).max(axis=1),
    ),
    (
        "the classes are numbered from 0: yours start at 1.",
        lambda T, X: (X @ T.T).argmax(axis=1) + 1,
    ),
    (
        "take the class with the highest score (argmax), not the lowest.",
        lambda T, X: (X @ T.T).argmin(axis=1),
    ),
]


def check_predict_one_vs_all(predict_one_vs_all):
    """Self-check for ``predict_one_vs_all(all_theta, X)``."""
    r = Report("predict_one_vs_all")
    X, _ = _three_classes()
    all_theta = np.array(
        [[0.0, -2.0, 0.0, 0.3], [0.5, 0.0, 1.5, 0.0], [0.0, 2.0, -1.0, 0.1]]
    )
    out = call(r, predict_one_vs_all, all_theta.copy(), X.copy())
    expected = (X @ all_theta.T).argmax(axis=1)
    check_value(
        r,
        out,
        expected,
        (all_theta, X),
        PREDICT_ONE_VS_ALL_MISTAKES,
        "on 6 examples and 3 classes",
    )
    check_array(r, out, (X.shape[0],), kind="i")
    r.ok("integer labels")
    r.ok("labels on 6 examples")
    r.done("other numbers of classes, m = 1, vectorisation")


# --- unit 6: the perceptron ---------------------------------------------------

MCCULLOCH_PITTS_MISTAKES = [
    (
        "you used > where the unit fires at ≥: a sum exactly at the threshold fires.",
        lambda x, w, t: (x @ w > t).astype(int),
    ),
    (
        "the comparison is reversed: the unit fires (1) when the sum reaches the "
        "threshold.",
        lambda x, w, t: (x @ w < t).astype(int),
    ),
    (
        "you returned the weighted sum; return 1 where it reaches the threshold, "
        "else 0.",
        lambda x, w, t: x @ w,
    ),
    (
        "the threshold is ignored: compare the sum with threshold, not with 0.",
        lambda x, w, t: (x @ w >= 0).astype(int),
    ),
]


def check_mcculloch_pitts(mcculloch_pitts):
    """Self-check for ``mcculloch_pitts(x, weights, threshold)``."""
    r = Report("mcculloch_pitts")
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    for gate, w, t in (("AND", [1.0, 1.0], 2.0), ("OR", [1.0, 1.0], 1.0)):
        w = np.array(w)
        out = call(r, mcculloch_pitts, X.copy(), w.copy(), t)
        check_value(
            r,
            out,
            (X @ w >= t).astype(np.int64),
            (X, w, t),
            MCCULLOCH_PITTS_MISTAKES,
            f"the {gate} unit on the four inputs",
        )
        check_array(r, out, (4,), kind="i")
    r.ok("integer outputs")
    r.ok("AND and OR truth tables")
    out = call(r, mcculloch_pitts, np.array([1.0, 1.0]), np.array([1.0, 1.0]), 2.0)
    if np.ndim(out) != 0 or out != 1:
        r.fail(
            "a single example (x of shape (n,)) must give a single 0 or 1, "
            f"not {type(out).__name__} of shape {np.shape(out)}."
        )
    r.ok("a single example")
    r.done("other weights and thresholds, more inputs, vectorisation")


def _update_variant(kind):
    def run(w, b, x, y, learning_rate=1.0):
        w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
        z = x @ w + (0.0 if kind == "no_bias_in_z" else b)
        y_hat = 1.0 if (z > 0 if kind == "strict" else z >= 0) else 0.0
        eta = 1.0 if kind == "no_eta" else learning_rate
        step = eta * (y - y_hat)
        if kind == "sign":
            step = -step
        if kind == "label":
            step = eta * y * (y != y_hat)
        return w + step * x, b + (0.0 if kind == "no_bias" else step)

    return run


def _joined(out):
    """``(w, b)`` as one vector ``[w..., b]`` (None if it is not a pair)."""
    try:
        w, b = out
        return np.append(np.asarray(w, dtype=np.float64), float(b))
    except (TypeError, ValueError):
        return None


PERCEPTRON_UPDATE_MISTAKES = [
    (
        "the bias is not updated: b changes by η(y − ŷ) too.",
        _update_variant("no_bias"),
    ),
    (
        "the sign is flipped: w moves by +η(y − ŷ)x, towards a missed class-1 example.",
        _update_variant("sign"),
    ),
    (
        "the prediction uses > 0; the unit predicts 1 when w·x + b ≥ 0.",
        _update_variant("strict"),
    ),
    (
        "the prediction ignores the bias: ŷ = [w·x + b ≥ 0].",
        _update_variant("no_bias_in_z"),
    ),
    (
        "the step uses y instead of the error y − ŷ, so a mistake on class 0 "
        "changes nothing.",
        _update_variant("label"),
    ),
    ("the learning rate is ignored.", _update_variant("no_eta")),
]


def check_perceptron_update(perceptron_update):
    """Self-check for ``perceptron_update(w, b, x, y, learning_rate=1.0)``."""
    r = Report("perceptron_update")
    mistakes = [
        (m, lambda *a, v=v: _joined(v(*a))) for m, v in PERCEPTRON_UPDATE_MISTAKES
    ]
    cases = [
        ("a misclassified class-0 example", [1.0, 1.0], 0.0, [1.0, 1.0], 0.0, 1.0),
        ("a class-0 example on the boundary", [0.0, 0.0], 0.0, [1.0, 2.0], 0.0, 1.0),
        ("a missed class-1 example", [1.0, -1.0], 0.5, [1.0, 2.0], 1.0, 1.0),
        ("a correctly classified example", [1.0, -1.0], 0.5, [1.0, -2.0], 1.0, 1.0),
        ("learning_rate = 0.5", [0.5, 1.0], 0.25, [2.0, 1.0], 0.0, 0.5),
        ("a negative bias outweighing w·x", [1.0, 0.0], -2.0, [1.0, 3.0], 1.0, 1.0),
    ]  # fmt: skip
    for where, w, b, x, y, eta in cases:
        w, x = np.array(w), np.array(x)
        w0, x0 = w.copy(), x.copy()
        out = call(r, perceptron_update, w, b, x, y, eta)
        got = _joined(out)
        if got is None:
            r.fail("return a pair (w, b): the new weights and the new bias.")
        check_value(
            r,
            got,
            _joined(_update_variant("right")(w0, b, x0, y, eta)),
            (w0, b, x0, y, eta),
            mistakes,
            where,
        )
        # Unchanged inputs count only in a step that is right.
        if not (np.array_equal(w, w0) and np.array_equal(x, x0)):
            r.fail(
                "w or x was modified in place: return new arrays (w + ..., b + ...)."
            )
    check_array(r, out[0], (2,), what="w")
    r.ok("inputs left unchanged")
    r.ok("w and b after a mistake on each class, no change when right, η, b")
    r.done("more features, other learning rates, random cases")


def _fit_variant(kind):
    def run(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        update = _update_variant(kind)
        for _ in range(epochs):
            mistakes = 0
            for x_i, y_i in zip(X, y, strict=True):
                new_w, new_b = update(w, b, x_i, y_i, learning_rate)
                mistakes += bool((new_w != w).any() or new_b != b)
                w, b = new_w, new_b
            errors.append(mistakes)
            if mistakes == 0:
                break
        return w, b, np.array(errors)

    return run


PERCEPTRON_FIT_MISTAKES = [
    (
        "the bias is never updated: b changes by η(y − ŷ) with every mistake.",
        _fit_variant("no_bias"),
    ),
    (
        "the sign of the update is flipped: w moves by +η(y − ŷ)x.",
        _fit_variant("sign"),
    ),
    (
        "the prediction uses > 0; the unit predicts 1 when w·x + b ≥ 0.",
        _fit_variant("strict"),
    ),
    (
        "the prediction ignores the bias: ŷ = [w·x + b ≥ 0].",
        _fit_variant("no_bias_in_z"),
    ),
    ("the learning rate is ignored.", _fit_variant("no_eta")),
]


def _and_gate():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return X, np.array([0.0, 0.0, 0.0, 1.0])


def _check_fit_output(r, out, n_features):
    if not (isinstance(out, tuple) and len(out) == 3):
        r.fail("return a tuple (w, b, errors).")
    w, b, errors = out
    check_array(r, np.asarray(w), (n_features,), what="w")
    errors = np.asarray(errors)
    if errors.ndim != 1 or errors.size == 0:
        r.fail("errors must list the number of mistakes in each epoch run.")
    return np.asarray(w, dtype=np.float64), float(b), errors


def check_perceptron_fit(perceptron_fit):
    """Self-check for ``perceptron_fit(X, y, learning_rate=1.0, epochs=100, ...)``."""
    r = Report("perceptron_fit")
    X, y = _and_gate()
    kw = dict(learning_rate=0.5, epochs=20, shuffle=False)
    out = call(r, perceptron_fit, X.copy(), y.copy(), **kw)
    w, b, errors = _check_fit_output(r, out, 2)
    ref = _fit_variant("right")(X, y, **kw)
    mistakes = [
        (m, lambda *a, v=v: _joined(v(*a, **kw)[:2]))
        for m, v in PERCEPTRON_FIT_MISTAKES
    ]
    check_value(
        r,
        np.append(w, b),
        _joined(ref[:2]),
        (X, y),
        mistakes,
        "w and b after training on AND in the given order",
    )
    r.ok("w and b on AND without shuffling")
    if errors.shape == (20,) and errors[-1] == 0:
        r.fail("training must stop after the first epoch without a mistake.")
    check_value(r, errors, ref[2], (X, y), [], "the mistakes per epoch on AND")
    r.ok("mistakes per epoch, stopping after a clean epoch")
    out = call(r, perceptron_fit, X.copy(), 1 - y, epochs=50, shuffle=True, rng=0)
    w, b, errors = _check_fit_output(r, out, 2)
    if errors[-1] != 0 or not np.array_equal((X @ w + b >= 0).astype(int), 1 - y):
        r.fail(
            "with shuffling, training on NAND (separable) should end with an "
            "epoch without mistakes and classify all four inputs correctly."
        )
    r.ok("shuffled training converges on NAND")
    r.done("XOR (never converges), other data and learning rates, the rng argument")


# --- unit 7: feed-forward networks ----------------------------------------------

RELU_MISTAKES = [
    ("negative inputs must give 0, not |z|.", np.abs),
    ("you kept the negative part: relu(z) = max(0, z).", lambda z: np.minimum(z, 0)),
    ("you returned the derivative (0 or 1), not max(0, z).", lambda z: (z > 0) * 1.0),
]

LEAKY_RELU_MISTAKES = [
    (
        "alpha is ignored: negative inputs get the slope alpha, not 0.",
        lambda z, alpha=0.01: np.maximum(z, 0.0),
    ),
    (
        "the slope alpha belongs to the negative side: z if z > 0, else alpha·z.",
        lambda z, alpha=0.01: np.where(z > 0, alpha * z, z),
    ),
    (
        "negative inputs give alpha·z, not the constant alpha.",
        lambda z, alpha=0.01: np.where(z > 0, z, alpha),
    ),
]


def check_relu(relu):
    """Self-check for ``relu(z)``."""
    r = Report("relu")
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    out = call(r, relu, z.copy())
    check_array(r, out, z.shape)
    r.ok("dtype")
    check_value(
        r, out, np.maximum(z, 0.0), (z,), RELU_MISTAKES, "at z = −2, −0.5, 0, 0.5, 3"
    )
    r.ok("values on both sides of 0")
    Z = np.array([[1.0, -1.0], [-3.0, 2.0]])
    out = call(r, relu, Z.copy())
    check_array(r, out, Z.shape, what="the result for a 2-D input")
    r.ok("a 2-D input keeps its shape")
    r.done("other shapes, vectorisation")


def check_leaky_relu(leaky_relu):
    """Self-check for ``leaky_relu(z, alpha=0.01)``."""
    r = Report("leaky_relu")
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    for alpha in (0.1, None):
        args = (z,) if alpha is None else (z, alpha)
        out = call(
            r, leaky_relu, *(a.copy() if isinstance(a, np.ndarray) else a for a in args)
        )
        check_array(r, out, z.shape)
        a = 0.01 if alpha is None else alpha
        check_value(
            r,
            out,
            np.where(z > 0, z, a * z),
            args,
            LEAKY_RELU_MISTAKES,
            "with the default alpha" if alpha is None else f"with alpha = {alpha}",
        )
    r.ok("values with alpha = 0.1 and the default 0.01")
    r.done("other alphas and shapes, vectorisation")


def _xavier_limit(n_in, n_out):
    return np.sqrt(6.0 / (n_in + n_out))


def _check_layers(r, params, sizes):
    if not isinstance(params, list | tuple) or len(params) != len(sizes) - 1:
        r.fail(
            f"return a list of {len(sizes) - 1} (W, b) pairs for layer_sizes "
            f"{tuple(sizes)}: one pair per layer after the input."
        )
    for layer, (pair, n_in, n_out) in enumerate(
        zip(params, sizes[:-1], sizes[1:], strict=True), start=1
    ):
        W, b = (np.asarray(a) for a in pair)
        if W.shape == (n_in, n_out) and n_in != n_out:
            r.fail(
                f"W of layer {layer} has shape {W.shape}: it is transposed. "
                f"It should be (n_l, n_(l-1)) = {(n_out, n_in)}, one row per unit."
            )
        check_array(r, W, (n_out, n_in), what=f"W of layer {layer}")
        check_array(r, b, (n_out,), what=f"b of layer {layer}")
    return [(np.asarray(W, float), np.asarray(b, float)) for W, b in params]


def check_init_params(init_params):
    """Self-check for ``init_params(layer_sizes, method, epsilon, rng)``."""
    r = Report("init_params")
    sizes = (3, 5, 2)
    params = _check_layers(r, call(r, init_params, sizes, "xavier", 0.12, 0), sizes)
    r.ok("one (W, b) pair per layer")
    for layer, (W, b) in enumerate(params, start=1):
        limit = _xavier_limit(W.shape[1], W.shape[0])
        if np.any(b != 0):
            r.fail(f"b of layer {layer} must start at 0 for 'xavier'.")
        if np.abs(W).max() > limit:
            r.fail(
                f"W of layer {layer} has entries beyond the Xavier limit "
                "√(6 / (n_(l-1) + n_l)): draw uniformly between −limit and limit."
            )
        if np.unique(W).size < W.size:
            r.fail(f"W of layer {layer} repeats values: draw every entry at random.")
    r.ok("Xavier weights within their limit, zero biases")
    again = _check_layers(r, call(r, init_params, sizes, "xavier", 0.12, 0), sizes)
    if not all(np.array_equal(a[0], b[0]) for a, b in zip(params, again, strict=True)):
        r.fail(
            "the same rng seed gave different weights: draw from "
            "np.random.default_rng(rng), not from np.random directly."
        )
    r.ok("the same seed gives the same weights")
    big = _check_layers(r, call(r, init_params, (200, 100), "he", 0.12, 1), (200, 100))
    std = big[0][0].std()
    if not 0.9 < std / np.sqrt(2.0 / 200) < 1.1:
        r.fail("'he' weights need the standard deviation √(2 / n_(l-1)).")
    r.ok("He weights' spread")
    zeros = _check_layers(r, call(r, init_params, sizes, "zeros", 0.12, 0), sizes)
    if any(np.any(W != 0) or np.any(b != 0) for W, b in zeros):
        r.fail("method='zeros' must give all weights and biases 0.")
    r.ok("zeros")
    r.done("'uniform' and epsilon, other layer sizes, the spread of 'xavier'")


def _net_variant(kind):
    """A forward pass written with one of the usual mistakes ('right' for none)."""

    def act(Z, name):
        if name == "softmax" and kind == "softmax_axis0":
            e = np.exp(Z - Z.max(axis=0))
            return e / e.sum(axis=0)
        return _activate(Z, name)

    def run(params, X, hidden="relu", output="softmax"):
        A, Zs, As = X, [None], [X]
        for layer, (W, b) in enumerate(params, start=1):
            Z = A @ W.T + (0.0 if kind == "no_bias" else b)
            last = layer == len(params)
            if kind == "hidden_at_output":
                name = hidden
            elif kind == "linear_hidden" and not last:
                name = "identity"
            else:
                name = output if last else hidden
            A = act(Z, name)
            Zs.append(Z)
            As.append(A)
        return A, (Zs, As)

    return run


FORWARD_MISTAKES = [
    ("the biases are missing: Z = A W^T + b.", _net_variant("no_bias")),
    (
        "the output layer uses the hidden activation; it must use `output`.",
        _net_variant("hidden_at_output"),
    ),
    (
        "the hidden layers have no activation: apply `hidden` to every hidden Z.",
        _net_variant("linear_hidden"),
    ),
    (
        "softmax must normalise each row (one example), not each column.",
        _net_variant("softmax_axis0"),
    ),
]


def _small_net(sizes=(3, 4, 2), seed=7):
    rng = np.random.default_rng(seed)
    params = [
        (rng.normal(size=(n_out, n_in)), rng.normal(size=n_out))
        for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    X = rng.normal(size=(5, sizes[0]))
    return params, X


def _copy_params(params):
    return [(W.copy(), b.copy()) for W, b in params]


def _unpack_forward(r, out, m, n_out):
    if not (isinstance(out, tuple | list) and len(out) == 2):
        r.fail("return a pair (output, cache), with cache = (Z, A).")
    A_out, cache = out
    if isinstance(A_out, np.ndarray) and A_out.shape == (n_out, m) and m != n_out:
        r.fail(
            f"the output has shape {A_out.shape}: one row per example is "
            f"({m}, {n_out}). Compute Z = A_prev @ W.T + b."
        )
    check_array(r, np.asarray(A_out), (m, n_out), what="the output")
    try:
        Zs, As = cache
    except (TypeError, ValueError):
        r.fail("the cache must be a pair (Z, A) of lists, one entry per layer.")
    return A_out, list(Zs), list(As)


def check_forward(forward):
    """Self-check for ``forward(params, X, hidden='relu', output='softmax')``."""
    r = Report("forward")
    params, X = _small_net()
    for hidden, output in (("relu", "softmax"), ("tanh", "sigmoid")):
        out = call(r, forward, _copy_params(params), X.copy(), hidden, output)
        A_out, Zs, As = _unpack_forward(r, out, X.shape[0], 2)
        ref, cache = _forward(params, X, hidden, output)
        mistakes = [
            (m, lambda *a, v=v, h=hidden, o=output: v(*a, h, o)[0])
            for m, v in FORWARD_MISTAKES
        ]
        where = f"the output with hidden={hidden!r}, output={output!r}"
        check_value(r, A_out, ref, (params, X), mistakes, where)
        if len(Zs) != 3 or len(As) != 3:
            r.fail(
                "the cache holds one Z and one A per layer plus the input: "
                "Z = [None, Z1, Z2] and A = [X, A1, A2] for two layers."
            )
        if Zs[0] is not None or not close(As[0], X):
            r.fail("the cache starts with Z[0] = None and A[0] = X.")
        for name, got, want in (("Z", Zs, cache.Z), ("A", As, cache.A)):
            for layer in (1, 2):
                check_value(
                    r, got[layer], want[layer], (), [], f"{name}[{layer}] in the cache"
                )
    r.ok("output shape")
    r.ok("outputs for relu/softmax and tanh/sigmoid")
    r.ok("cached Z and A of every layer")
    r.done("deeper networks, other activations, large logits, m = 1, vectorisation")


# --- unit 8: backpropagation ----------------------------------------------------


def _nn_cost_variant(kind):
    def run(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
        _, cache = _forward(params, X, hidden, output)
        m = X.shape[0]
        data = _data_loss(cache.Z[-1], Y, output)
        weights = sum(float(np.vdot(W, W)) for W, _ in params)
        biases = sum(float(np.vdot(b, b)) for _, b in params)
        penalty = lam / (2 * m) * weights
        if kind == "sum":
            return data * m + penalty
        if kind == "sign":
            return -data + penalty
        if kind == "bias_reg":
            return data + penalty + lam / (2 * m) * biases
        if kind == "lam_over_m":
            return data + 2 * penalty
        if kind == "no_penalty":
            return data
        return data + penalty

    return run


NN_COST_MISTAKES = [
    ("you summed over the examples: divide by m.", _nn_cost_variant("sum")),
    ("the minus sign is missing: the cost must be positive.", _nn_cost_variant("sign")),
    (
        "the biases are regularised: the penalty sums the squared weights W only.",
        _nn_cost_variant("bias_reg"),
    ),
    ("the penalty is λ/(2m) Σ‖W‖², not λ/m Σ‖W‖².", _nn_cost_variant("lam_over_m")),
    (
        "the penalty λ/(2m) Σ‖W‖² is missing, or lam is ignored.",
        _nn_cost_variant("no_penalty"),
    ),
]


def _backward_variant(kind):
    def run(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
        Zs, As = cache
        m = Y.shape[0]
        dZ = (As[-1] - Y) if kind != "sign" else (Y - As[-1])
        if kind != "no_1_over_m":
            dZ = dZ / m
        grads = []
        for layer in range(len(params), 0, -1):
            W, b = params[layer - 1]
            dW = dZ.T @ As[layer - 1] + lam / (1 if kind == "reg_no_m" else m) * W
            db = dZ.sum(axis=0) + (lam / m * b if kind == "bias_reg" else 0.0)
            grads.append((dW, db))
            if layer > 1:
                dA = dZ @ W
                if kind != "no_derivative":
                    dA = _activation_backward(
                        dA.copy(), Zs[layer - 1], As[layer - 1], hidden
                    )
                dZ = dA
        return grads[::-1]

    return run


BACKWARD_MISTAKES = [
    (
        "the activation's derivative is dropped: dZ = (dZ_next W) ⊙ g'(Z) in "
        "every hidden layer.",
        _backward_variant("no_derivative"),
    ),
    (
        "the 1/m is missing from dZ of the output layer.",
        _backward_variant("no_1_over_m"),
    ),
    (
        "the sign is flipped: the output layer's dZ is (A − Y)/m.",
        _backward_variant("sign"),
    ),
    (
        "the biases are regularised: only dW gets (λ/m) W.",
        _backward_variant("bias_reg"),
    ),
    (
        "the penalty's gradient is (λ/m) W: the 1/m is missing.",
        _backward_variant("reg_no_m"),
    ),
]


def _flat_grads(grads):
    """A list of (dW, db) pairs laid end to end (None if it is not one)."""
    try:
        return np.concatenate(
            [np.ravel(np.asarray(a, dtype=np.float64)) for pair in grads for a in pair]
        )
    except (TypeError, ValueError):
        return None


def _one_hot_targets(m, k, seed=3):
    labels = np.arange(m) % k
    np.random.default_rng(seed).shuffle(labels)
    return np.eye(k)[labels]


def check_nn_cost(nn_cost):
    """Self-check for ``nn_cost(params, X, Y, lam, hidden, output)``."""
    r = Report("nn_cost")
    params, X = _small_net((3, 4, 3))
    Y = _one_hot_targets(X.shape[0], 3)
    zero = [(np.zeros_like(W), np.zeros_like(b)) for W, b in params]
    out = call(r, nn_cost, _copy_params(zero), X.copy(), Y.copy())
    if not isinstance(out, float | np.floating):
        r.fail(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    check_value(
        r,
        out,
        np.log(3),
        (zero, X, Y),
        NN_COST_MISTAKES,
        "with all weights 0, where the cost is ln 3",
    )
    r.ok("ln 3 with zero weights")
    ref = _nn_cost_variant("right")
    for lam, hidden, output, YY in (
        (0.0, "relu", "softmax", Y),
        (2.0, "tanh", "sigmoid", Y),
    ):
        out = call(
            r, nn_cost, _copy_params(params), X.copy(), YY.copy(), lam, hidden, output
        )
        check_value(
            r,
            out,
            ref(params, X, YY, lam, hidden, output),
            (params, X, YY, lam, hidden, output),
            NN_COST_MISTAKES,
            f"with lam={lam}, hidden={hidden!r}, output={output!r}",
        )
    r.ok("values for softmax and sigmoid outputs, with and without a penalty")
    r.done("large logits (stability), other networks, m = 1")


def check_backward(backward):
    """Self-check for ``backward(params, cache, Y, lam, hidden, output)``."""
    r = Report("backward")
    params, X = _small_net((3, 4, 2))
    Y = _one_hot_targets(X.shape[0], 2)
    ref = _backward_variant("right")
    for lam, hidden in ((0.0, "tanh"), (1.5, "sigmoid")):
        _, cache = _forward(params, X, hidden, "softmax")
        copy = ForwardCache(
            [None] + [z.copy() for z in cache.Z[1:]], [a.copy() for a in cache.A]
        )
        out = call(
            r, backward, _copy_params(params), copy, Y.copy(), lam, hidden, "softmax"
        )
        if not isinstance(out, list | tuple) or len(out) != len(params):
            r.fail("return a list of (dW, db) pairs, one per layer, like params.")
        for layer, (pair, (W, b)) in enumerate(zip(out, params, strict=True), start=1):
            if not (isinstance(pair, list | tuple) and len(pair) == 2):
                r.fail(f"grads[{layer - 1}] must be a pair (dW, db).")
            if np.shape(pair[0]) == W.T.shape and W.shape != W.T.shape:
                r.fail(
                    f"dW of layer {layer} is transposed: it has the shape of W.T; "
                    "dW = dZ.T @ A_prev."
                )
            check_array(r, np.asarray(pair[0]), W.shape, what=f"dW of layer {layer}")
            check_array(r, np.asarray(pair[1]), b.shape, what=f"db of layer {layer}")
        args = (params, cache, Y, lam, hidden, "softmax")
        mistakes = [
            (m, lambda *a, v=v: _flat_grads(v(*a))) for m, v in BACKWARD_MISTAKES
        ]
        check_value(
            r, _flat_grads(out), _flat_grads(ref(*args)), args, mistakes,
            f"the gradients with hidden={hidden!r}, lam={lam}",
        )  # fmt: skip
    r.ok("gradients for tanh and sigmoid hidden layers, with and without a penalty")
    r.done("finite differences of your cost, relu, deeper networks, sigmoid outputs")


def _numgrad_variant(kind):
    def run(f, x, eps=1e-4):
        x = np.array(x, dtype=np.float64)
        grad = np.empty_like(x)
        for idx in np.ndindex(x.shape):
            e = np.zeros_like(x)
            e[idx] = eps
            if kind == "forward":
                grad[idx] = (f(x + e) - f(x)) / eps
            else:
                grad[idx] = (f(x + e) - f(x - e)) / (eps if kind == "half" else 2 * eps)
        return grad

    return run


NUMERICAL_GRADIENT_MISTAKES = [
    (
        "divide by 2ε: the two points x ± ε are 2ε apart.",
        _numgrad_variant("half"),
    ),
    (
        "that is a one-sided difference (f(x + ε) − f(x)) / ε; use the central "
        "difference (f(x + ε) − f(x − ε)) / 2ε.",
        _numgrad_variant("forward"),
    ),
]


# Smooth functions of an array, for the numerical-gradient checks. They live in
# the package so that a grader can name them to a student's kernel.


def _cubic(x):
    return float(np.sum(x**3) + np.sum(x) ** 2)


def _sum_of_sines(x):
    return float(np.sum(np.sin(x)) + np.sum(x) ** 2)


def _log_sum_exp(x):
    return float(np.log(np.sum(np.exp(x))))


def _weighted_cube(x):
    w = np.arange(1.0, x.size + 1).reshape(x.shape)
    return float(np.sum(w * x**3))


def check_numerical_gradient(numerical_gradient):
    """Self-check for ``numerical_gradient(f, x, eps=1e-4)``."""
    r = Report("numerical_gradient")
    x = np.array([1.0, -2.0, 0.5])
    start = x.copy()
    for eps in (1e-4, 0.1):
        out = call(r, numerical_gradient, _cubic, x, eps)
        check_array(r, np.asarray(out), x.shape)
        # Central differences of a cubic are exact up to ε² x: compare with them.
        check_value(
            r, out, _numgrad_variant("right")(_cubic, start, eps), (_cubic, start, eps),
            NUMERICAL_GRADIENT_MISTAKES, f"f(x) = Σx³ + (Σx)² with eps = {eps}",
        )  # fmt: skip
        if not np.array_equal(x, start):  # credited only with the right values
            r.fail("x was left changed: put every entry back after nudging it.")
    r.ok("x left unchanged")
    r.ok("central differences of a cubic with eps = 1e-4 and 0.1")
    r.done("2-D x, other functions")


RELATIVE_ERROR_MISTAKES = [
    (
        "divide by ‖a‖ + ‖b‖, not by ‖a‖ alone.",
        lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a),
    ),
    (
        "use norms (square root of the sum of squares), not sums of absolute values.",
        lambda a, b: np.abs(a - b).sum() / (np.abs(a).sum() + np.abs(b).sum()),
    ),
    (
        "the norm of the difference is ‖a − b‖, not ‖a‖ − ‖b‖.",
        lambda a, b: (
            (np.linalg.norm(a) - np.linalg.norm(b))
            / (np.linalg.norm(a) + np.linalg.norm(b))
        ),
    ),
]


def check_relative_error(relative_error):
    """Self-check for ``relative_error(a, b)``."""
    r = Report("relative_error")
    a, b = np.array([3.0, 0.0, -4.0]), np.array([2.0, 1.0, -4.0])
    out = call(r, relative_error, a.copy(), b.copy())
    if not isinstance(out, float | np.floating):
        r.fail(f"return a single float, got {type(out).__name__}.")
    r.ok("a single float")
    expected = np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))
    check_value(r, out, expected, (a, b), RELATIVE_ERROR_MISTAKES, "on two 3-vectors")
    r.ok("value on two vectors")
    out = call(r, relative_error, np.zeros(2), np.zeros(2))
    if not close(out, 0.0):
        r.fail("two zero arrays agree perfectly: return 0 there, not NaN.")
    r.ok("0 for two zero arrays")
    r.done("2-D arrays, other values")
