"""Logistic regression against scikit-learn, finite differences and hand values."""

import math
import warnings

import numpy as np
import pytest
import sklearn.linear_model
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mllesson import (
    LogisticRegression,
    add_intercept,
    gradient_descent,
    hypothesis,
    logistic_cost,
    logistic_cost_gradient,
    logistic_gradient,
    predict,
    sigmoid_mse_cost,
    standardize,
)
from mllesson._base import NotFittedError


def _problem(seed, m=150, n=3):
    """Overlapping classes with correlated features, so no weight runs off."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n))
    X[:, 1] += 0.5 * X[:, 0]
    w = np.linspace(1.5, -1.0, n)
    y = (X @ w + 0.3 + rng.normal(size=m) > 0).astype(float)
    return X, y


def _sklearn_theta(X, y, lam):
    # scikit-learn minimises  C * sum_i loss_i + 1/2 |w|^2  (intercept free with
    # lbfgs). Dividing by C m gives  (1/m) sum_i loss_i + 1/(2 C m) |w|^2, our
    # cost with lam = 1/C. lam = 0 means no penalty, C = inf.
    C = np.inf if lam == 0 else 1.0 / lam
    ref = sklearn.linear_model.LogisticRegression(C=C, tol=1e-12, max_iter=10_000)
    ref.fit(X, y)
    return np.r_[ref.intercept_, ref.coef_.ravel()]


# --- scikit-learn ---------------------------------------------------------------


@pytest.mark.parametrize("lam", [0.0, 0.5, 5.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_estimator_matches_sklearn(seed, lam):
    X, y = _problem(seed)
    Xs = standardize(X)[0]
    # standardized data and a large step converge far below 1e-4 in 1000 steps
    clf = LogisticRegression(lam=lam, learning_rate=4.0, n_iters=1000).fit(Xs, y)
    np.testing.assert_allclose(clf.theta_, _sklearn_theta(Xs, y, lam), atol=1e-4)


@pytest.mark.parametrize("lam", [0.0, 2.0])
def test_functional_gradient_descent_matches_sklearn(lam):
    X, y = _problem(2, m=80, n=2)
    Xs = standardize(X)[0]
    theta, _ = gradient_descent(logistic_cost_gradient, True, np.zeros(3),
                                add_intercept(Xs), y, learning_rate=4.0,
                                n_iters=1000, lam=lam)  # fmt: skip
    np.testing.assert_allclose(theta, _sklearn_theta(Xs, y, lam), atol=1e-4)


@pytest.mark.parametrize("lam", [0.5, 5.0])
def test_sgd_estimator_reaches_sklearn_within_its_noise(lam):
    X, y = _problem(3)
    Xs = standardize(X)[0]
    clf = LogisticRegression(lam=lam, solver="sgd", learning_rate=0.05, n_iters=800,
                             batch_size=25, rng=0).fit(Xs, y)  # fmt: skip
    # A constant step leaves SGD jittering around the minimum by O(step), about
    # 5e-4 here; a wrong penalty per batch moves it by far more than 5e-3.
    np.testing.assert_allclose(clf.theta_, _sklearn_theta(Xs, y, lam), atol=5e-3)


# --- finite differences -----------------------------------------------------------


@pytest.mark.parametrize("lam", [0.0, 0.7, 10.0])
@pytest.mark.parametrize(("m", "n"), [(1, 1), (7, 2), (40, 5)])
@pytest.mark.parametrize("seed", range(2))
def test_gradient_matches_finite_differences(central_diff, seed, m, n, lam):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.normal(size=(m, n)))
    y = rng.integers(0, 2, size=m).astype(float)
    theta = rng.normal(size=n + 1)
    expected = central_diff(lambda t: logistic_cost(t, X, y, lam), theta)
    np.testing.assert_allclose(logistic_gradient(theta, X, y, lam), expected,
                               rtol=1e-6, atol=1e-8)  # fmt: skip
    J, grad = logistic_cost_gradient(theta, X, y, lam)
    # the readable form (logistic_cost_gradient) sums in another order than the
    # tuned kernel behind logistic_cost: equal to rounding
    assert J == pytest.approx(logistic_cost(theta, X, y, lam), rel=1e-14)
    np.testing.assert_allclose(grad, expected, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("lam", [0.0, 0.7])
@pytest.mark.parametrize("scale", [0.1, 1.0, 300.0])  # up to |z| ~ 1000: saturated
@pytest.mark.parametrize("seed", range(3))
def test_readable_and_tuned_cost_gradient_agree(seed, scale, lam):
    # The book shows logistic_cost_gradient; the training loops run the in-place
    # kernel tuned for benchmark B1. Same numbers, to rounding.
    from mllesson.logistic import _logistic_cost_gradient

    # 60 rows fit in one of the kernels' blocks of rows; 30,000 x 41 spans
    # three (the last one partial), in either memory order.
    for m, n, order in ((60, 4, "C"), (30_000, 40, "C"), (30_000, 40, "F")):
        rng = np.random.default_rng(seed)
        X = np.asarray(add_intercept(rng.normal(size=(m, n))), order=order)
        y = rng.integers(0, 2, size=m).astype(float)
        theta = scale * rng.normal(size=n + 1) / np.sqrt(n / 4)
        X0, y0, theta0 = X.copy(), y.copy(), theta.copy()
        J_read, g_read = logistic_cost_gradient(theta, X, y, lam)
        J_fast, g_fast = _logistic_cost_gradient(theta, X, y, lam)
        assert J_read == pytest.approx(J_fast, rel=1e-13)
        np.testing.assert_allclose(g_read, g_fast, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(
            logistic_gradient(theta, X, y, lam), g_read, rtol=1e-12, atol=1e-15
        )
        assert logistic_cost(theta, X, y, lam) == pytest.approx(J_read, rel=1e-13)
        for before, after in ((X0, X), (y0, y), (theta0, theta)):
            np.testing.assert_array_equal(before, after)


# --- hand-worked values -----------------------------------------------------------

X2 = np.array([[1.0, 2.0], [1.0, -1.0]])
Y2 = np.array([1.0, 0.0])


@given(
    st.integers(1, 30).flatmap(
        lambda m: st.tuples(
            arrays(np.float64, (m, 3), elements=st.floats(-1e3, 1e3)),
            arrays(np.float64, m, elements=st.sampled_from([0.0, 1.0])),
        )
    ),
    st.floats(0, 100),
)
def test_cost_at_zero_theta_is_ln_2_for_any_data(data, lam):
    X, y = data
    # h = sigma(0) = 1/2 for every example, so each loss is -ln(1/2) = ln 2,
    # and the penalty of theta = 0 is 0.
    assert logistic_cost(np.zeros(3), X, y, lam) == pytest.approx(math.log(2))


def test_two_example_gradient_by_hand():
    # theta = 0: h = [1/2, 1/2], h - y = [-1/2, 1/2]
    # grad = X^T (h - y) / 2 = [(-1/2 + 1/2), (-1/2 * 2 + 1/2 * -1)] / 2 = [0, -3/4]
    np.testing.assert_allclose(logistic_gradient([0.0, 0.0], X2, Y2), [0.0, -0.75])


def test_two_example_cost_and_gradient_with_penalty_by_hand():
    theta, lam = np.array([0.0, 1.0]), 2.0
    # z = X theta = [2, -1]; both examples are on their right side.
    # losses: -ln sigma(2) = ln(1 + e^-2), -ln(1 - sigma(-1)) = ln(1 + e^-1)
    # penalty: lam / (2m) * theta_1^2 = 2 / 4 * 1 = 1/2
    J = (math.log1p(math.exp(-2)) + math.log1p(math.exp(-1))) / 2 + 0.5
    assert logistic_cost(theta, X2, Y2, lam) == pytest.approx(J, rel=1e-14)
    # h - y = [sigma(2) - 1, sigma(-1)] = [-sigma(-2), sigma(-1)]
    s2, s1 = 1 / (1 + math.exp(2)), 1 / (1 + math.exp(1))
    # grad = [(-s2 + s1) / 2, (-2 s2 - s1) / 2 + (lam / m) theta_1]
    expected = [(-s2 + s1) / 2, (-2 * s2 - s1) / 2 + 1.0]
    np.testing.assert_allclose(logistic_gradient(theta, X2, Y2, lam), expected,
                               rtol=1e-14)  # fmt: skip


@pytest.mark.parametrize("theta0", [-3.0, 0.5, 4.0])
def test_intercept_is_never_penalised(theta0):
    theta = np.array([theta0, 0.0])
    # with theta_1 = 0 the penalty sees nothing, however large lam is
    assert logistic_cost(theta, X2, Y2, lam=50.0) == logistic_cost(theta, X2, Y2)
    np.testing.assert_array_equal(logistic_gradient(theta, X2, Y2, lam=50.0),
                                  logistic_gradient(theta, X2, Y2))  # fmt: skip


def test_hypothesis_and_predict_by_hand():
    X = [[1.0, -3.0], [1.0, 0.0], [1.0, math.log(3)], [1.0, 3.0]]
    # sigma(-3), sigma(0) = 1/2, sigma(ln 3) = 3/4, sigma(3)
    p = hypothesis([0.0, 1.0], X)
    np.testing.assert_allclose(p, [1 / (1 + math.exp(3)), 0.5, 0.75,
                                   1 / (1 + math.exp(-3))])  # fmt: skip
    np.testing.assert_array_equal(predict([0.0, 1.0], X), [0, 1, 1, 1])  # 1/2 -> 1
    # sigma(3) = 0.9526 is the only one at or above 0.9
    np.testing.assert_array_equal(predict([0.0, 1.0], X, threshold=0.9), [0, 0, 0, 1])
    np.testing.assert_array_equal(predict([0.0, 1.0], X, threshold=0.75), [0, 0, 1, 1])


def test_sigmoid_mse_cost_by_hand_and_its_non_convexity():
    # theta = 0: h = 1/2 everywhere, J = (1/4 + 1/4) / (2 * 2) = 1/8
    assert sigmoid_mse_cost([0.0, 0.0], X2, Y2) == 0.125
    # One example x = 1, y = 1, theta = [0, t]: J(t) = (sigma(t) - 1)^2 / 2.
    # On the plateau the midpoint lies above the chord, so J is not convex;
    # the log-loss at the same points lies below its chord.
    X, y = np.array([[1.0, 1.0]]), np.array([1.0])
    a, b = np.array([0.0, -10.0]), np.array([0.0, -6.0])
    mse_mid = sigmoid_mse_cost((a + b) / 2, X, y)
    mse_chord = (sigmoid_mse_cost(a, X, y) + sigmoid_mse_cost(b, X, y)) / 2
    assert mse_mid > mse_chord  # 0.49966 > 0.49876
    log_mid = logistic_cost((a + b) / 2, X, y)
    assert log_mid < (logistic_cost(a, X, y) + logistic_cost(b, X, y)) / 2


# --- properties -------------------------------------------------------------------


@settings(max_examples=50)
@given(
    arrays(np.float64, 3, elements=st.floats(-3, 3)),
    arrays(np.float64, (10, 2), elements=st.floats(-3, 3)),
)
def test_probabilities_lie_strictly_between_0_and_1(theta, X):
    # |z| <= 3 + 3*3 + 3*3 = 21; float64 keeps sigma(z) off 0 and 1 for |z| < 36
    p = hypothesis(theta, add_intercept(X))
    assert np.all((p > 0) & (p < 1))


@pytest.mark.parametrize("lam", [0.0, 3.0])
@pytest.mark.parametrize("seed", range(2))
def test_cost_history_does_not_increase_for_a_small_step(seed, lam):
    X, y = _problem(seed, m=60)
    A = add_intercept(X)
    m = A.shape[0]
    # The Hessian is X^T diag(h(1-h)) X / m + lam/m diag(0,1,..,1), bounded by
    # L = lambda_max(X^T X) / (4m) + lam/m; any step below 2/L never goes up.
    L = np.linalg.eigvalsh(A.T @ A).max() / (4 * m) + lam / m
    _, history = gradient_descent(
        logistic_cost_gradient, True, np.zeros(4), A, y,
        learning_rate=1.9 / L, n_iters=200, lam=lam,
    )  # fmt: skip
    # Once converged the cost only moves by rounding: allow a few ulps, no more.
    assert np.all(np.diff(history) <= 4 * np.finfo(float).eps * history[:-1])
    assert history[-1] < history[0] - 0.1


def test_separable_data_keeps_a_finite_decreasing_cost_without_warnings():
    X = np.array([[-3.0], [-2.0], [-1.0], [1.0], [2.0], [3.0]])
    y = np.array([0, 0, 0, 1, 1, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = LogisticRegression(learning_rate=5.0, n_iters=3000).fit(X, y)
    history = clf.loss_history_
    assert np.all(np.isfinite(history))
    assert np.all(np.diff(history) < 0)  # the weight grows without bound
    assert history[-1] < 1e-3
    assert clf.score(X, y) == 1.0


def test_huge_theta_keeps_cost_and_gradient_finite_and_warning_free():
    X = np.array([[1.0, 1.0], [1.0, -1.0]])
    y = np.array([1.0, 0.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        right = logistic_cost_gradient([0.0, 1e6], X, y, lam=0.0)
        wrong = logistic_cost_gradient([0.0, -1e6], X, y, lam=0.0)
        penalised = logistic_cost([0.0, 1e6], X, y, lam=1.0)
    # z = [1e6, -1e6]: both certain and right, cost 0, h - y = 0
    assert right[0] == 0.0
    np.testing.assert_array_equal(right[1], [0.0, 0.0])
    # z = [-1e6, 1e6]: both certain and wrong, each loss is |z| = 1e6, h - y = [-1, 1]
    # grad = [(-1 + 1) / 2, (-1 * 1 + 1 * -1) / 2] = [0, -1]
    assert wrong[0] == 1e6
    np.testing.assert_array_equal(wrong[1], [0.0, -1.0])
    # the penalty 1 / (2 * 2) * 1e12 = 2.5e11
    assert penalised == 2.5e11


# --- estimator ----------------------------------------------------------------------


def test_estimator_stores_only_its_parameters():
    clf = LogisticRegression(lam=-1.0, solver="nonsense")  # checked in fit, not here
    assert vars(clf) == {
        "lam": -1.0, "learning_rate": 0.1, "n_iters": 1000,
        "solver": "nonsense", "batch_size": 32, "rng": None,
    }  # fmt: skip
    assert clf.get_params() == vars(clf)
    assert repr(LogisticRegression()) == "LogisticRegression()"
    assert (repr(LogisticRegression(lam=1.0, solver="sgd", rng=3))
            == "LogisticRegression(lam=1.0, solver='sgd', rng=3)")  # fmt: skip


@pytest.mark.parametrize("solver", ["gd", "sgd"])
def test_fit_returns_self_and_sets_fitted_attributes(solver):
    X, y = _problem(0, m=40)
    clf = LogisticRegression(solver=solver, n_iters=50, rng=0)
    params = set(vars(clf))
    assert clf.fit(X, y) is clf
    fitted = set(vars(clf)) - params
    assert fitted == {"theta_", "coef_", "intercept_", "loss_history_", "classes_"}
    assert clf.coef_.shape == (3,) and isinstance(clf.intercept_, float)
    np.testing.assert_array_equal(clf.theta_, np.r_[clf.intercept_, clf.coef_])
    assert clf.loss_history_.shape == (50,)
    np.testing.assert_array_equal(clf.classes_, [0, 1])


def test_predict_proba_predict_and_score_agree():
    X, y = _problem(1, m=60)
    clf = LogisticRegression(n_iters=300).fit(X, y)
    proba = clf.predict_proba(X)
    assert proba.shape == (60, 2)
    assert np.all((proba >= 0) & (proba <= 1))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-15)
    np.testing.assert_allclose(proba[:, 1], hypothesis(clf.theta_, add_intercept(X)))
    np.testing.assert_array_equal(clf.predict(X), (proba[:, 1] >= 0.5).astype(int))
    np.testing.assert_array_equal(clf.predict(X), predict(clf.theta_, add_intercept(X)))
    score = clf.score(X, y)
    assert 0.0 <= score <= 1.0
    assert score == np.mean(clf.predict(X) == y)


def test_score_by_hand():
    clf = LogisticRegression()
    clf.theta_, clf.coef_, clf.intercept_ = np.array([0.0, 1.0]), np.array([1.0]), 0.0
    # predictions for x = -1, 2, 3 are [0, 1, 1]; against y = [0, 0, 1]: 2 of 3
    assert clf.score([[-1.0], [2.0], [3.0]], [0, 0, 1]) == pytest.approx(2 / 3)


def test_sgd_with_a_full_batch_equals_gradient_descent_exactly():
    X, y = _problem(2, m=30)
    gd = LogisticRegression(lam=1.0, n_iters=100).fit(X, y)
    sgd = LogisticRegression(lam=1.0, n_iters=100, solver="sgd", batch_size=30,
                             rng=5).fit(X, y)  # fmt: skip
    np.testing.assert_array_equal(sgd.theta_, gd.theta_)
    np.testing.assert_array_equal(sgd.loss_history_, gd.loss_history_)


# --- bad input: functions -------------------------------------------------------------

GOOD_THETA, GOOD_X, GOOD_Y = np.zeros(2), np.array([[1.0, 2.0], [1.0, 3.0]]), [0, 1]

WITH_Y = [logistic_cost, logistic_gradient, logistic_cost_gradient, sigmoid_mse_cost]
ALL = [hypothesis, predict, *WITH_Y]


def _call(f, theta=GOOD_THETA, X=GOOD_X, y=GOOD_Y):
    return f(theta, X) if f in (hypothesis, predict) else f(theta, X, y)


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("theta", "X", "error", "message"),
    [
        (np.zeros(3), GOOD_X, ValueError,
         r"^theta has length 3 but X has 2 columns; they must match "
         r"\(did you forget add_intercept\?\)"),
        (np.zeros((2, 1)), GOOD_X, ValueError, r"^theta must be 1-D, got a 2-D"),
        ([0.0, np.nan], GOOD_X, ValueError, r"^theta contains NaN"),
        ([0.0, np.inf], GOOD_X, ValueError, r"^theta contains infinity"),
        (["a", "b"], GOOD_X, TypeError, r"^theta must contain numbers"),
        (np.zeros(2), [1.0, 2.0], ValueError, r"^X must be 2-D, got a 1-D array"),
        (np.zeros(2), np.zeros((2, 2, 1)), ValueError, r"^X must be 2-D, got a 3-D"),
        (np.zeros(2), [[1.0, np.nan], [1.0, 0.0]], ValueError, r"^X contains NaN"),
        (np.zeros(2), [[1.0, -np.inf], [1.0, 0.0]], ValueError,
         r"^X contains infinity"),
        (np.zeros(2), np.zeros((0, 2)), ValueError, r"^X is empty"),
        (np.zeros(2), [[None, 1.0], [1.0, 1.0]], TypeError,
         r"^X must contain numbers, got dtype object"),
        (np.zeros(2), "X", TypeError, r"^X must be numeric array-like, got str"),
    ],
)  # fmt: skip
def test_functions_reject_bad_theta_and_X(f, theta, X, error, message):
    with pytest.raises(error, match=message):
        _call(f, theta, X)


@pytest.mark.parametrize("f", WITH_Y, ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("y", "error", "message"),
    [
        ([0, 2], ValueError, r"^y must contain only the labels 0 and 1, got \[2.0\]"),
        ([0.5, 1], ValueError, r"^y must contain only the labels 0 and 1, got \[0.5\]"),
        ([-1, 1], ValueError, r"^y must contain only the labels 0 and 1"),
        ([0, 1, 1], ValueError,
         r"^X and y have inconsistent numbers of samples: 2 != 3"),
        ([[0, 1]], ValueError, r"^y must be 1-D, got a 2-D array of shape \(1, 2\)"),
        ([0, np.nan], ValueError, r"^y contains NaN"),
        (["no", "yes"], TypeError, r"^y must contain numbers"),
        (None, TypeError, r"^y must contain numbers, got dtype object"),
        ([], ValueError, r"^y is empty"),
    ],
)  # fmt: skip
def test_functions_reject_bad_labels(f, y, error, message):
    with pytest.raises(error, match=message):
        _call(f, y=y)


@pytest.mark.parametrize(
    "f", [logistic_cost, logistic_gradient, logistic_cost_gradient],
    ids=lambda f: f.__name__,
)  # fmt: skip
@pytest.mark.parametrize(
    ("lam", "error", "message"),
    [
        (-0.1, ValueError, r"^lam must be a non-negative finite number, got -0.1"),
        (np.inf, ValueError, r"^lam must be a non-negative finite number, got inf"),
        ("1", TypeError, r"^lam must be a non-negative number, got '1'"),
        (None, TypeError, r"^lam must be a non-negative number, got None"),
    ],
)
def test_functions_reject_bad_lam(f, lam, error, message):
    with pytest.raises(error, match=message):
        f(GOOD_THETA, GOOD_X, GOOD_Y, lam)


@pytest.mark.parametrize(
    ("threshold", "error", "message"),
    [
        (0.0, ValueError, r"^threshold must be a positive finite number, got 0"),
        (1.0, ValueError, r"^threshold must be between 0 and 1, got 1.0"),
        (1.5, ValueError, r"^threshold must be between 0 and 1, got 1.5"),
        ("0.5", TypeError, r"^threshold must be a positive number, got '0.5'"),
    ],
)
def test_predict_rejects_bad_threshold(threshold, error, message):
    with pytest.raises(error, match=message):
        predict(GOOD_THETA, GOOD_X, threshold=threshold)


# --- bad input: estimator ------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "error", "message"),
    [
        ({"solver": "newton"}, ValueError,
         r"^solver must be one of 'gd', 'sgd'; got 'newton'"),
        ({"lam": -1.0}, ValueError, r"^lam must be a non-negative finite number"),
        ({"learning_rate": 0.0}, ValueError,
         r"^learning_rate must be a positive finite number, got 0.0"),
        ({"learning_rate": -0.1, "solver": "sgd"}, ValueError,
         r"^learning_rate must be a positive finite number, got -0.1"),
        ({"learning_rate": "fast"}, TypeError,
         r"^learning_rate must be a positive number, got 'fast'"),
        ({"n_iters": 0}, ValueError, r"^n_iters must be a positive integer, got 0"),
        ({"n_iters": 0, "solver": "sgd"}, ValueError,
         r"^n_iters must be a positive integer, got 0"),
        ({"n_iters": 10.0}, TypeError,
         r"^n_iters must be a positive integer, got 10.0"),
        ({"batch_size": 0, "solver": "sgd"}, ValueError,
         r"^batch_size must be a positive integer, got 0"),
        ({"batch_size": -5, "solver": "sgd"}, ValueError,
         r"^batch_size must be a positive integer, got -5"),
        ({"rng": "seed", "solver": "sgd"}, TypeError,
         r"^rng must be None, an int seed or a numpy.random.Generator, got 'seed'"),
        ({"rng": 1.5, "solver": "sgd"}, TypeError, r"^rng must be None, an int seed"),
    ],
)  # fmt: skip
def test_estimator_rejects_bad_hyperparameters_at_fit(params, error, message):
    X, y = _problem(0, m=40)
    with pytest.raises(error, match=message):
        LogisticRegression(**params).fit(X, y)


@pytest.mark.parametrize(
    ("X", "y", "error", "message"),
    [
        ([1.0, 2.0], [0, 1], ValueError, r"^X must be 2-D, got a 1-D array"),
        ([[1.0], [2.0]], [0, 1, 1], ValueError,
         r"^X and y have inconsistent numbers of samples: 2 != 3"),
        ([[1.0], [2.0]], [1, 2], ValueError,
         r"^y must contain only the labels 0 and 1"),
        ([[1.0], [np.nan]], [0, 1], ValueError, r"^X contains NaN"),
        ([[1.0], ["a"]], [0, 1], TypeError, r"^X must contain numbers"),
        (np.zeros((0, 1)), [], ValueError, r"^X is empty"),
    ],
)  # fmt: skip
def test_estimator_rejects_bad_data_at_fit(X, y, error, message):
    with pytest.raises(error, match=message):
        LogisticRegression(n_iters=5).fit(X, y)


@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function"])
def test_using_the_estimator_before_fit_is_an_error(method):
    with pytest.raises(NotFittedError, match=r"^this LogisticRegression is not fitted"):
        getattr(LogisticRegression(), method)([[1.0]])
    # a NotFittedError is a ValueError, like every other misuse
    with pytest.raises(ValueError, match=r"call fit\(X, y\) first"):
        getattr(LogisticRegression(), method)([[1.0]])


@pytest.mark.parametrize(
    ("X", "y", "error", "message"),
    [
        ([[1.0, 2.0]], None, ValueError,
         r"^X has 2 features, but LogisticRegression was fitted with 1"),
        ([1.0], None, ValueError, r"^X must be 2-D"),
        ([[1.0], [2.0]], [0, 1, 1], ValueError,
         r"^y has shape \(3,\) but predictions have shape \(2,\)"),
        ([[1.0], [2.0]], ["a", "b"], TypeError, r"^y must contain numbers"),
        ([[1.0], [2.0]], [[0, 1]], ValueError, r"^y must be 1-D"),
    ],
)  # fmt: skip
def test_fitted_estimator_rejects_bad_input(X, y, error, message):
    clf = LogisticRegression(n_iters=5).fit([[0.0], [1.0]], [0, 1])
    with pytest.raises(error, match=message):
        clf.predict(X) if y is None else clf.score(X, y)


@pytest.mark.parametrize("function", [logistic_cost, logistic_gradient])
@pytest.mark.parametrize("order", ["C", "F"])
def test_one_bad_entry_anywhere_in_X_is_named_even_where_theta_is_zero(
    function, order
):
    # These two compute first and look for NaN and inf in X only when the
    # result is not finite; a zero weight must not hide a bad entry (inf * 0
    # is NaN), in either memory order, whatever the labels.
    rng = np.random.default_rng(3)
    base = np.asarray(rng.normal(size=(5, 3)), order=order)
    thetas = [np.zeros(3), np.array([0.5, 0.0, -1.0])]
    labels = [np.zeros(5), np.ones(5), np.array([0.0, 1.0, 0.0, 1.0, 1.0])]
    for bad, word in [(np.nan, "NaN"), (np.inf, "infinity"), (-np.inf, "infinity")]:
        for i, j in np.ndindex(base.shape):
            X = base.copy(order="K")
            X[i, j] = bad
            for theta in thetas:
                for y in labels:
                    with pytest.raises(ValueError, match=f"^X contains {word}"):
                        function(theta, X, y)
