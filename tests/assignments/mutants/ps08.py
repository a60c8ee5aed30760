"""Classic wrong answers to ps08-backpropagation, written as students write them.

Each mutant replaces one solution cell; it must lose points in that task's
grade cells and nowhere else.
"""

_COST_HEAD = """
def nn_cost(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    out, (Z, A) = mllesson.forward(params, X, hidden, output)
    m = len(Y)
"""

_BACKWARD_HEAD = """
def backward(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
    Z, A = cache
    m = Y.shape[0]
    gprime = {
        "relu": lambda z, a: (z > 0).astype(float),
        "leaky_relu": lambda z, a: np.where(z > 0, 1.0, 0.01),
        "sigmoid": lambda z, a: a * (1 - a),
        "tanh": lambda z, a: 1 - a**2,
        "identity": lambda z, a: np.ones_like(z),
    }[hidden]
    grads = []
"""

MUTANTS = {
    "nn_cost: summed instead of averaged (no 1/m)": (
        "nn_cost",
        _COST_HEAD
        + """
    z = Z[-1]
    if output == "softmax":
        z = z - z.max(axis=1, keepdims=True)
        loss = np.sum(np.log(np.exp(z).sum(axis=1)) - (Y * z).sum(axis=1))
    else:
        loss = np.sum(np.logaddexp(0, z) - Y * z)
    return float(loss + lam / (2 * m) * sum((W**2).sum() for W, b in params))
""",
    ),
    "nn_cost: the biases are regularised": (
        "nn_cost",
        _COST_HEAD
        + """
    z = Z[-1]
    if output == "softmax":
        z = z - z.max(axis=1, keepdims=True)
        loss = np.mean(np.log(np.exp(z).sum(axis=1)) - (Y * z).sum(axis=1))
    else:
        loss = np.sum(np.logaddexp(0, z) - Y * z) / m
    reg = sum((W**2).sum() + (b**2).sum() for W, b in params)
    return float(loss + lam / (2 * m) * reg)
""",
    ),
    "nn_cost: log of the probabilities (overflows to inf)": (
        "nn_cost",
        _COST_HEAD
        + """
    if output == "softmax":
        loss = -np.sum(Y * np.log(out)) / m
    else:
        loss = -np.sum(Y * np.log(out) + (1 - Y) * np.log(1 - out)) / m
    return float(loss + lam / (2 * m) * sum((W**2).sum() for W, b in params))
""",
    ),
    "backward: the activation derivative is dropped": (
        "backward",
        _BACKWARD_HEAD
        + """
    dZ = (A[-1] - Y) / m
    for l in range(len(params), 0, -1):
        W = params[l - 1][0]
        grads.insert(0, (dZ.T @ A[l - 1] + lam / m * W, dZ.sum(axis=0)))
        dZ = dZ @ W
    return grads
""",
    ),
    "backward: 1/m forgotten": (
        "backward",
        _BACKWARD_HEAD
        + """
    dZ = A[-1] - Y
    for l in range(len(params), 0, -1):
        W = params[l - 1][0]
        grads.insert(0, (dZ.T @ A[l - 1] + lam / m * W, dZ.sum(axis=0)))
        if l > 1:
            dZ = (dZ @ W) * gprime(Z[l - 1], A[l - 1])
    return grads
""",
    ),
    "backward: the biases are regularised": (
        "backward",
        _BACKWARD_HEAD
        + """
    dZ = (A[-1] - Y) / m
    for l in range(len(params), 0, -1):
        W, b = params[l - 1]
        grads.insert(0, (dZ.T @ A[l - 1] + lam / m * W, dZ.sum(axis=0) + lam / m * b))
        if l > 1:
            dZ = (dZ @ W) * gprime(Z[l - 1], A[l - 1])
    return grads
""",
    ),
    "backward: wrong sign (Y - A)": (
        "backward",
        _BACKWARD_HEAD
        + """
    dZ = (Y - A[-1]) / m
    for l in range(len(params), 0, -1):
        W = params[l - 1][0]
        grads.insert(0, (dZ.T @ A[l - 1] + lam / m * W, dZ.sum(axis=0)))
        if l > 1:
            dZ = (dZ @ W) * gprime(Z[l - 1], A[l - 1])
    return grads
""",
    ),
    "numerical_gradient: one-sided differences": (
        "numerical_gradient",
        """
def numerical_gradient(f, x, eps=1e-4):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        x_plus = x.copy()
        x_plus[idx] += eps
        grad[idx] = (f(x_plus) - fx) / eps
    return grad
""",
    ),
    "numerical_gradient: x nudged in place and not restored": (
        "numerical_gradient",
        """
def numerical_gradient(f, x, eps=1e-4):
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        x[idx] += eps
        f_plus = f(x)
        x[idx] -= 2 * eps
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad
""",
    ),
    "relative_error: divided by the norm of a only": (
        "relative_error",
        """
def relative_error(a, b):
    return float(np.linalg.norm(a - b) / np.linalg.norm(a))
""",
    ),
    "relative_error: NaN for two zero arrays": (
        "relative_error",
        """
def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return float(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)))
""",
    ),
    "backward: a loop over the examples": (
        "backward",
        _BACKWARD_HEAD
        + """
    grads = [[lam / m * W, np.zeros_like(b)] for W, b in params]
    for i in range(m):
        dz = (A[-1][i] - Y[i]) / m
        for layer in range(len(params), 0, -1):
            W, _ = params[layer - 1]
            grads[layer - 1][0] = grads[layer - 1][0] + np.outer(dz, A[layer - 1][i])
            grads[layer - 1][1] = grads[layer - 1][1] + dz
            if layer > 1:
                dz = (dz @ W) * gprime(Z[layer - 1][i], A[layer - 1][i])
    return [tuple(g) for g in grads]
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    "nn_cost: log of the probabilities (overflows to inf)": {"nn_cost_stable"},
    "backward: a loop over the examples": {"backward_vectorised"},
    # The self-check (first cell) also checks that x is put back.
    "numerical_gradient: x nudged in place and not restored": {
        "numerical_gradient_restores",
        "numerical_gradient_values",
    },
}
