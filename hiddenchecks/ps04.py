"""Hidden tests of ps04-multiclass: softmax, one_vs_all, predict_one_vs_all."""

import numpy as np

import mllesson
from mllesson.selfcheck.mistakes import (
    ONE_VS_ALL_MISTAKES,
    PREDICT_ONE_VS_ALL_MISTAKES,
    SOFTMAX_MISTAKES,
)

from . import expect_close, expect_labels, expect_vectorised, run

#: Where every expected value of this assignment comes from.
REFERENCE = {
    "softmax": mllesson.softmax,
    "one_vs_all": mllesson.one_vs_all,
    "predict_one_vs_all": mllesson.predict_one_vs_all,
}


def softmax_values(softmax):
    """1-D and 2-D scores, one row, one column, up to 10 classes."""
    rng = np.random.default_rng(800)
    cases = [
        rng.normal(size=4),
        rng.normal(size=(1, 3)),
        rng.normal(size=(6, 1)),
        3 * rng.normal(size=(20, 10)),
        np.zeros((2, 5)),
    ]
    for i, Z in enumerate(cases):
        expect_close(
            "softmax",
            f"input {i + 1} of shape {Z.shape}",
            run("softmax", softmax, Z.copy()),
            REFERENCE["softmax"](Z),
            (Z,),
            SOFTMAX_MISTAKES,
        )


def softmax_stable(softmax):
    """Scores of ±1000, and rows whose scores are all very negative."""
    Z = np.array(
        [
            [1000.0, 0.0, -1000.0],
            [-1000.0, -1001.0, -1002.0],
            [800.0, 800.0, 0.0],
            [0.0, 0.0, 0.0],
        ]
    )
    expect_close(
        "softmax",
        "scores of ±1000",
        run("softmax", softmax, Z.copy()),
        REFERENCE["softmax"](Z),
        (Z,),
        SOFTMAX_MISTAKES,
    )


def softmax_vectorised(softmax):
    rng = np.random.default_rng(12)
    expect_vectorised(
        "softmax", softmax, lambda m: (rng.normal(size=(m, 4)),), REFERENCE["softmax"]
    )


def _problem(m, n, k, seed):
    rng = np.random.default_rng(seed)
    centres = 3 * rng.normal(size=(k, n))
    y = np.arange(m) % k
    X = np.column_stack([np.ones(m), centres[y] + rng.normal(size=(m, n))])
    return X, y


def _ova_cases(lam):
    for i, (m, n, k) in enumerate([(30, 2, 3), (8, 1, 2), (40, 3, 4), (3, 2, 3)]):
        X, y = _problem(m, n, k, 900 + i)
        yield X, y, k, dict(lam=lam, learning_rate=0.5, n_iters=60)


def _check_ova(one_vs_all, lam):
    for X, y, k, kw in _ova_cases(lam):
        got = run("one_vs_all", one_vs_all, X.copy(), y.copy(), k, **kw)
        mistakes = [
            (m, lambda *a, v=v, kw=kw: v(*a, **kw)) for m, v in ONE_VS_ALL_MISTAKES
        ]
        expect_close(
            "one_vs_all",
            f"{k} classes, X of shape {X.shape}, lam = {lam}",
            got,
            REFERENCE["one_vs_all"](X, y, k, **kw),
            (X, y, k),
            mistakes,
        )


def one_vs_all_values(one_vs_all):
    """2 to 4 classes, one feature, fewer examples than classes' worth; lam = 0."""
    _check_ova(one_vs_all, 0.0)


def one_vs_all_penalty(one_vs_all):
    """The same problems with lam = 1."""
    _check_ova(one_vs_all, 1.0)


def _predict_cases():
    for i, (m, n, k) in enumerate([(1, 2, 3), (25, 1, 2), (60, 4, 5), (10, 3, 3)]):
        rng = np.random.default_rng(1000 + i)
        X = np.column_stack([np.ones(m), rng.normal(size=(m, n))])
        yield rng.normal(size=(k, n + 1)), X


def predict_one_vs_all_values(predict_one_vs_all):
    """m = 1 to 60, 2 to 5 classes, integer labels."""
    for all_theta, X in _predict_cases():
        what = f"{all_theta.shape[0]} classes, X of shape {X.shape}"
        got = run("predict_one_vs_all", predict_one_vs_all, all_theta.copy(), X.copy())
        expected = REFERENCE["predict_one_vs_all"](all_theta, X)
        expect_close(
            "predict_one_vs_all",
            what,
            got,
            expected,
            (all_theta, X),
            PREDICT_ONE_VS_ALL_MISTAKES,
        )
        expect_labels("predict_one_vs_all", what, got, expected.shape)


def predict_one_vs_all_vectorised(predict_one_vs_all):
    rng = np.random.default_rng(13)
    all_theta = rng.normal(size=(3, 3))
    expect_vectorised(
        "predict_one_vs_all",
        predict_one_vs_all,
        lambda m: (all_theta, np.column_stack([np.ones(m), rng.normal(size=(m, 2))])),
        REFERENCE["predict_one_vs_all"],
        _expect_labels_equal,
    )


def _expect_labels_equal(task, what, got, expected):
    expect_close(task, what, got, expected)
    expect_labels(task, what, got, expected.shape)
