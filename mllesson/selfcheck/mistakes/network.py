"""The usual mistakes of feed-forward networks and backpropagation (ps07, ps08).

See :mod:`mllesson.selfcheck.mistakes` for what a catalogue is.
"""

import numpy as np

from ...network import ACTIVATIONS, ForwardCache, backward, forward, nn_cost

RELU_MISTAKES = [
    ("negative inputs must give 0, not |z|.", np.abs),
    ("you kept the negative part: relu(z) = max(0, z).", lambda z: np.minimum(z, 0)),
    ("you returned the derivative (0 or 1), not max(0, z).", lambda z: (z > 0) * 1.0),
]

LEAKY_RELU_MISTAKES = [
    (
        "alpha is ignored: negative inputs get the slope alpha, not 0.",
        lambda z, alpha=0.01: np.maximum(z, 0.0),
    ),
    (
        "the slope alpha belongs to the negative side: z if z > 0, else alpha·z.",
        lambda z, alpha=0.01: np.where(z > 0, alpha * z, z),
    ),
    (
        "negative inputs give alpha·z, not the constant alpha.",
        lambda z, alpha=0.01: np.where(z > 0, z, alpha),
    ),
]


def _softmax_of_columns(Z):
    e = np.exp(Z - Z.max(axis=0))
    return e / e.sum(axis=0)


def _forward_with(params, X, activation_of_layer):
    """``(output, cache)`` of a forward pass whose layer l applies
    ``activation_of_layer(l)`` (a name in ``mllesson.network.ACTIVATIONS``, or
    a function)."""
    A, Zs, As = X, [None], [X]
    for layer, (W, b) in enumerate(params, start=1):
        g = activation_of_layer(layer)
        Z = A @ W.T + b
        A = (ACTIVATIONS[g][0] if isinstance(g, str) else g)(Z)
        Zs.append(Z)
        As.append(A)
    return A, ForwardCache(Zs, As)


def forward_without_bias(params, X, hidden="relu", output="softmax"):
    """Z = A Wᵀ, without b."""
    return forward([(W, np.zeros_like(b)) for W, b in params], X, hidden, output)


def forward_hidden_at_output(params, X, hidden="relu", output="softmax"):
    """Every layer, the output one included, applies ``hidden``."""
    return _forward_with(params, X, lambda layer: hidden)


def forward_linear_hidden(params, X, hidden="relu", output="softmax"):
    """The hidden layers apply no activation."""
    L = len(params)
    return _forward_with(params, X, lambda layer: output if layer == L else "identity")


def forward_softmax_of_columns(params, X, hidden="relu", output="softmax"):
    """Softmax normalises each column (each unit over the examples)."""
    L = len(params)

    def activation(layer):
        name = output if layer == L else hidden
        return _softmax_of_columns if name == "softmax" else name

    return _forward_with(params, X, activation)


FORWARD_MISTAKES = [
    ("the biases are missing: Z = A W^T + b.", forward_without_bias),
    (
        "the output layer uses the hidden activation; it must use `output`.",
        forward_hidden_at_output,
    ),
    (
        "the hidden layers have no activation: apply `hidden` to every hidden Z.",
        forward_linear_hidden,
    ),
    (
        "softmax must normalise each row (one example), not each column.",
        forward_softmax_of_columns,
    ),
]


def _cost_parts(params, X, Y, lam, hidden, output):
    """(data loss, the weights' penalty λ/(2m) Σ‖W‖², the same for the biases)."""
    m = X.shape[0]
    data = nn_cost(params, X, Y, 0.0, hidden, output)
    weights = sum(float(np.vdot(W, W)) for W, _ in params)
    biases = sum(float(np.vdot(b, b)) for _, b in params)
    return data, lam / (2 * m) * weights, lam / (2 * m) * biases


def nn_cost_summed(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The data loss summed over the examples, not averaged."""
    data, weights, _ = _cost_parts(params, X, Y, lam, hidden, output)
    return data * X.shape[0] + weights


def nn_cost_sign_flipped(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The data loss without its minus sign."""
    data, weights, _ = _cost_parts(params, X, Y, lam, hidden, output)
    return -data + weights


def nn_cost_biases_regularised(params, X, Y, lam=0.0, hidden="relu",
                               output="softmax"):  # fmt: skip
    """The penalty sums the squared biases too."""
    return sum(_cost_parts(params, X, Y, lam, hidden, output))


def nn_cost_penalty_over_m(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The penalty λ/m Σ‖W‖² in place of λ/(2m) Σ‖W‖²."""
    data, weights, _ = _cost_parts(params, X, Y, lam, hidden, output)
    return data + 2 * weights


def nn_cost_without_penalty(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The data loss alone."""
    return nn_cost(params, X, Y, 0.0, hidden, output)


NN_COST_MISTAKES = [
    ("you summed over the examples: divide by m.", nn_cost_summed),
    ("the minus sign is missing: the cost must be positive.", nn_cost_sign_flipped),
    (
        "the biases are regularised: the penalty sums the squared weights W only.",
        nn_cost_biases_regularised,
    ),
    ("the penalty is λ/(2m) Σ‖W‖², not λ/m Σ‖W‖².", nn_cost_penalty_over_m),
    (
        "the penalty λ/(2m) Σ‖W‖² is missing, or lam is ignored.",
        nn_cost_without_penalty,
    ),
]


def _data_gradients(params, cache, Y, hidden, output):
    """The gradients without the penalty, from the reference ``backward``."""
    return backward(params, cache, Y, 0.0, hidden, output)


def backward_without_derivative(params, cache, Y, lam=0.0, hidden="relu",
                                output="softmax"):  # fmt: skip
    """dZ = dZ_next W in the hidden layers, without ⊙ g'(Z)."""
    _, As = cache
    m = Y.shape[0]
    dZ = (As[-1] - Y) / m
    grads = []
    for layer in range(len(params), 0, -1):
        W, _ = params[layer - 1]
        grads.append((dZ.T @ As[layer - 1] + lam / m * W, dZ.sum(axis=0)))
        dZ = dZ @ W
    return grads[::-1]


def _with_penalty(grads, params, scale_W, scale_b, data_scale=1.0):
    return [
        (data_scale * dW + scale_W * W, data_scale * db + scale_b * b)
        for (dW, db), (W, b) in zip(grads, params, strict=True)
    ]


def backward_without_1_over_m(params, cache, Y, lam=0.0, hidden="relu",
                              output="softmax"):  # fmt: skip
    """The output layer's dZ is A − Y, not (A − Y)/m."""
    m = Y.shape[0]
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam / m, 0.0, data_scale=m)


def backward_sign_flipped(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
    """The output layer's dZ is (Y − A)/m."""
    m = Y.shape[0]
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam / m, 0.0, data_scale=-1.0)


def backward_biases_regularised(params, cache, Y, lam=0.0, hidden="relu",
                                output="softmax"):  # fmt: skip
    """db also gets (λ/m) b."""
    m = Y.shape[0]
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam / m, lam / m)


def backward_penalty_without_m(params, cache, Y, lam=0.0, hidden="relu",
                               output="softmax"):  # fmt: skip
    """dW gets λW, not (λ/m) W."""
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam, 0.0)


BACKWARD_MISTAKES = [
    (
        "the activation's derivative is dropped: dZ = (dZ_next W) ⊙ g'(Z) in "
        "every hidden layer.",
        backward_without_derivative,
    ),
    ("the 1/m is missing from dZ of the output layer.", backward_without_1_over_m),
    ("the sign is flipped: the output layer's dZ is (A − Y)/m.", backward_sign_flipped),
    (
        "the biases are regularised: only dW gets (λ/m) W.",
        backward_biases_regularised,
    ),
    (
        "the penalty's gradient is (λ/m) W: the 1/m is missing.",
        backward_penalty_without_m,
    ),
]


def _differences(f, x, eps, difference):
    """``difference(f, x, e)`` for every unit nudge ``e`` of size ``eps``."""
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = eps
        grad[idx] = difference(f, x, e)
    return grad


def central_difference_over_eps(f, x, eps=1e-4):
    """(f(x + ε) − f(x − ε)) / ε: the 2 is missing."""
    return _differences(f, x, eps, lambda f, x, e: (f(x + e) - f(x - e)) / eps)


def one_sided_difference(f, x, eps=1e-4):
    """(f(x + ε) − f(x)) / ε."""
    return _differences(f, x, eps, lambda f, x, e: (f(x + e) - f(x)) / eps)


NUMERICAL_GRADIENT_MISTAKES = [
    ("divide by 2ε: the two points x ± ε are 2ε apart.", central_difference_over_eps),
    (
        "that is a one-sided difference (f(x + ε) − f(x)) / ε; use the central "
        "difference (f(x + ε) − f(x − ε)) / 2ε.",
        one_sided_difference,
    ),
]

RELATIVE_ERROR_MISTAKES = [
    (
        "divide by ‖a‖ + ‖b‖, not by ‖a‖ alone.",
        lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a),
    ),
    (
        "use norms (square root of the sum of squares), not sums of absolute values.",
        lambda a, b: np.abs(a - b).sum() / (np.abs(a).sum() + np.abs(b).sum()),
    ),
    (
        "the norm of the difference is ‖a − b‖, not ‖a‖ − ‖b‖.",
        lambda a, b: (
            (np.linalg.norm(a) - np.linalg.norm(b))
            / (np.linalg.norm(a) + np.linalg.norm(b))
        ),
    ),
]
