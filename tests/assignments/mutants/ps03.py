"""Classic wrong answers to ps03-gradient-descent, written as students write them."""

MUTANTS = {
    "gradient_descent: steps uphill": (
        "gradient_descent",
        """
def gradient_descent(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100,
                     lam=0.0):
    theta = np.array(theta0, dtype=float)
    history = []
    for _ in range(n_iters):
        if gradient is True:
            J, g = cost(theta, X, y, lam)
        else:
            J, g = cost(theta, X, y, lam), gradient(theta, X, y, lam)
        history.append(J)
        theta = theta + learning_rate * g
    return theta, np.array(history)
""",
    ),
    "gradient_descent: records the cost after the step": (
        "gradient_descent",
        """
def gradient_descent(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100,
                     lam=0.0):
    f = cost if gradient is True else (lambda *a: (cost(*a), gradient(*a)))
    theta = np.array(theta0, dtype=float)
    history = np.zeros(n_iters)
    for k in range(n_iters):
        theta = theta - learning_rate * f(theta, X, y, lam)[1]
        history[k] = f(theta, X, y, lam)[0]
    return theta, history
""",
    ),
    "gradient_descent: updates theta0 in place": (
        "gradient_descent",
        """
def gradient_descent(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100,
                     lam=0.0):
    theta = theta0
    history = np.zeros(n_iters)
    for k in range(n_iters):
        if gradient is True:
            history[k], g = cost(theta, X, y, lam)
        else:
            history[k], g = cost(theta, X, y, lam), gradient(theta, X, y, lam)
        theta -= learning_rate * g
    return theta, history
""",
    ),
    "sgd: one step per epoch": (
        "sgd",
        """
def sgd(cost, gradient, theta0, X, y, *, learning_rate=0.1, epochs=10, batch_size=32,
        lam=0.0, shuffle=True, rng=None):
    rng = np.random.default_rng(rng)
    theta = np.array(theta0, dtype=float)
    m = X.shape[0]
    history = np.zeros(epochs)
    for e in range(epochs):
        idx = rng.permutation(m)[:batch_size] if shuffle else np.arange(m)[:batch_size]
        b = len(idx)
        J = cost(theta, X[idx], y[idx], lam * b / m)
        g = gradient(theta, X[idx], y[idx], lam * b / m)
        history[e] = J
        theta = theta - learning_rate * g
    return theta, history
""",
    ),
    "sgd: drops the last, smaller batch": (
        "sgd",
        """
def sgd(cost, gradient, theta0, X, y, *, learning_rate=0.1, epochs=10, batch_size=32,
        lam=0.0, shuffle=True, rng=None):
    rng = np.random.default_rng(rng)
    theta = np.array(theta0, dtype=float)
    m = X.shape[0]
    n_batches = max(m // batch_size, 1)
    history = np.zeros(epochs)
    for e in range(epochs):
        order = rng.permutation(m) if shuffle and batch_size < m else np.arange(m)
        total = 0.0
        for k in range(n_batches):
            idx = order[k * batch_size:(k + 1) * batch_size]
            b = len(idx)
            total += cost(theta, X[idx], y[idx], lam * b / m) * b
            theta = theta - learning_rate * gradient(theta, X[idx], y[idx], lam * b / m)
        history[e] = total / m
    return theta, history
""",
    ),
    "sgd: updates theta0 in place": (
        "sgd",
        """
def sgd(cost, gradient, theta0, X, y, *, learning_rate=0.1, epochs=10, batch_size=32,
        lam=0.0, shuffle=True, rng=None):
    rng = np.random.default_rng(rng)
    theta = np.asarray(theta0, dtype=np.float64)
    m = X.shape[0]
    history = np.empty(epochs)
    for epoch in range(epochs):
        order = rng.permutation(m) if shuffle and batch_size < m else np.arange(m)
        total = 0.0
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            lam_b = lam * len(idx) / m
            if gradient is True:
                J, grad = cost(theta, X[idx], y[idx], lam_b)
            else:
                J = cost(theta, X[idx], y[idx], lam_b)
                grad = gradient(theta, X[idx], y[idx], lam_b)
            total += J * len(idx)
            theta -= learning_rate * grad
        history[epoch] = total / m
    return theta, history
""",
    ),
    "standardize: divides by the variance": (
        "standardize",
        """
def standardize(X, mean=None, std=None):
    X = np.asarray(X, dtype=float)
    if mean is None:
        mean = X.mean(axis=0)
        std = X.var(axis=0)
        std[std == 0] = 1.0
    return (X - mean) / std, mean, std
""",
    ),
    "standardize: ignores the given mean and std": (
        "standardize",
        """
def standardize(X, mean=None, std=None):
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    std = X.std(axis=0)
    std[std == 0] = 1.0
    return (X - mean) / std, mean, std
""",
    ),
    "standardize: zero spread gives NaN": (
        "standardize",
        """
def standardize(X, mean=None, std=None):
    X = np.asarray(X, dtype=float)
    if mean is None:
        mean, std = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / std, mean, std
""",
    ),
    "standardize: a loop over the rows": (
        "standardize",
        """
def standardize(X, mean=None, std=None):
    X = np.asarray(X, dtype=np.float64)
    if mean is None:
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        std = np.where(std > 0, std, 1.0)
    return np.array([(row - mean) / std for row in X]), mean, std
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    # The self-check (first cell) also checks that theta0 is left unchanged.
    "gradient_descent: updates theta0 in place": {
        "gradient_descent_inputs",
        "gradient_descent_values",
    },
    "standardize: a loop over the rows": {"standardize_vectorised"},
}
