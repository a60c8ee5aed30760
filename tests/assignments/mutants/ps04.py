"""Classic wrong answers to ps04-multiclass, written as students write them."""

MUTANTS = {
    "softmax: normalised over columns": (
        "softmax",
        """
def softmax(Z):
    e = np.exp(Z - np.max(Z))
    return e / e.sum(axis=0, keepdims=True)
""",
    ),
    "softmax: no max subtracted, overflows": (
        "softmax",
        """
def softmax(Z):
    e = np.exp(Z)
    return e / e.sum(axis=-1, keepdims=True)
""",
    ),
    "softmax: subtracts the global max": (
        "softmax",
        """
def softmax(Z):
    e = np.exp(Z - np.max(Z))
    return e / e.sum(axis=-1, keepdims=True)
""",
    ),
    "softmax: a loop over the rows": ("softmax", '''
def softmax(Z):
    Z = np.asarray(Z, dtype=float)
    rows = Z.reshape(-1, Z.shape[-1])
    out = np.empty_like(rows)
    for i, row in enumerate(rows):
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out.reshape(Z.shape)
'''),
    "one_vs_all: warm start from the previous class": (
        "one_vs_all",
        """
def one_vs_all(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    all_theta = np.zeros((num_labels, X.shape[1]))
    theta = np.zeros(X.shape[1])
    for k in range(num_labels):
        theta, _ = mllesson.gradient_descent(
            mllesson.logistic_cost, mllesson.logistic_gradient, theta, X,
            (y == k).astype(float), learning_rate=learning_rate, n_iters=n_iters,
            lam=lam)
        all_theta[k] = theta
    return all_theta
""",
    ),
    "one_vs_all: lam not passed on": (
        "one_vs_all",
        """
def one_vs_all(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    rows = []
    for k in range(num_labels):
        theta, _ = mllesson.gradient_descent(
            mllesson.logistic_cost_gradient, True, np.zeros(X.shape[1]), X,
            (y == k) * 1.0, learning_rate=learning_rate, n_iters=n_iters)
        rows.append(theta)
    return np.array(rows)
""",
    ),
    "one_vs_all: returns the transpose": (
        "one_vs_all",
        """
def one_vs_all(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    cols = []
    for k in range(num_labels):
        theta, _ = mllesson.gradient_descent(
            mllesson.logistic_cost_gradient, True, np.zeros(X.shape[1]), X,
            (y == k) * 1.0, learning_rate=learning_rate, n_iters=n_iters, lam=lam)
        cols.append(theta)
    return np.column_stack(cols)
""",
    ),
    "predict_one_vs_all: weights not transposed": (
        "predict_one_vs_all",
        """
def predict_one_vs_all(all_theta, X):
    return np.argmax(X @ all_theta, axis=1)
""",
    ),
    "predict_one_vs_all: returns the best probability": (
        "predict_one_vs_all",
        """
def predict_one_vs_all(all_theta, X):
    return np.max(mllesson.sigmoid(X @ all_theta.T), axis=1)
""",
    ),
    "predict_one_vs_all: classes numbered from 1": (
        "predict_one_vs_all",
        """
def predict_one_vs_all(all_theta, X):
    return np.argmax(X @ all_theta.T, axis=1) + 1
""",
    ),
    "predict_one_vs_all: a loop over the rows": (
        "predict_one_vs_all",
        """
def predict_one_vs_all(all_theta, X):
    return np.array([int(np.argmax(all_theta @ x)) for x in X], dtype=np.int64)
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    "softmax: a loop over the rows": {"softmax_vectorised"},
    "softmax: no max subtracted, overflows": {"softmax_stable"},
    "predict_one_vs_all: a loop over the rows": {"predict_one_vs_all_vectorised"},
}
