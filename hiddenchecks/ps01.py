"""Hidden tests of ps01-hypothesis: sigmoid, hypothesis, predict."""

import numpy as np

import mllesson
from mllesson.selfcheck.mistakes import (
    HYPOTHESIS_MISTAKES,
    PREDICT_MISTAKES,
    SIGMOID_MISTAKES,
)

from . import HiddenTestFailure, expect_close, expect_labels, expect_vectorised, run

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "sigmoid": mllesson.sigmoid,
    "hypothesis": mllesson.hypothesis,
    "predict": mllesson.predict,
}


def _problems():
    """(theta, X) pairs: several shapes, m = 1, a single feature, huge logits."""
    out = []
    for seed, (m, n) in enumerate([(1, 1), (7, 1), (30, 3), (100, 10), (1, 5)]):
        rng = np.random.default_rng(100 + seed)
        X = np.column_stack([np.ones(m), rng.normal(size=(m, n))])
        out.append((rng.normal(size=n + 1), X))
    # |theta^T x| around 1000, both signs.
    X = np.column_stack([np.ones(4), [1.0, -1.0, 2.0, -0.5]])
    out.append((np.array([0.0, 1000.0]), X))
    return out


def sigmoid_values(sigmoid):
    """Values on random inputs of several shapes, 0-D to 3-D."""
    rng = np.random.default_rng(1)
    cases = [
        np.array([0.0]),
        rng.normal(size=9),
        5 * rng.normal(size=(4, 3)),
        rng.normal(size=(2, 3, 2)),
        np.linspace(-30, 30, 13),
    ]
    for i, z in enumerate(cases):
        got = run("sigmoid", sigmoid, z.copy())
        expect_close(
            "sigmoid",
            f"input {i + 1}",
            got,
            REFERENCE["sigmoid"](z),
            (z,),
            SIGMOID_MISTAKES,
        )


def sigmoid_stable(sigmoid):
    """Finite and correct at |z| = 1000 and beyond."""
    z = np.array([-1e6, -1000.0, -745.0, -40.0, 0.0, 40.0, 745.0, 1000.0, 1e6])
    got = run("sigmoid", sigmoid, z.copy())
    expect_close(
        "sigmoid",
        "at |z| up to 1e6",
        got,
        REFERENCE["sigmoid"](z),
        (z,),
        SIGMOID_MISTAKES,
    )


def sigmoid_vectorised(sigmoid):
    """No Python loop over the entries of z."""
    expect_vectorised(
        "sigmoid", sigmoid, lambda m: (np.linspace(-5, 5, m),), REFERENCE["sigmoid"]
    )


def hypothesis_values(hypothesis):
    """Values for several shapes, m = 1, one feature and huge logits."""
    for i, (theta, X) in enumerate(_problems()):
        got = run("hypothesis", hypothesis, theta.copy(), X.copy())
        expect_close(
            "hypothesis",
            f"problem {i + 1} of shape {X.shape}",
            got,
            REFERENCE["hypothesis"](theta, X),
            (theta, X),
            HYPOTHESIS_MISTAKES,
        )


def hypothesis_vectorised(hypothesis):
    """No Python loop over the examples."""
    rng = np.random.default_rng(2)
    theta = rng.normal(size=3)
    expect_vectorised(
        "hypothesis",
        hypothesis,
        lambda m: (theta, np.column_stack([np.ones(m), rng.normal(size=(m, 2))])),
        REFERENCE["hypothesis"],
    )


def _predict_cases():
    cases = [(theta, X, 0.5) for theta, X in _problems()]
    # theta = 0 puts every probability exactly at 0.5: all class 1.
    cases.append((np.zeros(3), np.column_stack([np.ones(5), np.eye(5, 2)]), 0.5))
    return cases


def predict_values(predict):
    """Labels at the default threshold, including probabilities of exactly 0.5."""
    for i, (theta, X, _) in enumerate(_predict_cases()):
        got = run("predict", predict, theta.copy(), X.copy())
        expected = REFERENCE["predict"](theta, X)
        expect_close(
            "predict",
            f"problem {i + 1} of shape {X.shape}",
            got,
            expected,
            (theta, X, 0.5),
            PREDICT_MISTAKES,
        )


def predict_threshold(predict):
    """Labels at other thresholds."""
    X = np.column_stack([np.ones(6), [-2.0, -0.5, 0.0, 0.5, 1.0, 3.0]])
    theta = np.array([0.0, 1.0])
    for thr in (0.1, 0.3, 0.8):
        got = run("predict", predict, theta.copy(), X.copy(), thr)
        expect_close(
            "predict",
            f"threshold {thr:.3g}",
            got,
            REFERENCE["predict"](theta, X, thr),
            (theta, X, thr),
            PREDICT_MISTAKES,
        )


def predict_labels(predict):
    """Returns integer labels of shape (m,), and the right ones."""
    for theta, X, thr in _predict_cases()[:3]:
        got = run("predict", predict, theta.copy(), X.copy(), thr)
        expected = REFERENCE["predict"](theta, X, thr)
        try:
            expect_close("predict", f"shape {X.shape}", got, expected)
        except HiddenTestFailure as exc:
            raise exc.restated(
                f"predict: integer labels not credited: {str(exc)[9:]}"
            ) from None
        expect_labels("predict", f"shape {X.shape}", got, (X.shape[0],))
