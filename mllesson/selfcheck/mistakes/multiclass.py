"""The usual mistakes of multiclass classification (ps04).

See :mod:`mllesson.selfcheck.mistakes` for what a catalogue is.
"""

import numpy as np

from ...activations import sigmoid
from ...logistic import logistic_cost_gradient
from ...optim import gradient_descent

SOFTMAX_MISTAKES = [
    (
        "normalise each row (axis=1, keepdims=True); you normalised the columns.",
        lambda Z: np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True),
    ),
    (
        "you divided by the sum of the whole array, not of each row.",
        lambda Z: np.exp(Z) / np.exp(Z).sum(),
    ),
    ("you returned the exponentials without dividing by their sum.", np.exp),
]


def _train_each_class(X, y, num_labels, lam, learning_rate, n_iters, *,
                      first_label=0, warm_start=False):  # fmt: skip
    """One-vs-all with classes numbered from ``first_label``, optionally each
    classifier starting where the previous one ended (``warm_start``)."""
    theta = np.zeros(X.shape[1])
    rows = []
    for k in range(num_labels):
        target = (y == k + first_label).astype(np.float64)
        if not warm_start:
            theta = np.zeros(X.shape[1])
        theta, _ = gradient_descent(
            logistic_cost_gradient, True, theta, X, target,
            learning_rate=learning_rate, n_iters=n_iters, lam=lam,
        )  # fmt: skip
        rows.append(theta)
    return np.array(rows)


def ova_labels_shifted(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    """Classifier k learns the labels y == k + 1."""
    return _train_each_class(X, y, num_labels, lam, learning_rate, n_iters,
                             first_label=1)  # fmt: skip


def ova_warm_start(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    """Each classifier starts where the previous one ended."""
    return _train_each_class(X, y, num_labels, lam, learning_rate, n_iters,
                             warm_start=True)  # fmt: skip


def ova_without_lam(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    """lam never reaches the training."""
    return _train_each_class(X, y, num_labels, 0.0, learning_rate, n_iters)


ONE_VS_ALL_MISTAKES = [
    (
        "classifier k must learn the labels [y == k]: yours look shifted by one class.",
        ova_labels_shifted,
    ),
    (
        "each classifier must start from zeros; yours starts where the previous "
        "class's training ended.",
        ova_warm_start,
    ),
    ("lam is not passed on to the training.", ova_without_lam),
]

PREDICT_ONE_VS_ALL_MISTAKES = [
    (
        "return the index of the best class, not its probability or score.",
        lambda T, X: sigmoid(X @ T.T).max(axis=1),
    ),
    (
        "return the index of the best class, not its probability or score.",
        lambda T, X: (X @ T.T).max(axis=1),
    ),
    (
        "the classes are numbered from 0: yours start at 1.",
        lambda T, X: (X @ T.T).argmax(axis=1) + 1,
    ),
    (
        "take the class with the highest score (argmax), not the lowest.",
        lambda T, X: (X @ T.T).argmin(axis=1),
    ),
]
