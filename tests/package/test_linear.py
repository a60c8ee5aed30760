"""Linear regression against scikit-learn, finite differences and hand values."""

import numpy as np
import pytest
import sklearn.linear_model

from mllesson import (
    LinearRegression,
    add_intercept,
    linear_cost,
    linear_gradient,
    normal_equation,
    standardize,
)
from mllesson._base import NotFittedError


def _problem(seed, m=50, n=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, n)) * [1.0, 3.0, 0.5][:n]
    y = X @ np.linspace(2.0, -1.0, n) + 4.0 + rng.normal(scale=0.5, size=m)
    return X, y


def _sklearn_theta(X, y, lam):
    # Our cost  (1/2m) [sum_i r_i^2 + lam sum_{j>=1} theta_j^2]  times 2m is
    # sum_i r_i^2 + lam |w|^2: scikit-learn's Ridge objective with alpha = lam
    # (both a plain sum, intercept unpenalised), so no rescaling is needed.
    if lam == 0:
        ref = sklearn.linear_model.LinearRegression()
    else:
        ref = sklearn.linear_model.Ridge(alpha=lam, fit_intercept=True)
    ref.fit(X, y)
    return np.r_[ref.intercept_, ref.coef_]


# --- scikit-learn ---------------------------------------------------------------


@pytest.mark.parametrize("lam", [0.0, 0.3, 10.0, 500.0])
@pytest.mark.parametrize("seed", range(2))
def test_normal_equation_matches_sklearn(seed, lam):
    X, y = _problem(seed)
    theta = normal_equation(add_intercept(X), y, lam)
    np.testing.assert_allclose(theta, _sklearn_theta(X, y, lam), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("lam", [0.0, 10.0])
def test_normal_equation_with_more_features_than_examples(lam):
    # X^T X is singular; with lam = 0 lstsq gives the minimum-norm solution,
    # which sklearn's LinearRegression (also lstsq) returns too.
    X, y = _problem(4, m=3, n=3)
    X = np.c_[X, X[:, :2] * 2.0]  # 5 features, 3 examples, repeated columns
    theta = normal_equation(add_intercept(X), y, lam)
    np.testing.assert_allclose(add_intercept(X) @ theta,
                               add_intercept(X) @ _sklearn_theta(X, y, lam),
                               atol=1e-9)  # fmt: skip


@pytest.mark.parametrize("lam", [0.0, 2.0])
def test_estimator_normal_solver_matches_sklearn(lam):
    X, y = _problem(5)
    reg = LinearRegression(lam=lam).fit(X, y)
    expected = _sklearn_theta(X, y, lam)
    np.testing.assert_allclose(reg.theta_, expected, rtol=1e-10)
    assert reg.intercept_ == pytest.approx(expected[0], rel=1e-10)
    np.testing.assert_allclose(reg.coef_, expected[1:], rtol=1e-10)


@pytest.mark.parametrize("lam", [0.0, 2.0])
def test_estimator_gd_solver_matches_sklearn(lam):
    X, y = _problem(6)
    Xs = standardize(X)[0]
    # standardized features: the Hessian X^T X / m has eigenvalues near 1, so a
    # step of 0.5 contracts the error by about half each step
    reg = LinearRegression(lam=lam, solver="gd", learning_rate=0.5, n_iters=500)
    reg.fit(Xs, y)
    np.testing.assert_allclose(reg.theta_, _sklearn_theta(Xs, y, lam), atol=1e-8)
    assert reg.loss_history_.shape == (500,)


@pytest.mark.parametrize("seed", range(2))
def test_score_matches_sklearn_r2(seed):
    X, y = _problem(seed)
    reg = LinearRegression().fit(X[:30], y[:30])
    ref = sklearn.linear_model.LinearRegression().fit(X[:30], y[:30])
    assert reg.score(X[30:], y[30:]) == pytest.approx(ref.score(X[30:], y[30:]))
    np.testing.assert_allclose(reg.predict(X[30:]), ref.predict(X[30:]), rtol=1e-10)


# --- finite differences -----------------------------------------------------------


@pytest.mark.parametrize("lam", [0.0, 0.7, 10.0])
@pytest.mark.parametrize(("m", "n"), [(1, 1), (6, 2), (30, 4)])
@pytest.mark.parametrize("seed", range(2))
def test_gradient_matches_finite_differences(central_diff, seed, m, n, lam):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.normal(size=(m, n)))
    y = rng.normal(size=m)
    theta = rng.normal(size=n + 1)
    expected = central_diff(lambda t: linear_cost(t, X, y, lam), theta)
    np.testing.assert_allclose(linear_gradient(theta, X, y, lam), expected,
                               rtol=1e-6, atol=1e-8)  # fmt: skip


# --- hand-worked values -----------------------------------------------------------

X2 = np.array([[1.0, 1.0], [1.0, 2.0]])
Y2 = np.array([1.0, 4.0])


def test_cost_and_gradient_by_hand():
    theta = np.array([0.0, 1.0])
    # residuals X theta - y = [1 - 1, 2 - 4] = [0, -2]
    # J = (0^2 + (-2)^2) / (2 * 2) = 1;  penalty lam/(2m) theta_1^2 = 2/4 = 1/2
    assert linear_cost(theta, X2, Y2) == 1.0
    assert linear_cost(theta, X2, Y2, lam=2.0) == 1.5
    # X^T r = [0 - 2, 0 - 4] = [-2, -4]; / m = [-1, -2]; + lam/m [0, 1] = [0, 1]
    np.testing.assert_array_equal(linear_gradient(theta, X2, Y2), [-1.0, -2.0])
    np.testing.assert_array_equal(linear_gradient(theta, X2, Y2, lam=2.0), [-1.0, -1.0])


def test_normal_equation_by_hand():
    # y = 1 + 2x exactly: theta = [1, 2]
    X = add_intercept([[0.0], [1.0], [2.0]])
    np.testing.assert_allclose(normal_equation(X, [1.0, 3.0, 5.0]), [1.0, 2.0])
    # Centred x = [-1, 0, 1], y = 2x: X^T X = diag(3, 2), X^T y = [0, 4].
    # With lam = 2 and theta_0 free: theta = [0 / 3, 4 / (2 + 2)] = [0, 1].
    X = add_intercept([[-1.0], [0.0], [1.0]])
    np.testing.assert_allclose(normal_equation(X, [-2.0, 0.0, 2.0], lam=2.0),
                               [0.0, 1.0], atol=1e-15)  # fmt: skip


@pytest.mark.parametrize("theta0", [-3.0, 7.0])
def test_intercept_is_never_penalised(theta0):
    theta = np.array([theta0, 0.0])
    assert linear_cost(theta, X2, Y2, lam=50.0) == linear_cost(theta, X2, Y2)
    np.testing.assert_array_equal(linear_gradient(theta, X2, Y2, lam=50.0),
                                  linear_gradient(theta, X2, Y2))  # fmt: skip
    # and a huge lam leaves the intercept at the mean of y: (1 + 4) / 2
    np.testing.assert_allclose(normal_equation(X2, Y2, lam=1e12), [2.5, 0.0],
                               atol=1e-9)  # fmt: skip


@pytest.mark.parametrize("seed", range(3))
def test_normal_equation_zeroes_the_gradient(seed):
    X, y = _problem(seed)
    A = add_intercept(X)
    theta = normal_equation(A, y, lam=3.0)
    np.testing.assert_allclose(linear_gradient(theta, A, y, lam=3.0), 0.0, atol=1e-10)


def test_estimator_by_hand():
    reg = LinearRegression().fit([[0.0], [1.0], [2.0]], [1.0, 3.0, 5.0])
    assert reg.intercept_ == pytest.approx(1.0)
    np.testing.assert_allclose(reg.coef_, [2.0])
    np.testing.assert_allclose(reg.predict([[3.0], [-1.0]]), [7.0, -1.0])
    # perfect predictions: R^2 = 1 - 0 / SS_tot = 1
    assert reg.score([[3.0], [-1.0]], [7.0, -1.0]) == pytest.approx(1.0)
    # predicting [7, -1] for targets [3, 3]: constant y, imperfect, R^2 = 0
    assert reg.score([[3.0], [-1.0]], [3.0, 3.0]) == 0.0
    # constant y predicted exactly: R^2 = 1 (set by hand, free of rounding)
    reg.theta_, reg.intercept_, reg.coef_ = np.array([3.0, 0.0]), 3.0, np.array([0.0])
    assert reg.score([[3.0], [-1.0]], [3.0, 3.0]) == 1.0


# --- estimator --------------------------------------------------------------------


def test_estimator_stores_only_its_parameters():
    reg = LinearRegression(lam=-1.0, solver="qr")  # checked in fit, not here
    assert vars(reg) == {"lam": -1.0, "solver": "qr", "learning_rate": 0.1,
                         "n_iters": 1000}  # fmt: skip
    assert reg.get_params() == vars(reg)
    assert repr(LinearRegression()) == "LinearRegression()"
    assert repr(LinearRegression(solver="gd")) == "LinearRegression(solver='gd')"


@pytest.mark.parametrize(
    ("solver", "attributes"),
    [
        ("normal", {"theta_", "coef_", "intercept_"}),
        ("gd", {"theta_", "coef_", "intercept_", "loss_history_"}),
    ],
)
def test_fit_returns_self_and_sets_fitted_attributes(solver, attributes):
    X, y = _problem(0)
    reg = LinearRegression(solver=solver, n_iters=20)
    params = set(vars(reg))
    assert reg.fit(X, y) is reg
    assert set(vars(reg)) - params == attributes


# --- bad input ----------------------------------------------------------------------

GOOD_THETA, GOOD_X, GOOD_Y = np.zeros(2), X2, Y2


@pytest.mark.parametrize("f", [linear_cost, linear_gradient], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("theta", "X", "y", "lam", "error", "message"),
    [
        (np.zeros(3), GOOD_X, GOOD_Y, 0.0, ValueError,
         r"^theta has length 3 but X has 2 columns; they must match"),
        ([0.0, np.nan], GOOD_X, GOOD_Y, 0.0, ValueError, r"^theta contains NaN"),
        (GOOD_THETA, [1.0, 1.0], GOOD_Y, 0.0, ValueError, r"^X must be 2-D"),
        (GOOD_THETA, [[1.0, np.inf], [1.0, 2.0]], GOOD_Y, 0.0, ValueError,
         r"^X contains infinity"),
        (GOOD_THETA, np.zeros((0, 2)), [], 0.0, ValueError, r"^X is empty"),
        (GOOD_THETA, [["1", "2"], ["1", "3"]], GOOD_Y, 0.0, TypeError,
         r"^X must contain numbers"),
        (GOOD_THETA, GOOD_X, [1.0, 2.0, 3.0], 0.0, ValueError,
         r"^X and y have inconsistent numbers of samples: 2 != 3"),
        (GOOD_THETA, GOOD_X, [[1.0, 2.0]], 0.0, ValueError, r"^y must be 1-D"),
        (GOOD_THETA, GOOD_X, [1.0, np.nan], 0.0, ValueError, r"^y contains NaN"),
        (GOOD_THETA, GOOD_X, "y", 0.0, TypeError, r"^y must be numeric array-like"),
        (GOOD_THETA, GOOD_X, GOOD_Y, -1.0, ValueError,
         r"^lam must be a non-negative finite number, got -1.0"),
        (GOOD_THETA, GOOD_X, GOOD_Y, "0", TypeError,
         r"^lam must be a non-negative number, got '0'"),
    ],
)  # fmt: skip
def test_cost_and_gradient_reject_bad_input(f, theta, X, y, lam, error, message):
    with pytest.raises(error, match=message):
        f(theta, X, y, lam)


@pytest.mark.parametrize(
    ("X", "y", "lam", "error", "message"),
    [
        ([1.0, 2.0], [1.0, 2.0], 0.0, ValueError, r"^X must be 2-D, got a 1-D"),
        (GOOD_X, [1.0], 0.0, ValueError,
         r"^X and y have inconsistent numbers of samples: 2 != 1"),
        (GOOD_X, [[1.0], [2.0]], 0.0, ValueError, r"^y must be 1-D, got a 2-D"),
        (GOOD_X, [np.inf, 1.0], 0.0, ValueError, r"^y contains infinity"),
        (np.zeros((0, 2)), [], 0.0, ValueError, r"^X is empty"),
        (GOOD_X, GOOD_Y, -0.5, ValueError, r"^lam must be a non-negative finite"),
        (GOOD_X, GOOD_Y, np.nan, ValueError, r"^lam must be a non-negative finite"),
    ],
)  # fmt: skip
def test_normal_equation_rejects_bad_input(X, y, lam, error, message):
    with pytest.raises(error, match=message):
        normal_equation(X, y, lam)


@pytest.mark.parametrize(
    ("params", "X", "y", "error", "message"),
    [
        ({"solver": "qr"}, [[1.0], [2.0]], [1.0, 2.0], ValueError,
         r"^solver must be one of 'normal', 'gd'; got 'qr'"),
        ({"solver": np.array(["normal", "gd"])}, [[1.0], [2.0]], [1.0, 2.0],
         ValueError, r"^solver must be one of 'normal', 'gd'; got array\(\["),
        ({"lam": -1.0}, [[1.0], [2.0]], [1.0, 2.0], ValueError,
         r"^lam must be a non-negative finite number"),
        ({"solver": "gd", "learning_rate": 0}, [[1.0], [2.0]], [1.0, 2.0],
         ValueError, r"^learning_rate must be a positive finite number, got 0"),
        ({"solver": "gd", "n_iters": -3}, [[1.0], [2.0]], [1.0, 2.0],
         ValueError, r"^n_iters must be a positive integer, got -3"),
        ({}, [1.0, 2.0], [1.0, 2.0], ValueError, r"^X must be 2-D"),
        ({}, [[1.0], [2.0]], [1.0], ValueError,
         r"^X and y have inconsistent numbers of samples: 2 != 1"),
        ({}, [[1.0], [2.0]], ["a", "b"], TypeError, r"^y must contain numbers"),
    ],
)  # fmt: skip
def test_estimator_rejects_bad_input_at_fit(params, X, y, error, message):
    with pytest.raises(error, match=message):
        LinearRegression(**params).fit(X, y)


@pytest.mark.parametrize("method", ["predict", "score"])
def test_using_the_estimator_before_fit_is_an_error(method):
    args = ([[1.0]],) if method == "predict" else ([[1.0]], [1.0])
    with pytest.raises(NotFittedError, match=r"^this LinearRegression is not fitted"):
        getattr(LinearRegression(), method)(*args)


@pytest.mark.parametrize(
    ("X", "y", "error", "message"),
    [
        ([[1.0, 2.0]], None, ValueError,
         r"^X has 2 features, but LinearRegression was fitted with 1"),
        ([[np.nan]], None, ValueError, r"^X contains NaN"),
        ([[1.0], [2.0]], [1.0, 2.0, 3.0], ValueError,
         r"inconsistent numbers of samples: 2 != 3"),
        ([[1.0], [2.0]], [[1.0, 2.0]], ValueError, r"^y must be 1-D"),
    ],
)  # fmt: skip
def test_fitted_estimator_rejects_bad_input(X, y, error, message):
    reg = LinearRegression().fit([[0.0], [1.0]], [0.0, 1.0])
    with pytest.raises(error, match=message):
        reg.predict(X) if y is None else reg.score(X, y)
