"""B1. Logistic regression: a batch gradient-descent step against its roofline.

A step of batch gradient descent reads the whole design matrix twice, once for
``z = X @ theta`` and once for ``X.T @ r``; with X of 200,000 x 101 float64
(162 MB) those two matrix-vector products are memory-bound and set the floor
("roofline") for any implementation. mllesson's step
(:func:`mllesson.gradient_descent` with the fused ``_logistic_cost_gradient``)
adds the sigmoid, the loss and the update on m-vectors. Target: at most 1.3x
the two bare-numpy products on the same arrays.

For context, scikit-learn's ``LogisticRegression`` (L-BFGS, no penalty) is
timed to reach the same training loss that mllesson's estimator reaches in
``N_ITERS`` steps.
"""

import warnings

import numpy as np

from ._common import Row, interleaved_medians, ratio

M, N = 200_000, 100
N_ITERS = 100  # gradient-descent steps of the estimator, for the sklearn row
LEARNING_RATE = 1.0  # suits standardised features
TARGET = ("<=", 1.3)
TARGET_PUBLIC = ("<=", 1.1)


def make_data(m, n, seed=0, intercept=True):
    """Standard-normal features and labels drawn from a logistic model.

    Filled in blocks of rows, so that making the data never needs a second
    copy of ``X`` (the memory benchmark counts every byte).
    """
    rng = np.random.default_rng(seed)
    offset = 1 if intercept else 0
    X = np.empty((m, n + offset))
    if intercept:
        X[:, 0] = 1.0
    block = 16_384
    for start in range(0, m, block):
        stop = min(start + block, m)
        X[start:stop, offset:] = rng.standard_normal((stop - start, n))
    theta_true = rng.standard_normal(n + offset) * (2.0 / np.sqrt(n))
    p = 1.0 / (1.0 + np.exp(-(X @ theta_true)))
    y = (rng.random(m) < p).astype(np.float64)
    return X, y


def step_times(X, y, iters, repeats):
    """Median seconds per step: mllesson against the two bare products."""
    from mllesson.logistic import _logistic_cost_gradient
    from mllesson.optim import gradient_descent

    theta0 = np.zeros(X.shape[1])
    theta = np.full(X.shape[1], 0.01)
    r = np.random.default_rng(1).standard_normal(X.shape[0])

    def ours():
        gradient_descent(
            _logistic_cost_gradient, True, theta0, X, y,
            learning_rate=LEARNING_RATE, n_iters=iters,
        )  # fmt: skip

    def roofline():
        for _ in range(iters):
            z = X @ theta  # noqa: F841 (the product is the point)
            X.T @ r

    t = interleaved_medians({"ours": ours, "roofline": roofline}, repeats)
    return {k: v / iters for k, v in t.items()}


def public_call_times(X, y, calls, repeats):
    """Median seconds of one public ``logistic_gradient(theta, X, y)`` call,
    input checks included, against the same two products: what an optimiser
    that is handed the public function pays per gradient."""
    from mllesson import logistic_gradient
    from mllesson.logistic import _logistic_gradient

    theta = np.full(X.shape[1], 0.01)
    r = np.random.default_rng(1).standard_normal(X.shape[0])

    def public():
        for _ in range(calls):
            logistic_gradient(theta, X, y)

    def unchecked():  # the floor: the same arithmetic, no input checks
        for _ in range(calls):
            _logistic_gradient(theta, X, y, 0.0)

    def roofline():
        for _ in range(calls):
            z = X @ theta  # noqa: F841 (the product is the point)
            X.T @ r

    t = interleaved_medians(
        {"public": public, "unchecked": unchecked, "roofline": roofline}, repeats
    )
    return {k: v / calls for k, v in t.items()}


def _mean_log_loss(clf, X, y):
    z = X @ clf.coef_.ravel() + np.ravel(clf.intercept_)[0]
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


def sklearn_to_same_loss(X, y, n_iters, repeats):
    """mllesson's estimator for ``n_iters`` steps against scikit-learn reaching
    the same training loss. Returns the fit times, the losses and max_iter."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression as SkLR

    from mllesson import LogisticRegression

    ours = LogisticRegression(learning_rate=LEARNING_RATE, n_iters=n_iters)
    ours.fit(X, y)
    target = _mean_log_loss(ours, X, y)

    def sk(max_iter):
        clf = SkLR(C=np.inf, tol=0.0, max_iter=max_iter)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return clf.fit(X, y)

    ladder = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 70, 100, 150]
    max_iter = ladder[-1]
    for k in ladder:
        if _mean_log_loss(sk(k), X, y) <= target * (1 + 1e-9):
            max_iter = k
            break
    sk_loss = _mean_log_loss(sk(max_iter), X, y)
    t = interleaved_medians(
        {
            "ours": lambda: LogisticRegression(
                learning_rate=LEARNING_RATE, n_iters=n_iters
            ).fit(X, y),
            "sklearn": lambda: sk(max_iter),
        },
        repeats,
        warmup=0,
    )
    return {
        "ours_s": t["ours"],
        "sklearn_s": t["sklearn"],
        "ours_loss": target,
        "sklearn_loss": sk_loss,
        "sklearn_max_iter": max_iter,
    }


def run(quick=False):
    m, n = (2_000, 10) if quick else (M, N)
    iters, repeats = (2, 1) if quick else (10, 9)
    X, y = make_data(m, n)
    t = step_times(X, y, iters, repeats)
    rows = [
        Row(
            "B1", f"GD step, m={m:,}, n={n} (vs X@θ + Xᵀ@r)",
            t["ours"], t["roofline"], ratio=ratio(t["ours"], t["roofline"]),
            target=TARGET,
        )  # fmt: skip
    ]
    public = public_call_times(X, y, iters, repeats)
    rows.append(
        Row(
            "B1", "public logistic_gradient(θ, X, y), checks included (vs X@θ + Xᵀ@r)",
            public["public"], public["roofline"],
            ratio=ratio(public["public"], public["roofline"]), target=TARGET_PUBLIC,
        )  # fmt: skip
    )
    rows.append(
        Row(
            "B1", "  of which: the same arithmetic without checks (sigmoid, residual)",
            public["unchecked"], public["roofline"],
            ratio=ratio(public["unchecked"], public["roofline"]),
        )  # fmt: skip
    )
    n_iters = 5 if quick else N_ITERS
    sk = sklearn_to_same_loss(X[:, 1:], y, n_iters, 1 if quick else 3)
    rows.append(
        Row(
            "B1", f"fit to loss {sk['ours_loss']:.4f} ({n_iters} GD steps) "
            f"vs sklearn L-BFGS ({sk['sklearn_max_iter']} iters)",
            sk["ours_s"], sk["sklearn_s"], ratio=ratio(sk["ours_s"], sk["sklearn_s"]),
        )  # fmt: skip
    )
    details = {"m": m, "n": n, "step": t, "public_call": public, "sklearn": sk}
    return {"rows": rows, "details": details}
