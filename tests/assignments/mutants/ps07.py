"""Classic wrong answers to ps07-feedforward, written as students write them.

Each mutant replaces one solution cell; it must lose points in that task's
grade cells and nowhere else.
"""

# The solution cell defines this table before forward; every answer keeps it.
_ACTIVATIONS = """
ACTIVATIONS = {
    "relu": mllesson.relu,
    "leaky_relu": mllesson.leaky_relu,
    "sigmoid": mllesson.sigmoid,
    "tanh": mllesson.tanh,
    "identity": lambda Z: Z,
    "softmax": mllesson.softmax,
}
"""

MUTANTS = {
    "relu: np.max (a reduction) instead of np.maximum": (
        "relu",
        """
def relu(z):
    return np.max(np.asarray(z, dtype=float), 0)
""",
    ),
    "relu: a loop over the entries": (
        "relu",
        """
def relu(z):
    z = np.asarray(z, dtype=float)
    out = np.zeros_like(z)
    for idx, value in np.ndenumerate(z):
        out[idx] = value if value > 0 else 0.0
    return out
""",
    ),
    "leaky_relu: alpha ignored": (
        "leaky_relu",
        """
def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, 0.01 * z)
""",
    ),
    "init_params: W transposed": (
        "init_params",
        """
def init_params(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    rng = np.random.default_rng(rng)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        b = np.zeros(n_out)
        if method == "xavier":
            limit = np.sqrt(6 / (n_in + n_out))
            W = rng.uniform(-limit, limit, size=(n_in, n_out))
        elif method == "he":
            W = rng.normal(0, np.sqrt(2 / n_in), size=(n_in, n_out))
        elif method == "uniform":
            W = rng.uniform(-epsilon, epsilon, size=(n_in, n_out))
            b = rng.uniform(-epsilon, epsilon, size=n_out)
        else:
            W = np.zeros((n_in, n_out))
        params.append((W, b))
    return params
""",
    ),
    "init_params: He with the variance as the standard deviation": (
        "init_params",
        """
def init_params(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    rng = np.random.default_rng(rng)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        b = np.zeros(n_out)
        if method == "xavier":
            limit = np.sqrt(6 / (n_in + n_out))
            W = rng.uniform(-limit, limit, size=(n_out, n_in))
        elif method == "he":
            W = rng.normal(0, 2 / n_in, size=(n_out, n_in))
        elif method == "uniform":
            W = rng.uniform(-epsilon, epsilon, size=(n_out, n_in))
            b = rng.uniform(-epsilon, epsilon, size=n_out)
        else:
            W = np.zeros((n_out, n_in))
        params.append((W, b))
    return params
""",
    ),
    "init_params: rng ignored (global numpy random)": (
        "init_params",
        """
def init_params(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        b = np.zeros(n_out)
        if method == "xavier":
            limit = np.sqrt(6 / (n_in + n_out))
            W = np.random.uniform(-limit, limit, size=(n_out, n_in))
        elif method == "he":
            W = np.random.normal(0, np.sqrt(2 / n_in), size=(n_out, n_in))
        elif method == "uniform":
            W = np.random.uniform(-epsilon, epsilon, size=(n_out, n_in))
            b = np.random.uniform(-epsilon, epsilon, size=n_out)
        else:
            W = np.zeros((n_out, n_in))
        params.append((W, b))
    return params
""",
    ),
    "forward: the biases are forgotten": (
        "forward",
        _ACTIVATIONS
        + """

def forward(params, X, hidden="relu", output="softmax"):
    A = X
    Zs, As = [None], [X]
    for l, (W, b) in enumerate(params):
        Z = A @ W.T
        A = ACTIVATIONS[output if l == len(params) - 1 else hidden](Z)
        Zs.append(Z)
        As.append(A)
    return A, (Zs, As)
""",
    ),
    "forward: the hidden activation at the output too": (
        "forward",
        _ACTIVATIONS
        + """

def forward(params, X, hidden="relu", output="softmax"):
    A = X
    Zs, As = [None], [X]
    for W, b in params:
        Z = A @ W.T + b
        A = ACTIVATIONS[hidden](Z)
        Zs.append(Z)
        As.append(A)
    return A, (Zs, As)
""",
    ),
    "forward: a loop over the examples": (
        "forward",
        _ACTIVATIONS
        + """

def forward(params, X, hidden="relu", output="softmax"):
    A = np.asarray(X, dtype=float)
    Zs, As = [None], [A]
    for l, (W, b) in enumerate(params):
        Z = np.array([W @ a + b for a in A])
        A = ACTIVATIONS[output if l == len(params) - 1 else hidden](Z)
        Zs.append(Z)
        As.append(A)
    return A, (Zs, As)
""",
    ),
    "leaky_relu: a loop over the entries": (
        "leaky_relu",
        """
def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=np.float64)
    out = np.empty_like(z)
    for idx, v in np.ndenumerate(z):
        out[idx] = v if v > 0 else alpha * v
    return out
""",
    ),
    "init_params: b of shape () for a single output unit": (
        "init_params",
        """
def init_params(layer_sizes, method="xavier", epsilon=0.12, rng=None):
    rng = np.random.default_rng(rng)
    params = []
    for n_in, n_out in zip(layer_sizes[:-1], layer_sizes[1:]):
        b = np.zeros(n_out)
        if method == "xavier":
            limit = np.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-limit, limit, size=(n_out, n_in))
        elif method == "he":
            W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
        elif method == "uniform":
            W = rng.uniform(-epsilon, epsilon, size=(n_out, n_in))
            b = rng.uniform(-epsilon, epsilon, size=n_out)
        else:
            W = np.zeros((n_out, n_in))
        params.append((W, b.squeeze()))
    return params
""",
    ),
    "forward: its own softmax, without the max subtracted": (
        "forward",
        """
ACTIVATIONS = {
    "relu": mllesson.relu,
    "leaky_relu": mllesson.leaky_relu,
    "sigmoid": mllesson.sigmoid,
    "tanh": mllesson.tanh,
    "identity": lambda Z: Z,
    "softmax": lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True),
}


def forward(params, X, hidden="relu", output="softmax"):
    A = np.asarray(X, dtype=np.float64)
    Zs, As = [None], [A]
    for layer, (W, b) in enumerate(params, start=1):
        Z = A @ W.T + b
        A = ACTIVATIONS[output if layer == len(params) else hidden](Z)
        Zs.append(Z)
        As.append(A)
    return A, (Zs, As)
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    "relu: a loop over the entries": {"relu_vectorised"},
    "leaky_relu: a loop over the entries": {"leaky_relu_vectorised"},
    "init_params: b of shape () for a single output unit": {"init_params_shapes"},
    # The self-check (first cell) also checks that the same seed gives the same.
    "init_params: rng ignored (global numpy random)": {
        "init_params_seeding",
        "init_params_shapes",
    },
    "forward: a loop over the examples": {"forward_vectorised"},
    "forward: its own softmax, without the max subtracted": {"forward_stable"},
}
