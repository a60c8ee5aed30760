"""Classic wrong answers to ps05-regularisation, written as students write them."""

MUTANTS = {
    "map_feature: no column of ones": (
        "map_feature",
        """
def map_feature(x1, x2, degree=6):
    cols = []
    for i in range(1, degree + 1):
        for j in range(i + 1):
            cols.append(x1 ** (i - j) * x2 ** j)
    return np.column_stack(cols)
""",
    ),
    "map_feature: stops one degree short": (
        "map_feature",
        """
def map_feature(x1, x2, degree=6):
    cols = [np.ones(len(x1))]
    for i in range(1, degree):
        for j in range(i + 1):
            cols.append(x1 ** (i - j) * x2 ** j)
    return np.column_stack(cols)
""",
    ),
    "map_feature: a loop over the samples": (
        "map_feature",
        """
def map_feature(x1, x2, degree=6):
    rows = []
    for a, b in zip(x1, x2):
        row = [1.0]
        for i in range(1, degree + 1):
            for j in range(i + 1):
                row.append(a ** (i - j) * b ** j)
        rows.append(row)
    return np.array(rows)
""",
    ),
    "logistic_cost: regularises theta_0": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    m = len(y)
    z = X @ theta
    return float(np.mean(np.logaddexp(0, z) - y * z) + lam / (2 * m) * theta @ theta)
""",
    ),
    "logistic_cost: lam/m instead of lam/(2m)": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    m = len(y)
    z = X @ theta
    return float(np.mean(np.logaddexp(0, z) - y * z) + lam / m * np.sum(theta[1:] ** 2))
""",
    ),
    "logistic_cost: log of the sigmoid, unstable": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    m = len(y)
    h = mllesson.sigmoid(X @ theta)
    penalty = lam / (2 * m) * np.sum(theta[1:] ** 2)
    return float(-np.mean(y * np.log(h) + (1 - y) * np.log(1 - h)) + penalty)
""",
    ),
    "logistic_cost: log(1 + exp(z)), which overflows": (
        "logistic_cost",
        """
def logistic_cost(theta, X, y, lam=0.0):
    m = len(y)
    z = X @ theta
    penalty = lam / (2 * m) * np.sum(theta[1:] ** 2)
    return float(np.mean(np.log(1 + np.exp(z)) - y * z) + penalty)
""",
    ),
    "logistic_gradient: regularises theta_0": (
        "logistic_gradient",
        """
def logistic_gradient(theta, X, y, lam=0.0):
    m = len(y)
    return X.T @ (mllesson.sigmoid(X @ theta) - y) / m + lam / m * theta
""",
    ),
    "logistic_gradient: penalty without 1/m": (
        "logistic_gradient",
        """
def logistic_gradient(theta, X, y, lam=0.0):
    m = len(y)
    reg = lam * theta
    reg[0] = 0
    return X.T @ (mllesson.sigmoid(X @ theta) - y) / m + reg
""",
    ),
    "logistic_gradient: sign of the penalty flipped": (
        "logistic_gradient",
        """
def logistic_gradient(theta, X, y, lam=0.0):
    m = len(y)
    reg = lam / m * theta
    reg[0] = 0
    return X.T @ (mllesson.sigmoid(X @ theta) - y) / m - reg
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    "map_feature: a loop over the samples": {"map_feature_vectorised"},
    "logistic_cost: log of the sigmoid, unstable": {"logistic_cost_stable"},
    "logistic_cost: log(1 + exp(z)), which overflows": {"logistic_cost_stable"},
}
