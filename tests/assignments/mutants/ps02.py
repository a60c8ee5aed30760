"""Classic wrong answers to ps02-cost, written as students write them."""

MUTANTS = {
    "log_loss: summed instead of averaged": (
        "log_loss",
        """
def log_loss(y_true, y_prob, eps=1e-15):
    p = np.clip(y_prob, eps, 1 - eps)
    return float(-np.sum(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
""",
    ),
    "log_loss: no clipping": (
        "log_loss",
        """
def log_loss(y_true, y_prob, eps=1e-15):
    p = np.asarray(y_prob)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
""",
    ),
    "log_loss: minus sign forgotten": (
        "log_loss",
        """
def log_loss(y_true, y_prob, eps=1e-15):
    p = np.clip(y_prob, eps, 1 - eps)
    return float(np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))
""",
    ),
    "logistic_cost: log of the sigmoid, unstable": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    h = mllesson.sigmoid(X @ theta)
    return float(-np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)))
""",
    ),
    "logistic_cost: forgot 1/m": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    z = X @ theta
    return float(np.sum(np.logaddexp(0, z) - y * z))
""",
    ),
    "logistic_cost: clipped probabilities": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    h = np.clip(mllesson.sigmoid(X @ theta), 1e-15, 1 - 1e-15)
    return float(-np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)))
""",
    ),
    "logistic_gradient: sign flipped": (
        "logistic_gradient",
        """
def logistic_gradient(theta, X, y, lam=0.0):
    return X.T @ (y - mllesson.sigmoid(X @ theta)) / len(y)
""",
    ),
    "logistic_gradient: forgot 1/m": (
        "logistic_gradient",
        """
def logistic_gradient(theta, X, y, lam=0.0):
    return X.T @ (mllesson.sigmoid(X @ theta) - y)
""",
    ),
    "logistic_gradient: loop over the examples": (
        "logistic_gradient",
        """
def logistic_gradient(theta, X, y, lam=0.0):
    grad = np.zeros_like(theta, dtype=float)
    for i in range(X.shape[0]):
        grad += (mllesson.sigmoid(X[i] @ theta) - y[i]) * X[i]
    return grad / X.shape[0]
""",
    ),
    "log_loss: a loop over the examples": (
        "log_loss",
        """
def log_loss(y_true, y_prob, eps=1e-15):
    total = 0.0
    for y, p in zip(y_true, y_prob):
        p = min(max(p, eps), 1 - eps)
        total += -(y * np.log(p) + (1 - y) * np.log1p(-p))
    return float(total / len(y_true))
""",
    ),
    "logistic_cost: a loop over the examples": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    total = 0.0
    for x_i, y_i in zip(X, y):
        z = x_i @ theta
        total += np.logaddexp(0.0, z) - y_i * z
    return float(total / len(y))
""",
    ),
    "logistic_cost: log(1 + exp(z)), which overflows": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    z = X @ theta
    return float(np.mean(np.log(1 + np.exp(z)) - y * z))
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    "log_loss: a loop over the examples": {"log_loss_vectorised"},
    "logistic_cost: a loop over the examples": {"logistic_cost_vectorised"},
    "logistic_cost: log of the sigmoid, unstable": {"logistic_cost_stable"},
    "logistic_cost: log(1 + exp(z)), which overflows": {"logistic_cost_stable"},
    "log_loss: no clipping": {"log_loss_clipping"},
    "logistic_gradient: loop over the examples": {"logistic_gradient_vectorised"},
}
