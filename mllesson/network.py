r"""Feed-forward networks: initialisation, forward pass, cost and backpropagation.

Notation (the book's): layer :math:`l = 1, \dots, L` computes

.. math:: z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}, \qquad a^{[l]} = g^{[l]}(z^{[l]})

with ``W[l]`` of shape (n_l, n_{l-1}), ``b[l]`` of shape (n_l,) and
:math:`a^{[0]} = x`. A batch holds one example per row, so the whole layer is
``Z = A_prev @ W.T + b`` with ``Z`` of shape (n_samples, n_l).

Parameters are a list ``[(W1, b1), ..., (WL, bL)]``; gradients come back in the
same structure ``[(dW1, db1), ...]``, so a gradient check can walk both
together. For the optimisers in :mod:`mllesson.optim` the parameters are laid
end to end in one vector ``theta`` (``W1`` row by row, ``b1``, ``W2``, ...):
:func:`flatten` builds it and :func:`unflatten` returns views into it, so
updating ``theta`` updates every layer without a copy.

Hidden layers share one activation; the output layer is ``'sigmoid'`` (one
logistic unit per output, binary cross-entropy summed over units) or
``'softmax'`` (categorical cross-entropy). Both costs are computed from the
logits, so saturated units never produce ``log(0)``. See the book, chapters
"Feed-forward networks" and "Backpropagation".
"""

from itertools import pairwise
from numbers import Integral
from typing import NamedTuple

import numpy as np

from ._validation import (
    as_float_array,
    check_binary_labels,
    check_class_labels,
    check_non_negative_float,
    check_option,
    check_positive_float,
    check_rng,
    check_X,
)
from .activations import ACTIVATIONS, LEAKY_SLOPE  # noqa: F401 (re-exported)
from .losses import (
    _binary_cross_entropy_with_logits,
    _categorical_cross_entropy_with_logits,
)
from .multiclass import _one_hot

#: The hidden layers' choices: every activation with an elementwise derivative.
HIDDEN_ACTIVATIONS = tuple(
    name for name, activation in ACTIVATIONS.items() if activation.derivative
)
#: The output layer's choices: those whose cross-entropy has dJ/dZ = A - Y.
OUTPUT_ACTIVATIONS = ("softmax", "sigmoid")
INIT_METHODS = ("xavier", "he", "uniform", "zeros")
#: Half-width of the ``'uniform'`` initialisation's range ``[-eps, eps]``:
#: small enough that sigmoid and tanh units start in their steep middle.
INIT_EPSILON = 0.12


class ForwardCache(NamedTuple):
    """What :func:`forward` remembers for :func:`backward`.

    ``Z[l]`` and ``A[l]`` are the pre-activations and activations of layer
    ``l``, each of shape (n_samples, n_l). ``A[0]`` is the input ``X`` and
    ``Z[0]`` is None, so the indices match the notation.
    """

    Z: list
    A: list


# --- unchecked kernels ---------------------------------------------------------


def _activate(Z, name):
    """g(Z) for a layer, unchecked; ``Z`` is not modified."""
    return ACTIVATIONS[name].kernel(Z)


def _activation_backward(dA, Z, A, name):
    """dZ = dA * g'(Z), overwriting ``dA`` (a temporary) in place.

    g' is computed from the cached output ``A = g(Z)``, which saves evaluating
    the function a second time; ``Z`` is accepted for the callers' sake.
    """
    dA *= ACTIVATIONS[name].derivative_from_output(A)
    return dA


def _forward(params, X, hidden, output):
    L = len(params)
    Zs, As = [None], [X]
    A = X
    for layer, (W, b) in enumerate(params, start=1):
        Z = A @ W.T  # (m, n_l)
        Z += b  # (m, n_l)
        A = _activate(Z, hidden if layer < L else output)  # (m, n_l)
        Zs.append(Z)
        As.append(A)
    return A, ForwardCache(Zs, As)


def _data_loss(Z_out, Y, output):
    # Mean over examples of the loss from the output logits (m, K).
    if output == "softmax":
        per_example = _categorical_cross_entropy_with_logits(Z_out, Y)  # (m,)
        return per_example.sum() / Y.shape[0]
    return _binary_cross_entropy_with_logits(Z_out, Y).sum() / Y.shape[0]


def _penalty(params, lam, m):
    # lam / (2m) * sum of squared weights; biases are never penalised.
    if lam == 0.0:
        return 0.0
    return lam / (2 * m) * sum(float(np.vdot(W, W)) for W, _ in params)


def _backward(params, cache, Y, lam, hidden, out):
    """Write the gradients into ``out``, a list of (dW, db) arrays."""
    m = Y.shape[0]
    # With a canonical output (sigmoid + binary CE, softmax + categorical CE)
    # the derivative of the loss with respect to the output logits is A - Y.
    dZ = cache.A[-1] - Y  # (m, n_L)
    dZ /= m
    for layer in range(len(params), 0, -1):
        W, _ = params[layer - 1]
        dW, db = out[layer - 1]
        A_prev = cache.A[layer - 1]  # (m, n_{l-1})
        np.matmul(dZ.T, A_prev, out=dW)  # (n_l, n_{l-1})
        if lam:
            dW += (lam / m) * W  # (n_l, n_{l-1})
        np.sum(dZ, axis=0, out=db)  # (n_l,)
        if layer > 1:
            dA = dZ @ W  # (m, n_{l-1})
            dZ = _activation_backward(dA, cache.Z[layer - 1], A_prev, hidden)
    return out


def _layer_sizes(params):
    # (n_0, n_1, ..., n_L) of a checked parameter list: W[l] is (n_l, n_{l-1}).
    return (params[0][0].shape[1], *(W.shape[0] for W, _ in params))


def _n_params(layer_sizes):
    return sum(n_out * (n_in + 1) for n_in, n_out in pairwise(layer_sizes))


def _unflatten(theta, layer_sizes):
    params = []
    start = 0
    for n_in, n_out in pairwise(layer_sizes):
        stop = start + n_out * n_in
        W = theta[start:stop].reshape(n_out, n_in)  # a view: theta is contiguous
        b = theta[stop : stop + n_out]
        params.append((W, b))
        start = stop + n_out
    return params


def _flatten(params):
    return np.concatenate([a.ravel() for W, b in params for a in (W, b)])


def _flat_cost_gradient(theta, X, Y, lam, *, layer_sizes, hidden, output):
    """Cost and flat gradient for the optimisers, with no input checks."""
    params = _unflatten(theta, layer_sizes)
    _, cache = _forward(params, X, hidden, output)
    J = _data_loss(cache.Z[-1], Y, output) + _penalty(params, lam, X.shape[0])
    grad = np.empty_like(theta)
    _backward(params, cache, Y, lam, hidden, _unflatten(grad, layer_sizes))
    return float(J), grad


def xavier_limit(n_in, n_out):
    """The bound √(6 / (n_in + n_out)) of Xavier's (Glorot's) uniform weights.

    A layer from ``n_in`` to ``n_out`` units draws its weights uniformly
    between ``-limit`` and ``limit``, which keeps the variance of the signal
    about the same in both directions.

    >>> float(xavier_limit(2, 1))
    1.4142135623730951
    """
    return np.sqrt(6.0 / (n_in + n_out))


def _init_params(layer_sizes, method, epsilon, rng):
    params = []
    for n_in, n_out in pairwise(layer_sizes):
        b = np.zeros(n_out)
        if method == "xavier":  # Glorot uniform: keeps the variance across layers
            limit = xavier_limit(n_in, n_out)
            W = rng.uniform(-limit, limit, size=(n_out, n_in))
        elif method == "he":  # normal with variance 2 / fan-in, for ReLU
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        elif method == "uniform":
            W = rng.uniform(-epsilon, epsilon, size=(n_out, n_in))
            b = rng.uniform(-epsilon, epsilon, size=n_out)
        else:  # zeros: every hidden unit starts, and stays, the same
            W = np.zeros((n_out, n_in))
        params.append((W, b))
    return params


# --- validation ----------------------------------------------------------------


def _check_layer_sizes(layer_sizes, name="layer_sizes"):
    if isinstance(layer_sizes, (str, bytes)) or not hasattr(layer_sizes, "__len__"):
        raise TypeError(
            f"{name} must be a sequence of positive integers such as (2, 3, 1), "
            f"got {layer_sizes!r}"
        )
    sizes = tuple(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"{name} must list at least an input and an output size, got {sizes}"
        )
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, Integral) or size <= 0:
            raise ValueError(f"{name} must contain positive integers, got {sizes}")
    return tuple(int(s) for s in sizes)


def _check_params(params, name="params"):
    """A non-empty list of (W, b) pairs whose shapes chain from layer to layer."""
    if isinstance(params, np.ndarray) or not isinstance(params, (list, tuple)):
        raise TypeError(
            f"{name} must be a list of (W, b) pairs as returned by init_params, "
            f"got {type(params).__name__}"
        )
    if len(params) == 0:
        raise ValueError(f"{name} is empty; expected at least one (W, b) pair")
    checked = []
    for i, pair in enumerate(params):
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise TypeError(
                f"{name}[{i}] must be a (W, b) pair, got {type(pair).__name__}"
                + (f" of length {len(pair)}" if hasattr(pair, "__len__") else "")
            )
        W = as_float_array(pair[0], f"{name}[{i}] W", ndim=2)
        b = as_float_array(pair[1], f"{name}[{i}] b", ndim=1)
        if b.shape[0] != W.shape[0]:
            raise ValueError(
                f"{name}[{i}]: b has {b.shape[0]} entries but W has {W.shape[0]} "
                "rows (one per unit); they must match"
            )
        if checked and W.shape[1] != checked[-1][0].shape[0]:
            raise ValueError(
                f"{name}[{i}]: W has shape {W.shape}, so it expects "
                f"{W.shape[1]} inputs, but the previous layer has "
                f"{checked[-1][0].shape[0]} units; layer sizes must chain"
            )
        checked.append((W, b))
    return checked


def _check_inputs(params, X, name="params"):
    X = check_X(X)
    n_in = params[0][0].shape[1]
    if X.shape[1] != n_in:
        raise ValueError(
            f"X has {X.shape[1]} features but {name}[0] W has shape "
            f"{params[0][0].shape}, which expects {n_in}"
        )
    return X


def _check_activations(hidden, output, n_outputs):
    check_option(hidden, "hidden", HIDDEN_ACTIVATIONS)
    check_option(output, "output", OUTPUT_ACTIVATIONS)
    if output == "softmax" and n_outputs < 2:
        raise ValueError(
            "output='softmax' needs at least 2 output units, got 1; "
            "use output='sigmoid' for a single logistic unit"
        )


def _check_targets(Y, n_samples, n_outputs, output, name="Y"):
    """Targets as a float (m, K) matrix of 0s and 1s.

    1-D labels are accepted too: 0/1 labels for a single output unit, or
    class labels 0..K-1, one-hot encoded, for K output units.
    """
    Y = as_float_array(Y, name, ndim=(1, 2))
    if Y.shape[0] != n_samples:
        raise ValueError(
            f"X and {name} have inconsistent numbers of samples: "
            f"{n_samples} != {Y.shape[0]}"
        )
    if Y.ndim == 1:
        if n_outputs == 1:
            return check_binary_labels(Y, name)[:, np.newaxis]
        labels, _ = check_class_labels(Y, n_outputs, name)
        return _one_hot(labels, n_outputs)
    if Y.shape[1] != n_outputs:
        raise ValueError(
            f"{name} has {Y.shape[1]} columns but the network has {n_outputs} "
            "output units; they must match"
        )
    if ((Y != 0) & (Y != 1)).any():
        raise ValueError(f"{name} must contain only 0 and 1 (one-hot rows)")
    if output == "softmax" and (Y.sum(axis=1) != 1).any():
        raise ValueError(
            f"{name} must have exactly one 1 in each row for output='softmax'"
        )
    return Y


def _check_problem(params, X, Y, hidden, output):
    params = _check_params(params)
    X = _check_inputs(params, X)
    n_outputs = params[-1][0].shape[0]
    _check_activations(hidden, output, n_outputs)
    if Y is None:
        return params, X
    return params, X, _check_targets(Y, X.shape[0], n_outputs, output)


# --- public functions -------------------------------------------------------------


def init_params(layer_sizes, method="xavier", epsilon=INIT_EPSILON, rng=None):
    r"""Starting weights and biases for a network with the given layer sizes.

    .. math:: W^{[l]}_{jk} \sim U\left(-\sqrt{6/(n_{l-1} + n_l)},\
        \sqrt{6/(n_{l-1} + n_l)}\right) \quad \text{(Xavier/Glorot)}

    Parameters
    ----------
    layer_sizes : sequence of int
        ``(n_0, n_1, ..., n_L)``: input features, hidden units, output units.
    method : {'xavier', 'he', 'uniform', 'zeros'}, default='xavier'
        ``'xavier'``: Glorot uniform weights, zero biases (for sigmoid and
        tanh). ``'he'``: normal weights with variance ``2 / n_{l-1}``, zero
        biases (for ReLU). ``'uniform'``: weights and biases uniform in
        ``[-epsilon, epsilon]``. ``'zeros'``: everything 0, which leaves the
        hidden units of a layer identical for ever (the symmetry problem).
    epsilon : float, default=INIT_EPSILON (0.12)
        Half-width of the ``'uniform'`` range.
    rng : None, int or numpy.random.Generator

    Returns
    -------
    params : list of (W, b)
        ``W`` of shape (n_l, n_{l-1}) and ``b`` of shape (n_l,) for l = 1..L.

    Notes
    -----
    See the book, chapter "Feed-forward networks", on why random starts
    break the symmetry.

    Examples
    --------
    >>> from mllesson import init_params
    >>> [(W.shape, b.shape) for W, b in init_params((4, 3, 2), rng=0)]
    [((3, 4), (3,)), ((2, 3), (2,))]
    """
    layer_sizes = _check_layer_sizes(layer_sizes)
    check_option(method, "method", INIT_METHODS)
    epsilon = check_positive_float(epsilon, "epsilon")
    return _init_params(layer_sizes, method, epsilon, check_rng(rng))


def layer_sizes_of(params):
    """The layer sizes ``(n_0, n_1, ..., n_L)`` of a parameter list.

    Examples
    --------
    >>> from mllesson import init_params, layer_sizes_of
    >>> layer_sizes_of(init_params((4, 3, 2), rng=0))
    (4, 3, 2)
    """
    return _layer_sizes(_check_params(params))


def copy_params(params):
    """A new list of new (W, b) arrays with the values of ``params``.

    For a gradient check, which nudges weights in place, or to keep the
    starting weights of a training run.

    Parameters
    ----------
    params : list of (W, b)

    Returns
    -------
    params : list of (W, b)
        Float64 arrays that share no memory with ``params``.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import copy_params
    >>> params = [(np.ones((1, 2)), np.zeros(1))]
    >>> saved = copy_params(params)
    >>> params[0][0][0, 0] = 5.0
    >>> saved[0][0]
    array([[1., 1.]])
    """
    return [(W.copy(), b.copy()) for W, b in _check_params(params)]


def flatten(params):
    """All weights and biases laid end to end in one new vector.

    The order is ``W1`` (row by row), ``b1``, ``W2``, ``b2``, ... —
    the order :func:`unflatten` reads.

    Parameters
    ----------
    params : list of (W, b)

    Returns
    -------
    theta : ndarray of shape (n_params,)
        ``n_params`` is the sum over layers of ``n_l * (n_{l-1} + 1)``.

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import flatten
    >>> flatten([(np.array([[1.0, 2.0]]), np.array([3.0]))])
    array([1., 2., 3.])
    """
    return _flatten(_check_params(params))


def unflatten(theta, layer_sizes):
    """Views of ``theta`` shaped as the list of (W, b) pairs of a network.

    No data is copied: writing to a returned ``W`` writes to ``theta``, and an
    update of ``theta`` is seen through every ``W`` and ``b``. (This holds
    when ``theta`` is a contiguous float64 vector, as :func:`flatten` returns;
    any other input is first converted to one.)

    Parameters
    ----------
    theta : ndarray of shape (n_params,)
    layer_sizes : sequence of int

    Returns
    -------
    params : list of (W, b)

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import unflatten
    >>> theta = np.arange(9.0)
    >>> (W1, b1), (W2, b2) = unflatten(theta, (2, 2, 1))
    >>> W1, b1, W2, b2
    (array([[0., 1.],
           [2., 3.]]), array([4., 5.]), array([[6., 7.]]), array([8.]))
    >>> theta[0] = 10.0
    >>> W1[0, 0]
    np.float64(10.0)
    """
    layer_sizes = _check_layer_sizes(layer_sizes)
    theta = as_float_array(theta, "theta", ndim=1)
    expected = _n_params(layer_sizes)
    if theta.shape[0] != expected:
        raise ValueError(
            f"theta has length {theta.shape[0]} but layer_sizes {layer_sizes} "
            f"need {expected} parameters"
        )
    return _unflatten(np.ascontiguousarray(theta), layer_sizes)


def forward(params, X, hidden="relu", output="softmax"):
    r"""The forward pass: every layer's pre-activations and activations.

    .. math:: Z^{[l]} = A^{[l-1]} W^{[l]\top} + b^{[l]}, \qquad
        A^{[l]} = g^{[l]}(Z^{[l]})

    Parameters
    ----------
    params : list of (W, b)
        ``W`` of shape (n_l, n_{l-1}), ``b`` of shape (n_l,).
    X : array-like of shape (n_samples, n_features)
    hidden : {'relu', 'leaky_relu', 'sigmoid', 'tanh', 'identity'}, default='relu'
        The activation of every hidden layer.
    output : {'softmax', 'sigmoid'}, default='softmax'
        The activation of the output layer.

    Returns
    -------
    output : ndarray of shape (n_samples, n_outputs)
        The network's output :math:`A^{[L]}`: probabilities.
    cache : ForwardCache
        ``cache.Z[l]`` and ``cache.A[l]`` for every layer, for :func:`backward`.

    Notes
    -----
    See the book, chapter "Feed-forward networks".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import forward
    >>> W1, W2 = np.ones((2, 2)), np.array([[1.0, -1.0]])
    >>> params = [(W1, np.zeros(2)), (W2, np.zeros(1))]
    >>> out, cache = forward(params, [[1.0, 2.0]], output="sigmoid")
    >>> out, cache.A[1]  # both hidden units see 1 + 2 = 3; the output sees 3 - 3
    (array([[0.5]]), array([[3., 3.]]))
    """
    params, X = _check_problem(params, X, None, hidden, output)
    Z_list, A_list = [None], [X]  # layer 0 is the input
    for layer, (W, b) in enumerate(params, start=1):
        Z = A_list[-1] @ W.T + b  # (m, n_l)
        g = ACTIVATIONS[output if layer == len(params) else hidden].function
        Z_list.append(Z)
        A_list.append(g(Z))  # (m, n_l)
    return A_list[-1], ForwardCache(Z_list, A_list)


def nn_cost(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    r"""The network's cross-entropy cost with L2 regularisation of the weights.

    .. math:: J = \frac{1}{m}\sum_{i=1}^m \ell\left(a^{[L](i)}, y^{(i)}\right)
        + \frac{\lambda}{2m}\sum_{l=1}^L \lVert W^{[l]}\rVert_F^2

    For ``output='sigmoid'`` the loss :math:`\ell` is the binary
    cross-entropy summed over the K output units (each is a logistic unit);
    for ``output='softmax'`` it is the categorical cross-entropy. Both are
    computed from the output logits. Biases are not penalised.

    Parameters
    ----------
    params : list of (W, b)
    X : array-like of shape (n_samples, n_features)
    Y : array-like of shape (n_samples, n_outputs) or (n_samples,)
        One-hot targets; or 1-D labels, 0/1 for one output unit or 0..K-1
        for K output units.
    lam : float, default=0.0
    hidden : str, default='relu'
    output : {'softmax', 'sigmoid'}, default='softmax'

    Returns
    -------
    float

    Notes
    -----
    See the book, chapter "Backpropagation".

    Examples
    --------
    With all weights zero, each of the K = 3 softmax outputs is 1/3, so the
    cost is ln 3 whatever the data:

    >>> from mllesson import init_params, nn_cost
    >>> params = init_params((2, 4, 3), method="zeros")
    >>> round(nn_cost(params, [[1.0, 2.0], [0.5, -1.0]], [0, 2]), 6)
    1.098612
    """
    params, X, Y = _check_problem(params, X, Y, hidden, output)
    lam = check_non_negative_float(lam, "lam")
    _, cache = _forward(params, X, hidden, output)
    return float(_data_loss(cache.Z[-1], Y, output) + _penalty(params, lam, X.shape[0]))


def backward(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
    r"""Backpropagation: the gradient of :func:`nn_cost` for every parameter.

    .. math:: dZ^{[L]} = \frac{1}{m}(A^{[L]} - Y), \quad
        dW^{[l]} = dZ^{[l]\top} A^{[l-1]} + \frac{\lambda}{m} W^{[l]}, \quad
        dZ^{[l-1]} = (dZ^{[l]} W^{[l]}) \odot g'(Z^{[l-1]})

    Parameters
    ----------
    params : list of (W, b)
    cache : ForwardCache
        The second value returned by :func:`forward` for these ``params``.
    Y : array-like of shape (n_samples, n_outputs) or (n_samples,)
        As in :func:`nn_cost`.
    lam : float, default=0.0
    hidden, output : str
        The activations given to :func:`forward`.

    Returns
    -------
    grads : list of (dW, db)
        The same structure and shapes as ``params``.

    Notes
    -----
    Derived in the book, chapter "Backpropagation".

    Examples
    --------
    >>> import numpy as np
    >>> from mllesson import backward, forward, init_params
    >>> params = init_params((2, 3, 1), rng=0)
    >>> X, y = np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([1, 0])
    >>> out, cache = forward(params, X, output="sigmoid")
    >>> grads = backward(params, cache, y, output="sigmoid")
    >>> [(dW.shape, db.shape) for dW, db in grads]
    [((3, 2), (3,)), ((1, 3), (1,))]
    """
    params, Y, lam = _check_backward(params, cache, Y, lam, hidden, output)
    m = Y.shape[0]
    # sigmoid + binary cross-entropy, or softmax + cross-entropy: dJ/dZ = (A - Y)/m
    dZ = (cache.A[-1] - Y) / m  # (m, n_L)
    g_prime = ACTIVATIONS[hidden].derivative
    grads = [None] * len(params)
    for layer in range(len(params), 0, -1):  # from the output back to layer 1
        W, _ = params[layer - 1]
        A_prev = cache.A[layer - 1]  # (m, n_{l-1})
        dW = dZ.T @ A_prev + (lam / m) * W  # (n_l, n_{l-1})
        db = dZ.sum(axis=0)  # (n_l,)
        grads[layer - 1] = (dW, db)
        if layer > 1:
            dA = dZ @ W  # (m, n_{l-1})
            dZ = dA * g_prime(cache.Z[layer - 1])  # (m, n_{l-1})
    return grads


def _check_backward(params, cache, Y, lam, hidden, output):
    """backward's arguments, checked against each other; returns params, Y, lam."""
    params = _check_params(params)
    if not isinstance(cache, ForwardCache):
        raise TypeError(
            "cache must be the ForwardCache returned by forward(params, X, ...), "
            f"got {type(cache).__name__}"
        )
    sizes = _layer_sizes(params)
    shapes = [A.shape[1] for A in cache.A]
    if len(cache.A) != len(params) + 1 or tuple(shapes) != sizes:
        raise ValueError(
            f"cache holds layers of sizes {tuple(shapes)} but params have layer "
            f"sizes {sizes}; pass the cache that forward returned for these params"
        )
    _check_activations(hidden, output, sizes[-1])
    Y = _check_targets(Y, cache.A[0].shape[0], sizes[-1], output)
    lam = check_non_negative_float(lam, "lam")
    return params, Y, lam


def nn_cost_gradient(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """Cost and gradients together: one forward pass, then one backward pass.

    Returns
    -------
    cost : float
    grads : list of (dW, db)

    Examples
    --------
    >>> from mllesson import init_params, nn_cost_gradient
    >>> params = init_params((2, 2), method="zeros")
    >>> J, [(dW, db)] = nn_cost_gradient(params, [[1.0, 0.0]], [1])
    >>> round(J, 6), db  # softmax outputs 0.5, 0.5 against target (0, 1)
    (0.693147, array([ 0.5, -0.5]))
    """
    params, X, Y = _check_problem(params, X, Y, hidden, output)
    lam = check_non_negative_float(lam, "lam")
    sizes = _layer_sizes(params)
    _, cache = _forward(params, X, hidden, output)
    J = _data_loss(cache.Z[-1], Y, output) + _penalty(params, lam, X.shape[0])
    grads = _unflatten(np.empty(_n_params(sizes)), sizes)
    return float(J), _backward(params, cache, Y, lam, hidden, grads)


def flat_cost_gradient(
    theta, X, Y, lam=0.0, *, layer_sizes, hidden="relu", output="softmax"
):
    """Cost and gradient as functions of the flat vector ``theta``.

    This is the form :func:`mllesson.gradient_descent` and :func:`mllesson.sgd`
    take with ``gradient=True``; fix the keyword arguments with
    :func:`functools.partial`.

    Parameters
    ----------
    theta : ndarray of shape (n_params,)
        As returned by :func:`flatten`.
    X, Y, lam, hidden, output
        As in :func:`nn_cost`.
    layer_sizes : sequence of int

    Returns
    -------
    cost : float
    grad : ndarray of shape (n_params,)
        Laid out like ``theta``.

    Examples
    --------
    >>> from functools import partial
    >>> import numpy as np
    >>> from mllesson import flat_cost_gradient, flatten, init_params
    >>> from mllesson import gradient_descent
    >>> X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    >>> y = np.array([0, 1, 1, 0])  # XOR
    >>> f = partial(flat_cost_gradient, layer_sizes=(2, 4, 1), hidden="tanh",
    ...             output="sigmoid")
    >>> theta0 = flatten(init_params((2, 4, 1), rng=1))
    >>> theta, history = gradient_descent(f, True, theta0, X, y,
    ...                                   learning_rate=1.0, n_iters=500)
    >>> bool(history[-1] < 0.05 < history[0])
    True
    """
    layer_sizes = _check_layer_sizes(layer_sizes)
    params = unflatten(theta, layer_sizes)
    _, X, Y = _check_problem(params, X, Y, hidden, output)
    lam = check_non_negative_float(lam, "lam")
    theta = np.ascontiguousarray(as_float_array(theta, "theta", ndim=1))
    return _flat_cost_gradient(
        theta, X, Y, lam, layer_sizes=layer_sizes, hidden=hidden, output=output
    )


__all__ = [
    "ForwardCache",
    "backward",
    "copy_params",
    "flat_cost_gradient",
    "flatten",
    "forward",
    "init_params",
    "layer_sizes_of",
    "nn_cost",
    "nn_cost_gradient",
    "unflatten",
    "xavier_limit",
]
