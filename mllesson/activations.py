"""Activation functions and their derivatives.

Every function accepts any real array-like, returns a new float64 array of the
same shape, and stays finite and warning-free for inputs as large as 1e6 in
magnitude. The public functions validate their input; the package's own hot
loops call the underscored versions on arrays it has already checked.

The derivations are in the book, chapters "The hypothesis" and
"Feed-forward networks".
"""

from collections.abc import Callable
from functools import partial
from typing import NamedTuple

import numpy as np

from ._validation import as_float_array, check_non_negative_float

#: The slope of ``leaky_relu`` for negative inputs: its default, and the slope
#: of the network's ``'leaky_relu'`` hidden layers.
LEAKY_SLOPE = 0.01

# --- unchecked kernels, for arrays the caller has already validated ----------


def _sigmoid(z):
    # The public sigmoid's formula without its input check (a test checks that
    # they agree): exp(-|z|) never overflows.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(Z):
    # Subtracting the row maximum leaves softmax unchanged and keeps exp <= 1.
    shifted = Z - Z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(Z):
    shifted = Z - Z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _relu(z):
    return np.maximum(z, 0.0)


def _relu_grad(z):
    # The derivative at exactly 0 is undefined; we use 0, as most libraries do.
    return (z > 0).astype(np.float64)


def _leaky_relu(z, alpha):
    return np.where(z > 0, z, alpha * z)


def _leaky_relu_grad(z, alpha):
    return np.where(z > 0, 1.0, alpha)


def _tanh_grad(z):
    return 1.0 - np.tanh(z) ** 2


def _sigmoid_grad(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _step(z):
    return (z >= 0).astype(np.float64)


def _identity(z):
    # No check: nothing is computed, and a float64 array comes back as itself.
    return np.asarray(z, dtype=np.float64)


def _identity_grad(z):
    return np.ones_like(z, dtype=np.float64)


# --- public, validated --------------------------------------------------------


def sigmoid(z):
    r"""The logistic function, computed without overflow.

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}

    Parameters
    ----------
    z : float or array-like
        Any real values.

    Returns
    -------
    ndarray of the same shape as ``z``
        Values in [0, 1]; exactly 0.5 at ``z = 0``.

    Notes
    -----
    See the book, chapter "The hypothesis", for the curve and why it is
    branched on the sign of ``z``.

    Examples
    --------
    >>> from mllesson import sigmoid
    >>> sigmoid([0.0, 2.0, -1e6])
    array([0.5       , 0.88079708, 0.        ])
    """
    z = as_float_array(z, "z", allow_empty=True)
    # For z < 0, 1 / (1 + e^-z) would need e^-z, which overflows below about
    # -709; e^z / (1 + e^z) is the same number and only needs e^-|z| <= 1.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_grad(z):
    r"""Derivative of the sigmoid, at most 0.25 (at ``z = 0``).

    .. math:: \sigma'(z) = \sigma(z)\,(1 - \sigma(z))

    Examples
    --------
    >>> from mllesson import sigmoid_grad
    >>> sigmoid_grad([0.0, 1e6])
    array([0.25, 0.  ])
    """
    return _sigmoid_grad(as_float_array(z, "z", allow_empty=True))


def step(z):
    r"""Heaviside step used by the perceptron: 1 where ``z >= 0``, else 0.

    .. math:: \operatorname{step}(z) = [z \ge 0]

    Examples
    --------
    >>> from mllesson import step
    >>> step([-0.5, 0.0, 3.0])
    array([0., 1., 1.])
    """
    return _step(as_float_array(z, "z", allow_empty=True))


def step_grad(z):
    """Derivative of the step: zero wherever it exists.

    This is why a network of step units cannot be trained by gradient descent.

    Examples
    --------
    >>> from mllesson import step_grad
    >>> step_grad([-1.0, 2.0])
    array([0., 0.])
    """
    return np.zeros_like(as_float_array(z, "z", allow_empty=True))


def tanh(z):
    r"""Hyperbolic tangent, values in [-1, 1].

    .. math:: \tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}

    Examples
    --------
    >>> from mllesson import tanh
    >>> tanh([0.0, 1e6])
    array([0., 1.])
    """
    return np.tanh(as_float_array(z, "z", allow_empty=True))


def tanh_grad(z):
    r"""Derivative of tanh.

    .. math:: \tanh'(z) = 1 - \tanh^2(z)

    Examples
    --------
    >>> from mllesson import tanh_grad
    >>> tanh_grad([0.0])
    array([1.])
    """
    return _tanh_grad(as_float_array(z, "z", allow_empty=True))


def relu(z):
    r"""Rectified linear unit.

    .. math:: \operatorname{relu}(z) = \max(0, z)

    Examples
    --------
    >>> from mllesson import relu
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    return _relu(as_float_array(z, "z", allow_empty=True))


def relu_grad(z):
    """Derivative of ReLU: 1 where ``z > 0``, else 0 (0 at ``z = 0``).

    Examples
    --------
    >>> from mllesson import relu_grad
    >>> relu_grad([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    return _relu_grad(as_float_array(z, "z", allow_empty=True))


def leaky_relu(z, alpha=LEAKY_SLOPE):
    r"""Leaky ReLU: a small slope ``alpha`` for negative inputs.

    .. math:: \operatorname{leaky\_relu}(z) = \max(\alpha z, z)

    Examples
    --------
    >>> from mllesson import leaky_relu
    >>> leaky_relu([-2.0, 3.0], alpha=0.1)
    array([-0.2,  3. ])
    """
    alpha = check_non_negative_float(alpha, "alpha")
    return _leaky_relu(as_float_array(z, "z", allow_empty=True), alpha)


def leaky_relu_grad(z, alpha=LEAKY_SLOPE):
    """Derivative of leaky ReLU: 1 where ``z > 0``, else ``alpha``.

    Examples
    --------
    >>> from mllesson import leaky_relu_grad
    >>> leaky_relu_grad([-2.0, 3.0], alpha=0.1)
    array([0.1, 1. ])
    """
    alpha = check_non_negative_float(alpha, "alpha")
    return _leaky_relu_grad(as_float_array(z, "z", allow_empty=True), alpha)


def softmax(Z):
    r"""Row-wise softmax, stable for large inputs.

    .. math:: \operatorname{softmax}(z)_k = \frac{e^{z_k}}{\sum_j e^{z_j}}

    Parameters
    ----------
    Z : array-like of shape (n_classes,) or (n_samples, n_classes)
        Scores; a 2-D input is normalised along each row.

    Returns
    -------
    ndarray of the same shape as ``Z``
        Non-negative values whose rows sum to 1.

    Examples
    --------
    >>> from mllesson import softmax
    >>> softmax([[1.0, 1.0], [1000.0, 0.0]])
    array([[0.5, 0.5],
           [1. , 0. ]])
    """
    return _softmax(as_float_array(Z, "Z", ndim=(1, 2)))


def softmax_grad(Z, dA):
    r"""Backpropagate ``dA`` through a row-wise softmax (Jacobian-vector product).

    .. math:: \frac{\partial L}{\partial z_k} = s_k \left(\frac{\partial L}{\partial
        s_k} - \sum_j s_j \frac{\partial L}{\partial s_j}\right)

    The full Jacobian ``diag(s) - s s^T`` is never formed.

    Parameters
    ----------
    Z : array-like of shape (n_samples, n_classes)
        The scores that went into the softmax.
    dA : array-like of shape (n_samples, n_classes)
        Gradient of the loss with respect to the softmax output.

    Returns
    -------
    dZ : ndarray of shape (n_samples, n_classes)

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import softmax_grad
    >>> softmax_grad(np.zeros((1, 2)), np.array([[1.0, 0.0]]))
    array([[ 0.25, -0.25]])
    """
    Z = as_float_array(Z, "Z", ndim=(1, 2))
    dA = as_float_array(dA, "dA", ndim=(1, 2))
    if Z.shape != dA.shape:
        raise ValueError(f"Z and dA must have the same shape: {Z.shape} != {dA.shape}")
    S = _softmax(Z)
    return S * (dA - (dA * S).sum(axis=-1, keepdims=True))


# --- the table the network looks activations up in ----------------------------


class Activation(NamedTuple):
    """One activation function ``g`` and its derivative ``g'``, both elementwise.

    ``function`` and ``derivative`` are the public, validated functions: what
    the book's :func:`mllesson.forward` and :func:`mllesson.backward` call.
    The training loop calls the other two on arrays it has already checked
    (a test checks that they give the same numbers).
    """

    #: ``g(z)``, validated.
    function: Callable
    #: ``g'(z)``, validated; None for softmax, which is not elementwise.
    derivative: Callable | None
    #: ``g(z)`` without input checks.
    kernel: Callable
    #: ``g'(z)`` from the output ``a = g(z)``, which the forward pass keeps, so
    #: backpropagation never evaluates ``g`` again; None for softmax.
    derivative_from_output: Callable | None


#: Every activation of the network, by the name ``forward`` and ``backward``
#: take. Softmax has no elementwise derivative; it is only used at the output,
#: where backpropagation starts from ``A - Y`` instead.
ACTIVATIONS = {
    "relu": Activation(relu, relu_grad, _relu, lambda a: a > 0),
    "leaky_relu": Activation(
        partial(leaky_relu, alpha=LEAKY_SLOPE),
        partial(leaky_relu_grad, alpha=LEAKY_SLOPE),
        partial(_leaky_relu, alpha=LEAKY_SLOPE),
        # a > 0 exactly where z > 0, since the slope is positive
        lambda a: np.where(a > 0, 1.0, LEAKY_SLOPE),
    ),
    "sigmoid": Activation(sigmoid, sigmoid_grad, _sigmoid, lambda a: a * (1.0 - a)),
    "tanh": Activation(tanh, tanh_grad, np.tanh, lambda a: 1.0 - a * a),
    "identity": Activation(_identity, _identity_grad, _identity, lambda a: 1.0),
    "softmax": Activation(softmax, None, _softmax, None),
}
