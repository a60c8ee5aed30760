"""Every property the hidden tests grade has a visible self-check that catches it.

Each check passes the reference and fails an answer with right values that
breaks the property only (a loop, an overflow, no clipping, a global seed, …).
"""

import warnings

import numpy as np
import pytest

import mllesson as ml
import mllesson.selfcheck as cc


def _loop(fn):
    """``fn`` applied one entry (or row) at a time: right values, a Python loop."""

    def looped(z, *rest):
        z = np.asarray(z, dtype=float)
        return np.array([fn(v, *rest) for v in z])

    return looped


def _naive_sigmoid(z):
    e = np.exp(z)
    return e / (1.0 + e)  # inf / inf at z = 1000


def _unclipped_log_loss(y_true, y_prob, eps=1e-15):
    p = np.asarray(y_prob)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


def _softplus_cost(theta, X, y, lam=0.0):
    z = X @ theta
    m = len(y)
    penalty = lam / (2 * m) * np.sum(theta[1:] ** 2)
    return float(np.mean(np.log(1 + np.exp(z)) - y * z) + penalty)


def _log_h_cost(theta, X, y, lam=0.0):
    h = ml.sigmoid(X @ theta)
    m = len(y)
    penalty = lam / (2 * m) * np.sum(theta[1:] ** 2)
    return float(-np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)) + penalty)


def _looped_cost(theta, X, y, lam=0.0):
    total = 0.0
    for x_i, y_i in zip(X, y, strict=True):
        z = x_i @ theta
        total += np.logaddexp(0, z) - y_i * z
    return float(total / len(y))


def _looped_gradient(theta, X, y, lam=0.0):
    grad = np.zeros_like(theta)
    for x_i, y_i in zip(X, y, strict=True):
        grad += (ml.sigmoid(x_i @ theta) - y_i) * x_i
    return grad / len(y)


def _looped_standardize(X, mean=None, std=None):
    out = ml.standardize(X, mean, std)
    rows = [row for row in out[0]]  # one Python step per example
    return np.array(rows), out[1], out[2]


def _naive_softmax(Z):
    e = np.exp(Z)
    return e / e.sum(axis=-1, keepdims=True)


def _looped_map_feature(x1, x2, degree=6):
    return np.array(
        [
            ml.map_feature(a[None], b[None], degree)[0]
            for a, b in zip(x1, x2, strict=True)
        ]
    )


def _one_step_sgd(cost, gradient, theta0, X, y, *, learning_rate=0.01, epochs=100,
                  batch_size=32, lam=0.0, shuffle=True, rng=None):  # fmt: skip
    theta, history = theta0.copy(), []
    for _ in range(epochs):
        history.append(cost(theta, X, y, lam))
        theta = theta - learning_rate * gradient(theta, X[:batch_size], y[:batch_size])
    return theta, np.array(history)


def _stops_early(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
    w, b, errors = ml.perceptron_fit(
        X, y, learning_rate=learning_rate, epochs=min(epochs, 2), shuffle=False
    )
    return w, b, errors


def _global_seed(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    return ml.init_params(layer_sizes, method, epsilon, np.random.default_rng())


def _narrow(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    return [(W / 2, b) for W, b in ml.init_params(layer_sizes, method, epsilon, rng)]


def _naive_nn_cost(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    A, _ = ml.forward(params, X, hidden, output)
    m = X.shape[0]
    if output == "softmax":
        return float(-np.sum(Y * np.log(A)) / m)
    return float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)


def _looped_forward(params, X, hidden="relu", output="softmax"):
    for x in X:  # one Python step per example
        ml.forward(params, x[None, :], hidden, output)
    return ml.forward(params, X, hidden, output)


def _looped_backward(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
    for y in Y:  # one Python step per example
        y.sum()
    return ml.backward(params, cache, Y, lam, hidden, output)


def _looped_predict_one_vs_all(all_theta, X):
    return np.array([int(np.argmax(all_theta @ x)) for x in X])


def _looped_mcculloch_pitts(X, w, threshold):
    return np.array([int(x @ w >= threshold) for x in X])


#: check → (the reference, an answer that breaks only that property, what
#: the failure message must say)
PROPERTIES = {
    "sigmoid_stable": (
        cc.check_sigmoid_stable, ml.sigmoid, _naive_sigmoid, "NaN or infinity"
    ),
    "sigmoid_vectorised": (
        cc.check_sigmoid_vectorised, ml.sigmoid, _loop(ml.sigmoid), "Python loop"
    ),
    "hypothesis_vectorised": (
        cc.check_hypothesis_vectorised,
        ml.hypothesis,
        lambda theta, X: np.array([ml.sigmoid(x @ theta) for x in X]),
        "Python loop",
    ),
    "log_loss_clipping": (
        cc.check_log_loss_clipping,
        ml.log_loss,
        _unclipped_log_loss,
        "not clipped",
    ),
    "log_loss_vectorised": (
        cc.check_log_loss_vectorised,
        ml.log_loss,
        lambda y, p, eps=1e-15: float(
            np.mean([ml.log_loss(y[i : i + 1], p[i : i + 1]) for i in range(len(y))])
        ),
        "Python loop",
    ),
    "logistic_cost_stable (log(1 + exp(z)))": (
        cc.check_logistic_cost_stable,
        ml.logistic_cost,
        _softplus_cost,
        "NaN or infinity",
    ),
    "logistic_cost_stable (log h)": (
        cc.check_logistic_cost_stable,
        ml.logistic_cost,
        _log_h_cost,
        "NaN or infinity",
    ),
    "logistic_cost_stable, penalised (log h)": (
        lambda f: cc.check_logistic_cost_stable(f, regularised=True),
        ml.logistic_cost,
        _log_h_cost,
        "NaN or infinity",
    ),
    "logistic_cost_vectorised": (
        cc.check_logistic_cost_vectorised,
        ml.logistic_cost,
        _looped_cost,
        "Python loop",
    ),
    "logistic_gradient_vectorised": (
        cc.check_logistic_gradient_vectorised,
        ml.logistic_gradient,
        _looped_gradient,
        "Python loop",
    ),
    "sgd_converges": (
        cc.check_sgd_converges,
        ml.sgd,
        _one_step_sgd,
        "above the optimum",
    ),
    "standardize_vectorised": (
        cc.check_standardize_vectorised,
        ml.standardize,
        _looped_standardize,
        "Python loop",
    ),
    "softmax_stable": (
        cc.check_softmax_stable, ml.softmax, _naive_softmax, "NaN or infinity"
    ),
    "softmax_vectorised": (
        cc.check_softmax_vectorised, ml.softmax, _loop(ml.softmax), "Python loop"
    ),
    "predict_one_vs_all_vectorised": (
        cc.check_predict_one_vs_all_vectorised,
        ml.predict_one_vs_all,
        _looped_predict_one_vs_all,
        "Python loop",
    ),
    "map_feature_vectorised": (
        cc.check_map_feature_vectorised,
        ml.map_feature,
        _looped_map_feature,
        "Python loop",
    ),
    "mcculloch_pitts_vectorised": (
        cc.check_mcculloch_pitts_vectorised,
        ml.mcculloch_pitts,
        _looped_mcculloch_pitts,
        "Python loop",
    ),
    "perceptron_fit_xor": (
        cc.check_perceptron_fit_xor,
        ml.perceptron_fit,
        _stops_early,
        "XOR",
    ),
    "relu_vectorised": (
        cc.check_relu_vectorised, ml.relu, _loop(ml.relu), "Python loop"
    ),
    "leaky_relu_vectorised": (
        cc.check_leaky_relu_vectorised,
        ml.leaky_relu,
        _loop(ml.leaky_relu),
        "Python loop",
    ),
    "init_params_scale": (
        cc.check_init_params_scale, ml.init_params, _narrow, "standard deviation"
    ),
    "init_params_seeding": (
        cc.check_init_params_seeding,
        ml.init_params,
        _global_seed,
        "same rng seed gave different weights",
    ),
    "forward_vectorised": (
        cc.check_forward_vectorised, ml.forward, _looped_forward, "Python loop"
    ),
    "nn_cost_stable": (
        cc.check_nn_cost_stable, ml.nn_cost, _naive_nn_cost, "NaN or infinity"
    ),
    "backward_vectorised": (
        cc.check_backward_vectorised, ml.backward, _looped_backward, "Python loop"
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", PROPERTIES)
def test_the_reference_passes_the_property_check(name, capsys):
    check, reference, _, _ = PROPERTIES[name]
    check(reference)
    out = capsys.readouterr().out
    assert "passed for" in out and "The hidden tests check the same" in out


@pytest.mark.parametrize("name", PROPERTIES)
def test_the_property_check_catches_an_answer_that_breaks_it(name):
    check, _, broken, says = PROPERTIES[name]
    with pytest.raises(cc.SelfCheckError, match=says), np.errstate(all="ignore"):
        check(broken)


def test_forward_stable_catches_a_softmax_that_overflows():
    def overflowing(params, X, hidden="relu", output="softmax"):
        A, cache = ml.forward(params, X, hidden, output)
        if output == "softmax":
            A = _naive_softmax(cache[0][-1])
        return A, cache

    cc.check_forward_stable(ml.forward)
    with pytest.raises(cc.SelfCheckError, match="NaN or infinity"):
        with np.errstate(all="ignore"):
            cc.check_forward_stable(overflowing)


def _scalar_bias_for_one_output(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    params = ml.init_params(layer_sizes, method, epsilon, rng)
    return [(W, b.squeeze()) for W, b in params]  # b of shape () when n_l = 1


def test_init_params_check_catches_a_scalar_bias_for_one_output_unit():
    cc.check_init_params(ml.init_params)
    with pytest.raises(cc.SelfCheckError, match=r"b of layer 2"):
        cc.check_init_params(_scalar_bias_for_one_output)


def test_finite_difference_matches_a_known_derivative():
    theta = np.array([0.3, -1.2, 2.0])
    got = cc.compare.finite_difference(lambda t: np.sum(np.sin(t) * t), theta)
    assert np.allclose(got, np.sin(theta) + theta * np.cos(theta), rtol=1e-8)


def _gradient_without_1_over_m(theta, X, y, lam=0.0):
    return ml.logistic_gradient(theta, X, y, lam) * len(y)


def _gradient_regularising_theta0(theta, X, y, lam=0.0):
    return ml.logistic_gradient(theta, X, y) + lam / len(y) * theta


def _cost_without_1_over_m(theta, X, y, lam=0.0):
    return ml.logistic_cost(theta, X, y, lam) * len(y)


@pytest.mark.parametrize("regularised", [False, True])
def test_gradient_finite_differences_check_passes_the_reference(regularised, capsys):
    check = cc.check_logistic_gradient_finite_differences
    check(ml.logistic_gradient, ml.logistic_cost, regularised=regularised)
    # No cost of the student's (undefined, or still raising): the reference's.
    check(ml.logistic_gradient, None, regularised=regularised)
    assert "central differences" in capsys.readouterr().out


def test_gradient_finite_differences_check_uses_the_students_own_cost():
    check = cc.check_logistic_gradient_finite_differences
    with pytest.raises(cc.SelfCheckError, match="of your logistic_cost"):
        check(_gradient_without_1_over_m, ml.logistic_cost)
    # A wrong cost is its own task's failure: the reference cost stands in, so
    # the right gradient passes and a wrong one is measured against the truth.
    check(ml.logistic_gradient, _cost_without_1_over_m)
    with pytest.raises(cc.SelfCheckError, match="of the reference cost"):
        check(_gradient_without_1_over_m, _cost_without_1_over_m)


def test_regularised_gradient_finite_differences_catch_a_penalised_intercept():
    with pytest.raises(cc.SelfCheckError, match="lam = 2.0"):
        cc.check_logistic_gradient_finite_differences(
            _gradient_regularising_theta0, ml.logistic_cost, regularised=True
        )


def _backward_ignoring_lam(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
    return ml.backward(params, cache, Y, 0.0, hidden, output)


def _backward_with_the_wrong_derivative(
    params, cache, Y, lam=0.0, hidden="relu", output="softmax"
):
    # Differentiates every hidden layer as tanh, whatever it is.
    return ml.backward(params, cache, Y, lam, "tanh", output)


def test_backward_finite_differences_check(capsys):
    cc.check_backward_finite_differences(ml.backward)
    assert "central differences" in capsys.readouterr().out
    for wrong in (_backward_ignoring_lam, _backward_with_the_wrong_derivative):
        with pytest.raises(cc.SelfCheckError, match="disagree with central diff"):
            cc.check_backward_finite_differences(wrong)


def test_a_numpy_warning_on_the_way_to_a_right_value_is_silent():
    """nbgrader fails a cell that writes to stderr; a warning alone costs nothing."""

    def overflowing_but_right(z):
        z = np.asarray(z, dtype=float)
        return np.array([1 / (1 + np.exp(-v)) for v in z.ravel()]).reshape(z.shape)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cc.check_sigmoid_stable(overflowing_but_right)
    assert [str(w.message) for w in caught] == []
