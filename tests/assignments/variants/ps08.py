"""ps08-backpropagation's answers in every variant (layout, weights,
layer_bias). numerical_gradient and relative_error are the master's in every
variant; nn_cost runs its own forward pass, in the variant's conventions."""

from ._network import HIDDEN_ACTIVATIONS, Conventions

_DERIVATIVES = """{
        "relu": lambda z, a: (z > 0) * 1.0,
        "leaky_relu": lambda z, a: np.where(z > 0, 1.0, 0.01),
        "sigmoid": lambda z, a: a * (1 - a),
        "tanh": lambda z, a: 1 - a**2,
        "identity": lambda z, a: np.ones_like(z),
    }"""

NUMERICAL_GRADIENT = """
def numerical_gradient(f, x, eps=1e-4):
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = eps
        grad[idx] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad
"""

RELATIVE_ERROR = """
def relative_error(a, b):
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    scale = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if scale == 0 else float(np.linalg.norm(a - b) / scale)
"""


def answers(v):
    c = Conventions(v)
    squares = f"np.sum({c.weights} ** 2)"
    nn_cost = f"""
HIDDEN = {{
{HIDDEN_ACTIVATIONS}}}


def nn_cost(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    Y = np.asarray(Y, dtype=np.float64)
    m = Y.shape[{c.examples}]
    A = np.asarray(X, dtype=np.float64)
    for layer, {c.layer} in enumerate(params, start=1):
        Z = {c.affine()}
        A = HIDDEN[hidden](Z) if layer < len(params) else Z
    logits = Z
    if output == "softmax":
        top = logits.max(axis={c.units}, keepdims=True)
        log_norm = top + np.log(np.exp(logits - top).sum(axis={c.units}, keepdims=True))
        data = np.sum(log_norm) - np.sum(Y * logits)
    else:
        data = np.sum(np.logaddexp(0, logits) - Y * logits)
    penalty = sum({squares} for {c.layer} in params)
    return float(data / m + lam / (2 * m) * penalty)
"""
    if c.fold:
        step = (
            "        W = params[layer - 1]\n"
            "        reg = W.copy()\n"
            f"        {c.biases('reg')} = 0.0\n"
            f"        dW = {c.weight_gradient('dZ', c.ones('A[layer - 1]'))}\n"
            "        grads[layer - 1] = dW + lam / m * reg\n"
        )
    else:
        step = (
            "        W, _ = params[layer - 1]\n"
            f"        dW = {c.weight_gradient('dZ', 'A[layer - 1]')}\n"
            "        grads[layer - 1] = "
            f"(dW + lam / m * W, dZ.sum(axis={c.examples}))\n"
        )
    backward = f"""
def backward(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
    Z, A = cache
    Y = np.asarray(Y, dtype=np.float64)
    m = Y.shape[{c.examples}]
    derivative = {_DERIVATIVES}[hidden]
    grads = [None] * len(params)
    dZ = (A[-1] - Y) / m
    for layer in range(len(params), 0, -1):
{step}        if layer > 1:
            dZ = ({c.delta_back()}) * derivative(Z[layer - 1], A[layer - 1])
    return grads
"""
    return {
        "nn_cost": nn_cost,
        "backward": backward,
        "numerical_gradient": NUMERICAL_GRADIENT,
        "relative_error": RELATIVE_ERROR,
    }


MUTANTS = {
    "nn_cost: summed instead of averaged (no 1/m)": ("nn_cost", "data / m", "data"),
    "nn_cost: log(1 + e^z), overflows to inf": (
        "nn_cost",
        "np.logaddexp(0, logits)",
        "np.log(1 + np.exp(logits))",
    ),
    "backward: wrong sign (Y - A)": ("backward", "(A[-1] - Y) / m", "(Y - A[-1]) / m"),
    "backward: 1/m forgotten": ("backward", "(A[-1] - Y) / m", "(A[-1] - Y)"),
    "backward: the activation derivative is dropped": (
        "backward",
        " * derivative(Z[layer - 1], A[layer - 1])",
        "",
    ),
    "numerical_gradient: one-sided differences": (
        "numerical_gradient",
        "(f(x + step) - f(x - step)) / (2 * eps)",
        "(f(x + step) - f(x)) / eps",
    ),
    "relative_error: divided by the norm of a only": (
        "relative_error",
        "np.linalg.norm(a) + np.linalg.norm(b)",
        "np.linalg.norm(a)",
    ),
}
