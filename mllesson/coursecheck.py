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
from .optim import _cost_and_gradient
from .optim import gradient_descent as _gradient_descent
from .optim import sgd as _sgd

__all__ = [
    "SelfCheckError",
    "check_gradient_descent",
    "check_hypothesis",
    "check_log_loss",
    "check_logistic_cost",
    "check_logistic_gradient",
    "check_map_feature",
    "check_one_vs_all",
    "check_predict",
    "check_predict_one_vs_all",
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


def _check_vectorised(report, fn, make_args):
    if not is_vectorised(fn, make_args):
        report.fail(
            "it runs a Python loop over the examples. Replace the loop with "
            "numpy operations on whole arrays (the task asks for vectorised code)."
        )
    report.ok("no loop over examples")


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
    out = call(r, gradient_descent, _cost, _grad, theta0, X, y, **kw)
    if not (isinstance(out, tuple) and len(out) == 2):
        r.fail("return a tuple (theta, history).")
    if not np.array_equal(theta0, start):
        r.fail("theta0 was modified in place: start from a copy, theta0.copy().")
    r.ok("theta0 left unchanged")
    theta, history = out
    check_array(r, np.asarray(history), (20,), what="history")
    ref_theta, ref_hist = _gradient_descent(_cost, _grad, theta0, X, y, **kw)
    args = (_cost, _grad, theta0, X, y)

    def mistakes(which):
        return [(m, lambda *a, v=v: v(*a, **kw)[which]) for m, v in GD_MISTAKES]

    check_value(r, np.asarray(history), ref_hist, args, mistakes(1), "the cost history")
    check_value(r, theta, ref_theta, args, mistakes(0), "the final θ")
    r.ok("θ and history after 20 steps")
    out = call(r, gradient_descent, _logistic_cost_gradient, True, theta0, X, y, **kw)
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
    out = call(r, sgd, _cost, _grad, theta0, X, y, **kw)
    if not (isinstance(out, tuple) and len(out) == 2):
        r.fail("return a tuple (theta, history).")
    if not np.array_equal(theta0, start):
        r.fail("theta0 was modified in place: start from a copy, theta0.copy().")
    r.ok("theta0 left unchanged")
    check_array(r, np.asarray(out[1]), (5,), what="history")
    ref = _sgd(_cost, _grad, theta0, X, y, **kw)
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
    full = call(
        r,
        sgd,
        _cost,
        _grad,
        theta0,
        X,
        y,
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
    got = call(r, standardize, new, ref[1], ref[2])
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
