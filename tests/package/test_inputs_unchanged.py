"""No public function of the core modules writes into the arrays it is given.

Each case copies its inputs, calls the function, and compares. The arrays are
float64 already, the case in which a check could hand the caller's own array
to the code (``astype(copy=False)``), so an in-place update would show.
"""

import numpy as np
import pytest

import mllesson as ml

rng = np.random.default_rng(0)
Z = rng.normal(size=(6, 3))
A = ml.add_intercept(rng.normal(size=(6, 2)))
Y = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])
R = rng.normal(size=6)
THETA = np.array([0.5, -1.0, 2.0])
P = np.array([0.1, 0.9, 0.6, 0.2, 0.7, 0.4])

CASES = {
    "sigmoid": (ml.sigmoid, (Z,), {}),
    "sigmoid_grad": (ml.sigmoid_grad, (Z,), {}),
    "step": (ml.step, (Z,), {}),
    "step_grad": (ml.step_grad, (Z,), {}),
    "tanh": (ml.tanh, (Z,), {}),
    "tanh_grad": (ml.tanh_grad, (Z,), {}),
    "relu": (ml.relu, (Z,), {}),
    "relu_grad": (ml.relu_grad, (Z,), {}),
    "leaky_relu": (ml.leaky_relu, (Z,), {}),
    "leaky_relu_grad": (ml.leaky_relu_grad, (Z,), {}),
    "softmax": (ml.softmax, (Z,), {}),
    "softmax_grad": (ml.softmax_grad, (Z, Z[::-1].copy()), {}),
    "add_intercept": (ml.add_intercept, (Z,), {}),
    "map_feature": (ml.map_feature, (Z[:, 0].copy(), Z[:, 1].copy()), {}),
    "standardize": (ml.standardize, (Z,), {}),
    "standardize(mean, std)": (ml.standardize, (Z, Z[0].copy(), np.abs(Z[1]) + 1), {}),
    "log_loss": (ml.log_loss, (Y, P), {}),
    "hypothesis": (ml.hypothesis, (THETA, A), {}),
    "predict": (ml.predict, (THETA, A), {}),
    "logistic_cost": (ml.logistic_cost, (THETA, A, Y), {"lam": 1.0}),
    "logistic_gradient": (ml.logistic_gradient, (THETA, A, Y), {"lam": 1.0}),
    "logistic_cost_gradient": (ml.logistic_cost_gradient, (THETA, A, Y), {"lam": 1.0}),
    "sigmoid_mse_cost": (ml.sigmoid_mse_cost, (THETA, A, Y), {}),
    "linear_cost": (ml.linear_cost, (THETA, A, R), {"lam": 1.0}),
    "linear_gradient": (ml.linear_gradient, (THETA, A, R), {"lam": 1.0}),
    "linear_cost_gradient": (ml.linear_cost_gradient, (THETA, A, R), {"lam": 1.0}),
    "normal_equation": (ml.normal_equation, (A, R), {"lam": 1.0}),
    "gradient_descent": (
        ml.gradient_descent,
        (ml.logistic_cost, ml.logistic_gradient, THETA, A, Y),
        {"n_iters": 3, "lam": 1.0},
    ),
    "sgd": (
        ml.sgd,
        (ml.linear_cost, ml.linear_gradient, THETA, A, R),
        {"epochs": 2, "batch_size": 4, "lam": 1.0, "rng": 0},
    ),
    "LogisticRegression.fit": (
        lambda X, y: ml.LogisticRegression(n_iters=3).fit(X, y), (Z, Y), {}),
    "LogisticRegression.fit(sgd)": (
        lambda X, y: ml.LogisticRegression(n_iters=3, solver="sgd", batch_size=2,
                                           rng=0).fit(X, y), (Z, Y), {}),
    "LogisticRegression.score": (
        lambda X, y: ml.LogisticRegression(n_iters=3).fit(Z, Y).score(X, y), (Z, Y),
        {}),
    "LinearRegression.fit": (lambda X, y: ml.LinearRegression().fit(X, y), (Z, R), {}),
    "LinearRegression.fit(gd)": (
        lambda X, y: ml.LinearRegression(solver="gd", n_iters=3).fit(X, y), (Z, R), {}),
    "LinearRegression.score": (
        lambda X, y: ml.LinearRegression().fit(Z, R).score(X, y), (Z, R), {}),
}  # fmt: skip

CORE = ["_validation", "_base", "activations", "features", "losses", "logistic",
        "linear", "optim"]  # fmt: skip


def test_every_public_function_of_the_core_modules_has_a_case():
    def module(obj):
        return str(getattr(obj, "__module__", "")).removeprefix("mllesson.")

    public = {
        name
        for name in ml.__all__
        if module(getattr(ml, name)) in CORE and callable(getattr(ml, name))
    }
    assert {"sigmoid", "sgd", "LinearRegression"} <= public  # the filter works
    public.discard("DivergenceWarning")
    classes = {"LogisticRegression", "LinearRegression"}
    assert public - classes <= {case.split("(")[0] for case in CASES}
    assert classes <= {case.split(".")[0] for case in CASES}


@pytest.mark.parametrize("case", CASES)
def test_inputs_are_unchanged(case):
    f, args, kwargs = CASES[case]
    arrays = [a for a in args if isinstance(a, np.ndarray)]
    assert all(a.dtype == np.float64 for a in arrays)
    before = [a.copy() for a in arrays]
    f(*args, **kwargs)
    for old, new in zip(before, arrays, strict=True):
        np.testing.assert_array_equal(new, old)


def test_fitted_attributes_are_not_views_of_the_training_data():
    X, y = Z.copy(), R.copy()
    reg = ml.LinearRegression().fit(X, y)
    theta = reg.theta_.copy()
    X += 1.0  # changing the data afterwards leaves the model alone
    y *= 2.0
    np.testing.assert_array_equal(reg.theta_, theta)
