"""Activations against scipy, finite differences and hand-worked values."""

import math
import warnings

import numpy as np
import pytest
import scipy.special
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from mllesson import (
    leaky_relu,
    leaky_relu_grad,
    numerical_gradient,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_grad,
    step,
    step_grad,
    tanh,
    tanh_grad,
)
from mllesson.activations import _log_softmax, _sigmoid

ELEMENTWISE = [sigmoid, sigmoid_grad, step, step_grad, tanh, tanh_grad, relu,
               relu_grad, leaky_relu, leaky_relu_grad]  # fmt: skip


def _points(seed, shape=(4, 5), scale=5.0):
    return np.random.default_rng(seed).normal(scale=scale, size=shape)


# --- references ---------------------------------------------------------------


# The public sigmoid (shown in the book) and the unchecked kernel (used by the
# package's hot loops) must compute the same thing.
@pytest.mark.parametrize("form", [sigmoid, _sigmoid])
@pytest.mark.parametrize("seed", range(3))
def test_sigmoid_matches_scipy_expit(seed, form):
    z = np.r_[_points(seed).ravel(), -1e6, -800.0, -700.0, -40.0, 40.0, 700.0, 1e6]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_allclose(form(z), scipy.special.expit(z), rtol=1e-15)


@pytest.mark.parametrize("seed", range(3))
def test_tanh_matches_its_sigmoid_identity(seed):
    # tanh(z) = 2 expit(2z) - 1, with scipy's expit as the reference.
    z = _points(seed, scale=2.0)
    np.testing.assert_allclose(tanh(z), 2 * scipy.special.expit(2 * z) - 1, atol=1e-15)


@pytest.mark.parametrize("shape", [(6,), (1, 3), (5, 4)])
@pytest.mark.parametrize("scale", [1.0, 300.0])
def test_softmax_and_log_softmax_match_scipy(shape, scale):
    Z = _points(0, shape, scale)
    np.testing.assert_allclose(softmax(Z), scipy.special.softmax(Z, axis=-1),
                               rtol=1e-12, atol=1e-300)  # fmt: skip
    np.testing.assert_allclose(_log_softmax(Z), scipy.special.log_softmax(Z, axis=-1),
                               rtol=1e-12)  # fmt: skip


def test_relu_family_and_step_by_hand():
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(relu_grad(z), [0.0, 0.0, 0.0, 1.0, 1.0])
    # leaky: alpha * z below 0, so -2 * 0.1 = -0.2 and -0.5 * 0.1 = -0.05
    np.testing.assert_allclose(leaky_relu(z, alpha=0.1), [-0.2, -0.05, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(leaky_relu_grad(z, alpha=0.1),
                                  [0.1, 0.1, 0.1, 1.0, 1.0])  # fmt: skip
    np.testing.assert_array_equal(step(z), [0.0, 0.0, 1.0, 1.0, 1.0])  # 1 at z = 0
    np.testing.assert_array_equal(step_grad(z), np.zeros(5))


# --- hand-worked values ---------------------------------------------------------


def test_sigmoid_hand_values():
    assert sigmoid(0.0) == 0.5  # 1 / (1 + e^0) = 1/2
    # sigma(ln 3) = 1 / (1 + 1/3) = 3/4 and sigma(-ln 3) = 1/4
    np.testing.assert_allclose(sigmoid([math.log(3), -math.log(3)]), [0.75, 0.25])
    assert sigmoid_grad(0.0) == 0.25  # 0.5 * (1 - 0.5)
    # sigma'(ln 3) = 3/4 * 1/4 = 3/16
    np.testing.assert_allclose(sigmoid_grad(math.log(3)), 3 / 16)


def test_tanh_and_softmax_hand_values():
    assert tanh_grad(0.0) == 1.0  # 1 - tanh(0)^2
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5, so tanh' = 1 - 9/25 = 16/25
    np.testing.assert_allclose(tanh(math.log(2)), 0.6)
    np.testing.assert_allclose(tanh_grad(math.log(2)), 16 / 25)
    # softmax([0, ln 2]) = [1, 2] / 3
    np.testing.assert_allclose(softmax([0.0, math.log(2)]), [1 / 3, 2 / 3])
    # d/dz of L = s . dA at z = 0 (s = [1/2, 1/2]), dA = [1, 0]:
    # s * (dA - s.dA) = [1/2 * (1 - 1/2), 1/2 * (0 - 1/2)] = [1/4, -1/4]
    dZ = softmax_grad([[0.0, 0.0]], [[1.0, 0.0]])
    np.testing.assert_allclose(dZ, [[0.25, -0.25]])


def test_shapes_are_kept_and_results_are_float64():
    assert sigmoid(0).shape == ()
    assert relu([[1, 2, 3]]).shape == (1, 3)
    assert tanh(np.zeros((2, 0))).shape == (2, 0)  # empty is allowed elementwise
    assert sigmoid(np.array([1, 2], dtype=np.int32)).dtype == np.float64


# --- finite differences -----------------------------------------------------------


def _elementwise_diff(f, z, h=1e-6):
    # The package's central differences (see test_gradcheck.py), one entry at a time.
    one = np.vectorize(lambda zi: numerical_gradient(lambda t: f(t)[0], [zi], h)[0])
    return one(z)


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize(
    ("f", "df"),
    [(sigmoid, sigmoid_grad), (tanh, tanh_grad)],
    ids=["sigmoid", "tanh"],
)
def test_smooth_derivatives_match_finite_differences(f, df, seed):
    z = _points(seed, scale=3.0)
    np.testing.assert_allclose(df(z), _elementwise_diff(f, z), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("alpha", [0.0, 0.01, 0.3])
@pytest.mark.parametrize("seed", range(3))
def test_relu_family_derivatives_match_finite_differences_away_from_zero(alpha, seed):
    z = _points(seed)
    z = np.where(np.abs(z) < 1e-3, 1.0, z)  # the kink at 0 has no derivative
    np.testing.assert_allclose(relu_grad(z), _elementwise_diff(relu, z), atol=1e-9)
    np.testing.assert_allclose(
        leaky_relu_grad(z, alpha),
        _elementwise_diff(lambda v: leaky_relu(v, alpha), z),
        atol=1e-9,
    )


@pytest.mark.parametrize("shape", [(3,), (1, 4), (5, 3)])
@pytest.mark.parametrize("seed", range(3))
def test_softmax_grad_is_the_vector_jacobian_product(central_diff, shape, seed):
    rng = np.random.default_rng(seed)
    Z = rng.normal(scale=2.0, size=shape)
    dA = rng.normal(size=shape)
    # L(Z) = sum(dA * softmax(Z)) has dL/dZ = J^T dA, what softmax_grad returns.
    expected = central_diff(lambda V: float(np.sum(dA * softmax(V))), Z)
    np.testing.assert_allclose(softmax_grad(Z, dA), expected, rtol=1e-6, atol=1e-9)


# --- properties ---------------------------------------------------------------


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-30, 30)))
def test_sigmoid_is_strictly_inside_0_1_for_moderate_z(z):
    s = sigmoid(z)
    assert np.all((s > 0) & (s < 1))
    # symmetry: sigma(-z) = 1 - sigma(z)
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-15)


@given(arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 6)),
              elements=st.floats(-1e3, 1e3)))  # fmt: skip
def test_softmax_rows_are_probabilities(Z):
    S = softmax(Z)
    assert np.all(S >= 0) and np.all(S <= 1)
    np.testing.assert_allclose(S.sum(axis=1), 1.0, rtol=1e-12)
    # the largest score gets the largest probability in each row
    np.testing.assert_array_equal(S[np.arange(len(Z)), Z.argmax(axis=1)], S.max(axis=1))


@pytest.mark.parametrize("shift", [-500.0, 7.0, 1e5])
def test_softmax_is_unchanged_by_adding_a_constant_to_a_row(shift):
    Z = _points(1, (3, 4))
    np.testing.assert_allclose(softmax(Z + shift), softmax(Z), rtol=1e-10)


# --- extremes -------------------------------------------------------------------

BIG = np.array([-1e6, -1e3, 0.0, 1e3, 1e6])


@pytest.mark.parametrize(
    ("f", "expected"),
    [
        (sigmoid, [0.0, 0.0, 0.5, 1.0, 1.0]),
        (sigmoid_grad, [0.0, 0.0, 0.25, 0.0, 0.0]),
        (tanh, [-1.0, -1.0, 0.0, 1.0, 1.0]),
        (tanh_grad, [0.0, 0.0, 1.0, 0.0, 0.0]),
        (relu, [0.0, 0.0, 0.0, 1e3, 1e6]),
        (relu_grad, [0.0, 0.0, 0.0, 1.0, 1.0]),
        (leaky_relu, [-1e4, -10.0, 0.0, 1e3, 1e6]),
        (leaky_relu_grad, [0.01, 0.01, 0.01, 1.0, 1.0]),
        (step, [0.0, 0.0, 1.0, 1.0, 1.0]),
        (step_grad, [0.0] * 5),
        (softmax, [0.0, 0.0, 0.0, 0.0, 1.0]),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_huge_inputs_are_finite_and_warning_free(f, expected):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = f(BIG)
    assert np.all(np.isfinite(out))
    np.testing.assert_allclose(out, expected, atol=1e-300)


def test_softmax_grad_is_finite_for_huge_scores():
    Z = np.array([[1e6, -1e6, 0.0], [-1e6, -1e6, -1e6]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dZ = softmax_grad(Z, np.ones_like(Z))
    # s . 1 = 1 in every row, so dZ = s * (1 - 1) = 0
    np.testing.assert_array_equal(dZ, np.zeros_like(Z))


# --- bad input --------------------------------------------------------------------


@pytest.mark.parametrize("f", [*ELEMENTWISE, softmax], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("bad", "error", "message"),
    [
        ("1.0", TypeError, r"^(z|Z) must be numeric array-like, got str"),
        ([1.0, "a"], TypeError, r"^(z|Z) must contain numbers, got dtype <U"),
        ([object()], TypeError, r"^(z|Z) must contain numbers, got dtype object"),
        ([1 + 2j], TypeError, r"^(z|Z) must be real-valued, got complex"),
        ([[1.0], [1.0, 2.0]], ValueError, r"^(z|Z) could not be read as an array"),
        ([0.0, np.nan], ValueError, r"^(z|Z) contains NaN; expected finite numbers"),
        ([np.inf], ValueError, r"^(z|Z) contains infinity; expected finite numbers"),
        ([-np.inf], ValueError, r"^(z|Z) contains infinity"),
    ],
    ids=["str", "mixed", "object", "complex", "ragged", "nan", "inf", "-inf"],
)
def test_every_activation_rejects_bad_values(f, bad, error, message):
    with pytest.raises(error, match=message):
        f(bad)


@pytest.mark.parametrize(
    ("Z", "message"),
    [
        (np.zeros((2, 2, 2)), r"^Z must be 1-D or 2-D, got a 3-D array of shape"),
        (5.0, r"^Z must be 1-D or 2-D, got a 0-D array"),
        ([], r"^Z is empty \(shape \(0,\)\); expected data"),
        (np.zeros((3, 0)), r"^Z is empty"),
    ],
)
def test_softmax_rejects_bad_shapes(Z, message):
    with pytest.raises(ValueError, match=message):
        softmax(Z)


@pytest.mark.parametrize(
    ("Z", "dA", "error", "message"),
    [
        (np.zeros((2, 3)), np.zeros((2, 2)), ValueError,
         r"^Z and dA must have the same shape: \(2, 3\) != \(2, 2\)"),
        (np.zeros((2, 3)), np.zeros(3), ValueError, r"^Z and dA must have the same"),
        (np.zeros((2, 3)), [[np.nan] * 3] * 2, ValueError, r"^dA contains NaN"),
        (np.zeros((2, 3)), "x", TypeError, r"^dA must be numeric"),
        (np.zeros((1, 1, 1)), np.zeros((1, 1, 1)), ValueError, r"^Z must be 1-D or"),
    ],
)  # fmt: skip
def test_softmax_grad_rejects_bad_input(Z, dA, error, message):
    with pytest.raises(error, match=message):
        softmax_grad(Z, dA)


@pytest.mark.parametrize("f", [leaky_relu, leaky_relu_grad], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    ("alpha", "error", "message"),
    [
        (-0.1, ValueError, r"^alpha must be a non-negative finite number, got -0.1"),
        (np.nan, ValueError, r"^alpha must be a non-negative finite number, got nan"),
        ("0.1", TypeError, r"^alpha must be a non-negative number, got '0.1'"),
        (None, TypeError, r"^alpha must be a non-negative number, got None"),
    ],
)
def test_leaky_relu_rejects_bad_alpha(f, alpha, error, message):
    with pytest.raises(error, match=message):
        f([1.0], alpha=alpha)
