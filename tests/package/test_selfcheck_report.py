"""The self-checks' reporting engine: plain-words advice, never an expected value."""

import numpy as np
import pytest

import mllesson as ml
import mllesson.selfcheck as cc


def test_a_shape_error_points_at_the_matrix_product():
    with pytest.raises(cc.SelfCheckError, match="check the order of the matrix"):
        cc.check_hypothesis(lambda theta, X: ml.sigmoid(X.T @ theta))


def test_a_list_is_not_accepted_for_an_array():
    with pytest.raises(cc.SelfCheckError, match="should be a numpy array, got list"):
        cc.check_sigmoid(lambda z: [0.5] * 3)


def test_overflow_to_nan_is_reported_as_the_stability_trap():
    def naive_softmax(Z):
        e = np.exp(np.asarray(Z) * 1e3)  # overflows on the visible inputs
        return e / e.sum(axis=-1, keepdims=True)

    with pytest.raises(cc.SelfCheckError, match="numerical-stability trap"):
        with np.errstate(all="ignore"):
            cc.check_softmax(naive_softmax)


def test_failure_messages_never_show_the_expected_values():
    wrong = [0.1, 0.2, 0.3]
    with pytest.raises(cc.SelfCheckError) as info:
        cc.check_sigmoid(lambda z: np.asarray(wrong) + 0 * np.asarray(z))
    text = str(info.value)
    for value in ml.sigmoid(np.array([-2.0, 0.0, 2.0])):
        assert f"{value:.3f}"[:5] not in text
