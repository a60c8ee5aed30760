"""Log-loss against scikit-learn, the logistic cost and hand-worked values."""

import math
import warnings

import numpy as np
import pytest
import scipy.special
import sklearn.metrics

from mllesson import add_intercept, hypothesis, log_loss, logistic_cost
from mllesson.losses import (
    _binary_cross_entropy_with_logits,
    _categorical_cross_entropy_with_logits,
)


@pytest.mark.parametrize("seed", range(4))
def test_log_loss_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=25)
    y[:2] = [0, 1]  # both classes present
    p = rng.uniform(0.01, 0.99, size=25)  # away from the clipping
    assert log_loss(y, p) == pytest.approx(sklearn.metrics.log_loss(y, p), rel=1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_log_loss_of_the_hypothesis_is_the_unregularised_logistic_cost(seed):
    rng = np.random.default_rng(seed)
    X = add_intercept(rng.normal(size=(30, 3)))
    y = rng.integers(0, 2, size=30)
    theta = rng.normal(size=4)
    p = hypothesis(theta, X)
    expected = sklearn.metrics.log_loss(y, p)
    assert log_loss(y, p) == pytest.approx(expected, rel=1e-12)
    assert logistic_cost(theta, X, y, lam=0.0) == pytest.approx(expected, rel=1e-12)


def test_log_loss_by_hand():
    assert log_loss([1, 0], [0.5, 0.5]) == pytest.approx(math.log(2))
    # -(ln 0.8 + ln(1 - 0.1)) / 2
    expected = -(math.log(0.8) + math.log(0.9)) / 2
    assert log_loss([1, 0], [0.8, 0.1]) == pytest.approx(expected, rel=1e-14)
    # a certain wrong answer is clipped to eps = 1e-15: -ln(1e-15) = 15 ln 10
    assert log_loss([1], [0.0]) == pytest.approx(15 * math.log(10), rel=1e-9)
    assert log_loss([0], [1.0], eps=1e-3) == pytest.approx(3 * math.log(10), rel=1e-9)
    assert log_loss([1, 0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-14)


@pytest.mark.parametrize("seed", range(3))
def test_binary_cross_entropy_with_logits_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=10.0, size=40)
    y = rng.integers(0, 2, size=40).astype(float)
    # -[y log sigma(z) + (1 - y) log sigma(-z)], with scipy's stable log_expit
    expected = -(y * scipy.special.log_expit(z) + (1 - y) * scipy.special.log_expit(-z))
    np.testing.assert_allclose(_binary_cross_entropy_with_logits(z, y), expected,
                               rtol=1e-12, atol=1e-15)  # fmt: skip


@pytest.mark.parametrize("seed", range(3))
def test_categorical_cross_entropy_with_logits_matches_scipy(seed):
    rng = np.random.default_rng(seed)
    Z = rng.normal(scale=5.0, size=(10, 4))
    Y = np.eye(4)[rng.integers(0, 4, size=10)]
    expected = -(Y * scipy.special.log_softmax(Z, axis=1)).sum(axis=1)
    np.testing.assert_allclose(_categorical_cross_entropy_with_logits(Z, Y), expected,
                               rtol=1e-12)  # fmt: skip


def test_cross_entropy_kernels_are_finite_for_huge_logits():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        bce = _binary_cross_entropy_with_logits(
            np.array([1e6, 1e6, -1e6, -1e6]), np.array([1.0, 0.0, 0.0, 1.0])
        )
        cce = _categorical_cross_entropy_with_logits(
            np.array([[1e6, -1e6], [1e6, -1e6]]), np.array([[1.0, 0.0], [0.0, 1.0]])
        )
    # right with certainty costs 0, wrong with certainty costs the margin 1e6
    np.testing.assert_array_equal(bce, [0.0, 1e6, 0.0, 1e6])
    np.testing.assert_array_equal(cce, [0.0, 2e6])


@pytest.mark.parametrize(
    ("y_true", "y_prob", "kwargs", "error", "message"),
    [
        ([0, 2], [0.5, 0.5], {}, ValueError,
         r"^y_true must contain only the labels 0 and 1, got \[2.0\]"),
        ([0, -1], [0.5, 0.5], {}, ValueError, r"^y_true must contain only the labels"),
        ([0, 1], [0.5, 1.5], {}, ValueError,
         r"^y_prob must contain probabilities in \[0, 1\]"),
        ([0, 1], [-0.1, 0.5], {}, ValueError, r"^y_prob must contain probabilities"),
        ([0, 1], [0.5, 0.5, 0.5], {}, ValueError,
         r"^y_true and y_prob have inconsistent numbers of samples: 2 != 3"),
        ([[0, 1]], [0.5, 0.5], {}, ValueError, r"^y_true must be 1-D, got a 2-D"),
        ([0, 1], [[0.5, 0.5]], {}, ValueError, r"^y_prob must be 1-D, got a 2-D"),
        ([], [], {}, ValueError, r"^y_true is empty"),
        ([0, 1], [0.5, np.nan], {}, ValueError, r"^y_prob contains NaN"),
        (["0", "1"], [0.5, 0.5], {}, TypeError, r"^y_true must contain numbers"),
        ([0, 1], "0.5", {}, TypeError, r"^y_prob must be numeric array-like"),
        ([0, 1], [0.5, 0.5], {"eps": 0.0}, ValueError,
         r"^eps must be a positive finite number, got 0"),
        ([0, 1], [0.5, 0.5], {"eps": 0.5}, ValueError, r"^eps must be below 0.5"),
        ([0, 1], [0.5, 0.5], {"eps": "tiny"}, TypeError,
         r"^eps must be a positive number, got 'tiny'"),
    ],
)  # fmt: skip
def test_log_loss_rejects_bad_input(y_true, y_prob, kwargs, error, message):
    with pytest.raises(error, match=message):
        log_loss(y_true, y_prob, **kwargs)
