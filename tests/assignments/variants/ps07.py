"""ps07-feedforward's answers in every variant (layout, weights, layer_bias).

relu and leaky_relu are the master's in every variant."""

from ._network import HIDDEN_ACTIVATIONS, Conventions

RELU = """
def relu(z):
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)
"""

LEAKY_RELU = """
def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, alpha * z)
"""


def answers(v):
    c = Conventions(v)
    n_in = "n_in + 1" if c.fold else "n_in"
    shape = f"({n_in}, n_out)" if c.in_out else f"(n_out, {n_in})"
    if c.fold:
        keep = (
            '        if method != "uniform":\n'
            f"            {c.biases('W')} = 0.0\n"
            "        params.append(W)\n"
        )
    else:
        keep = (
            "        b = np.zeros(n_out)\n"
            '        if method == "uniform":\n'
            "            b = rng.uniform(-epsilon, epsilon, size=n_out)\n"
            "        params.append((W, b))\n"
        )
    init_params = f"""
def init_params(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    rng = np.random.default_rng(rng)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        shape = {shape}
        if method == "xavier":
            limit = np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-limit, limit, size=shape)
        elif method == "he":
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=shape)
        elif method == "uniform":
            W = rng.uniform(-epsilon, epsilon, size=shape)
        else:
            W = np.zeros(shape)
{keep}    return params
"""
    softmax = "lambda Z: mllesson.softmax(Z.T).T" if c.cols else "mllesson.softmax"
    forward = f"""
ACTIVATIONS = {{
{HIDDEN_ACTIVATIONS}    "softmax": {softmax},
}}


def forward(params, X, hidden="relu", output="softmax"):
    A = np.asarray(X, dtype=np.float64)
    Zs, As = [None], [A]
    for layer, {c.layer} in enumerate(params, start=1):
        Z = {c.affine()}
        A = ACTIVATIONS[output if layer == len(params) else hidden](Z)
        Zs.append(Z)
        As.append(A)
    return A, (Zs, As)
"""
    return {
        "relu": RELU,
        "leaky_relu": LEAKY_RELU,
        "init_params": init_params,
        "forward": forward,
    }


MUTANTS = {
    "relu: np.max (a reduction) instead of np.maximum": (
        "relu",
        "np.maximum(",
        "np.max(",
    ),
    "leaky_relu: alpha ignored": ("leaky_relu", "alpha * z", "0.01 * z"),
    "init_params: He with the variance as the standard deviation": (
        "init_params",
        "np.sqrt(2.0 / n_in)",
        "2.0 / n_in",
    ),
    "init_params: rng ignored (global numpy random)": (
        "init_params",
        "rng = np.random.default_rng(rng)",
        "rng = np.random",
    ),
    "forward: the hidden activation at the output too": (
        "forward",
        "[output if layer == len(params) else hidden]",
        "[hidden]",
    ),
    "forward: the input left out of the cache": (
        "forward",
        "Zs, As = [None], [A]",
        "Zs, As = [], []",
    ),
}
