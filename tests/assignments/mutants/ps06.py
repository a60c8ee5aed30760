"""Classic wrong answers to ps06-perceptron, written as students write them.

Each mutant replaces one solution cell; it must lose points in that task's
grade cells and nowhere else.
"""

MUTANTS = {
    "mcculloch_pitts: > instead of >=": (
        "mcculloch_pitts",
        """
def mcculloch_pitts(x, weights, threshold):
    x = np.asarray(x, dtype=float)
    out = (np.atleast_2d(x) @ np.asarray(weights) > threshold).astype(int)
    return int(out[0]) if x.ndim == 1 else out
""",
    ),
    "mcculloch_pitts: a loop over the rows": (
        "mcculloch_pitts",
        """
def mcculloch_pitts(x, weights, threshold):
    x = np.asarray(x, dtype=float)
    if x.ndim == 1:
        return int(x @ weights >= threshold)
    out = np.zeros(len(x), dtype=int)
    for i in range(len(x)):
        out[i] = int(x[i] @ weights >= threshold)
    return out
""",
    ),
    "perceptron_update: the bias is not updated": (
        "perceptron_update",
        """
def perceptron_update(w, b, x, y, learning_rate=1.0):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    w_new = w + learning_rate * (y - y_hat) * np.asarray(x)
    return w_new, b
""",
    ),
    "perceptron_update: sign flipped": (
        "perceptron_update",
        """
def perceptron_update(w, b, x, y, learning_rate=1.0):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    error = y_hat - y
    return w + learning_rate * error * np.asarray(x), b + learning_rate * error
""",
    ),
    "perceptron_update: w updated in place": (
        "perceptron_update",
        """
def perceptron_update(w, b, x, y, learning_rate=1.0):
    y_hat = 1 if np.dot(w, x) + b >= 0 else 0
    w += learning_rate * (y - y_hat) * x
    b += learning_rate * (y - y_hat)
    return w, b
""",
    ),
    "perceptron_fit: the bias is never updated": (
        "perceptron_fit",
        """
def perceptron_fit(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
    rng = np.random.default_rng(rng)
    w, b = np.zeros(X.shape[1]), 0.0
    errors = []
    for epoch in range(epochs):
        order = rng.permutation(len(X)) if shuffle else range(len(X))
        count = 0
        for i in order:
            y_hat = 1 if X[i] @ w + b >= 0 else 0
            if y_hat != y[i]:
                w = w + learning_rate * (y[i] - y_hat) * X[i]
                count += 1
        errors.append(count)
        if count == 0:
            break
    return w, b, np.array(errors)
""",
    ),
    "perceptron_fit: never stops early": (
        "perceptron_fit",
        """
def perceptron_fit(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
    rng = np.random.default_rng(rng)
    w, b = np.zeros(X.shape[1]), 0.0
    errors = []
    for epoch in range(epochs):
        order = rng.permutation(len(X)) if shuffle else range(len(X))
        count = 0
        for i in order:
            y_hat = 1 if X[i] @ w + b >= 0 else 0
            if y_hat != y[i]:
                w = w + learning_rate * (y[i] - y_hat) * X[i]
                b = b + learning_rate * (y[i] - y_hat)
                count += 1
        errors.append(count)
    return w, b, np.array(errors)
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    "mcculloch_pitts: a loop over the rows": {"mcculloch_pitts_vectorised"},
    # The self-check (first cell) also checks that w and x are left unchanged.
    "perceptron_update: w updated in place": {
        "perceptron_update_inputs",
        "perceptron_update_values",
    },
}
