"""The usual mistakes of the hypothesis and the cost (ps01, ps02; ps05 with a penalty).

See :mod:`mllesson.selfcheck.mistakes` for what a catalogue is.
"""

import numpy as np

from ...activations import sigmoid, sigmoid_grad
from ...logistic import logistic_cost, logistic_gradient
from ...losses import log_loss

SIGMOID_MISTAKES = [
    (
        "sign flipped in the exponent: σ(z) = 1 / (1 + e^(−z)).",
        lambda z: 1 / (1 + np.exp(z)),
    ),
    ("the 1 + is missing from the denominator.", lambda z: np.exp(z)),
    ("you returned 1 + e^(−z); take its reciprocal.", lambda z: 1 + np.exp(-z)),
    ("you returned the derivative σ(z)(1 − σ(z)).", sigmoid_grad),
    ("you returned a step (0 or 1), not a smooth curve.", lambda z: (z >= 0) * 1.0),
]

HYPOTHESIS_MISTAKES = [
    ("you forgot the sigmoid: h = σ(θᵀx), not θᵀx.", lambda t, X: X @ t),
    ("sign flipped: h = σ(+θᵀx).", lambda t, X: sigmoid(-(X @ t))),
    (
        "the intercept is missing: X already has a column of ones, use all of θ.",
        lambda t, X: sigmoid(X[:, 1:] @ t[1:]),
    ),
]

PREDICT_MISTAKES = [
    (
        "the threshold argument is ignored (always 0.5).",
        lambda t, X, thr: (sigmoid(X @ t) >= 0.5).astype(int),
    ),
    (
        "the threshold was applied to θᵀx instead of to the probability σ(θᵀx).",
        lambda t, X, thr: (X @ t >= thr).astype(int),
    ),
    (
        "you used > where the rule is ≥: a probability at the threshold is class 1.",
        lambda t, X, thr: (sigmoid(X @ t) > thr).astype(int),
    ),
    (
        "the labels are flipped: class 1 is where h ≥ threshold.",
        lambda t, X, thr: (sigmoid(X @ t) < thr).astype(int),
    ),
    (
        "the sigmoid was applied after thresholding; threshold the probability.",
        lambda t, X, thr: sigmoid((X @ t >= thr) * 1.0),
    ),
]


def log_loss_unclipped(y, p, eps=1e-15):
    """The log-loss without clipping: log(0) where a probability is 0 or 1."""
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


LOG_LOSS_MISTAKES = [
    (
        "the minus sign is missing: the loss must be positive.",
        lambda y, p, eps=1e-15: -log_loss(y, p, eps),
    ),
    (
        "you summed instead of averaging (missing 1/m).",
        lambda y, p, eps=1e-15: log_loss(y, p, eps) * len(y),
    ),
    (
        "y and 1 − y are swapped between the two log terms.",
        lambda y, p, eps=1e-15: log_loss(1 - y, p, eps),
    ),
    (
        "the probabilities are not clipped to [eps, 1 − eps] before the log.",
        log_loss_unclipped,
    ),
]


def _cost(theta, X, y):
    return logistic_cost(theta, X, y, 0.0)


def _clipped_cost(theta, X, y):
    """The cost from clipped probabilities: capped at −log(eps) per example."""
    return log_loss(y, sigmoid(X @ theta))


def _penalty(theta, X, lam, scale=1.0, skip_intercept=True):
    """``scale`` times the L2 penalty λ/(2m) Σθ_j² (with θ₀ unless skipped)."""
    w = theta[1:] if skip_intercept else theta
    return scale * lam / (2 * X.shape[0]) * float(w @ w)


COST_MISTAKES = [
    (
        "the minus sign is missing: the cost must be positive.",
        lambda t, X, y, lam=0.0: -_cost(t, X, y) + _penalty(t, X, lam),
    ),
    (
        "you summed instead of averaging (missing 1/m).",
        lambda t, X, y, lam=0.0: _cost(t, X, y) * len(y) + _penalty(t, X, lam),
    ),
    (
        "y and 1 − y are swapped between the two log terms.",
        lambda t, X, y, lam=0.0: _cost(t, X, 1 - y) + _penalty(t, X, lam),
    ),
    (
        "finite but wrong for large |θᵀx|: clipping the probabilities caps each "
        "term at −log(eps). Compute from the logits, log(1 + e^z) − y z, with "
        "np.logaddexp.",
        lambda t, X, y, lam=0.0: _clipped_cost(t, X, y) + _penalty(t, X, lam),
    ),
    (
        "θ₀ is regularised: the penalty sums θ_j² for j ≥ 1 only.",
        lambda t, X, y, lam=0.0: _cost(t, X, y) + _penalty(t, X, lam, 1, False),
    ),
    (
        "the penalty should be λ/(2m), not λ/m.",
        lambda t, X, y, lam=0.0: _cost(t, X, y) + _penalty(t, X, lam, 2),
    ),
    (
        "the penalty should be λ/(2m): the 1/m is missing.",
        lambda t, X, y, lam=0.0: _cost(t, X, y) + _penalty(t, X, lam, len(y)),
    ),
    (
        "the penalty λ/(2m) Σθ_j² is missing, or lam is ignored.",
        lambda t, X, y, lam=0.0: _cost(t, X, y),
    ),
]


def _grad(theta, X, y):
    return logistic_gradient(theta, X, y, 0.0)


def _penalty_grad(t, X, lam, scale=1.0, skip_intercept=True):
    """``scale`` times the penalty's gradient (λ/m)θ (θ₀'s part kept unless skipped)."""
    w = t.copy()
    if skip_intercept:
        w[0] = 0.0
    return scale * lam / X.shape[0] * w


GRADIENT_MISTAKES = [
    (
        "the sign is flipped: the gradient is Xᵀ(h − y)/m, not Xᵀ(y − h)/m.",
        lambda t, X, y, lam=0.0: -_grad(t, X, y) + _penalty_grad(t, X, lam),
    ),
    (
        "the 1/m is missing.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) * len(y) + _penalty_grad(t, X, lam),
    ),
    (
        "you forgot the sigmoid: that is linear regression's gradient Xᵀ(Xθ − y)/m.",
        lambda t, X, y, lam=0.0: X.T @ (X @ t - y) / len(y) + _penalty_grad(t, X, lam),
    ),
    (
        "θ₀ is regularised: leave the intercept's component alone.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) + _penalty_grad(t, X, lam, 1, False),
    ),
    (
        "the penalty's gradient is (λ/m)θ_j, not (λ/2m)θ_j.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) + _penalty_grad(t, X, lam, 0.5),
    ),
    (
        "the penalty's gradient is (λ/m)θ_j: the 1/m is missing.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) + _penalty_grad(t, X, lam, len(y)),
    ),
    (
        "the penalty's gradient (λ/m)θ_j is missing, or lam is ignored.",
        lambda t, X, y, lam=0.0: _grad(t, X, y),
    ),
]
