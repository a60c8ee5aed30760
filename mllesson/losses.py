"""Cross-entropy losses, computed from logits so they never take log(0).

Working from the pre-activation ``z`` rather than the probability ``h`` is the
stable choice: ``-log(sigmoid(z)) = logaddexp(0, -z)`` is exact for every
finite ``z``, whereas ``-log(h)`` is infinite once ``h`` rounds to 0.
See the book, chapter "The cost function".
"""

import numpy as np

from ._validation import (
    as_float_array,
    check_binary_labels,
    check_consistent_length,
    check_positive_float,
)
from .activations import _log_softmax


def _binary_cross_entropy_with_logits(z, y):
    # -[y log s(z) + (1-y) log(1-s(z))] = log(1 + e^z) - y z, elementwise,
    # written as max(z, 0) - y z + log(1 + e^-|z|) so that a confident right
    # answer (y = 1, z = 20) keeps its tiny loss instead of cancelling to 0.
    return np.maximum(z, 0.0) - y * z + np.log1p(np.exp(-np.abs(z)))


def _categorical_cross_entropy_with_logits(Z, Y):
    # -sum_k y_k log softmax(z)_k, one value per row.
    return -(Y * _log_softmax(Z)).sum(axis=-1)


def log_loss(y_true, y_prob, eps=1e-15):
    r"""Mean binary log-loss of predicted probabilities, clipped to [eps, 1-eps].

    .. math:: L = -\frac{1}{m}\sum_i \left[y_i \log p_i + (1-y_i)\log(1-p_i)\right]

    Use this to score probabilities you already have. The package's costs do
    not call it: they work from logits, which needs no clipping.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels in {0, 1}.
    y_prob : array-like of shape (n_samples,)
        Predicted probabilities of class 1.
    eps : float, default=1e-15
        Probabilities are clipped to ``[eps, 1 - eps]`` before the log.

    Returns
    -------
    float

    Examples
    --------
    >>> from mllesson import log_loss
    >>> round(log_loss([1, 0], [0.5, 0.5]), 6)  # ln 2
    0.693147
    >>> log_loss([1], [0.0])  # finite thanks to the clipping
    34.538776394910684
    """
    eps = check_positive_float(eps, "eps")
    if eps >= 0.5:
        raise ValueError(f"eps must be below 0.5, got {eps}")
    y = check_binary_labels(y_true, "y_true")
    p = as_float_array(y_prob, "y_prob", ndim=1)
    check_consistent_length(y, p, ("y_true", "y_prob"))
    if (p < 0).any() or (p > 1).any():
        raise ValueError("y_prob must contain probabilities in [0, 1]")
    p = np.clip(p, eps, 1.0 - eps)
    return float(-np.mean(y * np.log(p) + (1.0 - y) * np.log1p(-p)))
