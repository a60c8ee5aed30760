"""The usual mistakes of the perceptron (ps06).

See :mod:`mllesson.selfcheck.mistakes` for what a catalogue is.
"""

import numpy as np

from ...perceptron import perceptron_update

MCCULLOCH_PITTS_MISTAKES = [
    (
        "you used > where the unit fires at ≥: a sum exactly at the threshold fires.",
        lambda x, w, t: (x @ w > t).astype(int),
    ),
    (
        "the comparison is reversed: the unit fires (1) when the sum reaches the "
        "threshold.",
        lambda x, w, t: (x @ w < t).astype(int),
    ),
    (
        "you returned the weighted sum; return 1 where it reaches the threshold, "
        "else 0.",
        lambda x, w, t: x @ w,
    ),
    (
        "the threshold is ignored: compare the sum with threshold, not with 0.",
        lambda x, w, t: (x @ w >= 0).astype(int),
    ),
]


def update_without_bias(w, b, x, y, learning_rate=1.0):
    """The right step for w; b left as it was."""
    new_w, _ = perceptron_update(w, b, x, y, learning_rate)
    return new_w, b + 0.0


def update_sign_flipped(w, b, x, y, learning_rate=1.0):
    """w and b move by −η(y − ŷ)."""
    new_w, new_b = perceptron_update(w, b, x, y, learning_rate)
    w = np.asarray(w, dtype=float)
    return w - (new_w - w), b - (new_b - b)


def update_strict_prediction(w, b, x, y, learning_rate=1.0):
    """ŷ = [w·x + b > 0] in place of ≥."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    step = learning_rate * (y - (1.0 if x @ w + b > 0 else 0.0))
    return w + step * x, b + step


def update_ignores_bias_in_prediction(w, b, x, y, learning_rate=1.0):
    """ŷ = [w·x ≥ 0], without b."""
    new_w, step = perceptron_update(w, 0.0, x, y, learning_rate)
    return new_w, b + step


def update_with_label(w, b, x, y, learning_rate=1.0):
    """The step is η·y on a mistake, in place of η(y − ŷ)."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    y_hat = 1.0 if x @ w + b >= 0 else 0.0
    step = learning_rate * y * (y != y_hat)
    return w + step * x, b + step


def update_ignores_learning_rate(w, b, x, y, learning_rate=1.0):
    """η = 1 whatever the learning rate."""
    return perceptron_update(w, b, x, y, 1.0)


PERCEPTRON_UPDATE_MISTAKES = [
    ("the bias is not updated: b changes by η(y − ŷ) too.", update_without_bias),
    (
        "the sign is flipped: w moves by +η(y − ŷ)x, towards a missed class-1 example.",
        update_sign_flipped,
    ),
    (
        "the prediction uses > 0; the unit predicts 1 when w·x + b ≥ 0.",
        update_strict_prediction,
    ),
    (
        "the prediction ignores the bias: ŷ = [w·x + b ≥ 0].",
        update_ignores_bias_in_prediction,
    ),
    (
        "the step uses y instead of the error y − ŷ, so a mistake on class 0 "
        "changes nothing.",
        update_with_label,
    ),
    ("the learning rate is ignored.", update_ignores_learning_rate),
]


def fit_with(update):
    """Perceptron training in the given order with the step ``update``."""

    def fit(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(epochs):
            mistakes = 0
            for x_i, y_i in zip(X, y, strict=True):
                new_w, new_b = update(w, b, x_i, y_i, learning_rate)
                mistakes += bool((new_w != w).any() or new_b != b)
                w, b = new_w, new_b
            errors.append(mistakes)
            if mistakes == 0:
                break
        return w, b, np.array(errors)

    return fit


PERCEPTRON_FIT_MISTAKES = [
    (
        "the bias is never updated: b changes by η(y − ŷ) with every mistake.",
        fit_with(update_without_bias),
    ),
    (
        "the sign of the update is flipped: w moves by +η(y − ŷ)x.",
        fit_with(update_sign_flipped),
    ),
    (
        "the prediction uses > 0; the unit predicts 1 when w·x + b ≥ 0.",
        fit_with(update_strict_prediction),
    ),
    (
        "the prediction ignores the bias: ŷ = [w·x + b ≥ 0].",
        fit_with(update_ignores_bias_in_prediction),
    ),
    ("the learning rate is ignored.", fit_with(update_ignores_learning_rate)),
]
