"""Classic wrong answers to ps01-hypothesis, written as students write them.

Each mutant replaces one solution cell; it must lose points in that task's
grade cells and nowhere else.
"""

MUTANTS = {
    "sigmoid: sign flipped in the exponent": (
        "sigmoid",
        '''
def sigmoid(z):
    """The logistic function."""
    return 1 / (1 + np.exp(z))
''',
    ),
    "sigmoid: a loop over the entries": (
        "sigmoid",
        '''
def sigmoid(z):
    """The logistic function."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    for idx, value in np.ndenumerate(z):
        out[idx] = 1 / (1 + np.exp(-value))
    return out
''',
    ),
    "sigmoid: e^z / (1 + e^z), which overflows": (
        "sigmoid",
        '''
def sigmoid(z):
    """The logistic function."""
    return np.exp(z) / (1 + np.exp(z))
''',
    ),
    "hypothesis: forgot the sigmoid": (
        "hypothesis",
        """
def hypothesis(theta, X):
    return X @ theta
""",
    ),
    "hypothesis: X transposed": (
        "hypothesis",
        """
def hypothesis(theta, X):
    return mllesson.sigmoid(X.T @ theta)
""",
    ),
    "predict: threshold applied to the logit": (
        "predict",
        """
def predict(theta, X, threshold=0.5):
    return (X @ theta >= threshold).astype(int)
""",
    ),
    "predict: > instead of >=": (
        "predict",
        """
def predict(theta, X, threshold=0.5):
    return (mllesson.hypothesis(theta, X) > threshold).astype(int)
""",
    ),
    "predict: returns booleans": (
        "predict",
        """
def predict(theta, X, threshold=0.5):
    return mllesson.hypothesis(theta, X) >= threshold
""",
    ),
    "hypothesis: a loop over the rows": (
        "hypothesis",
        """
def hypothesis(theta, X):
    return np.array([mllesson.sigmoid(row @ theta) for row in X])
""",
    ),
}


#: Mutants that break one property only, and the grade cells each must lose:
#: the property's cell (and the self-check's cell where the visible
#: self-check checks that property too). Every other cell keeps its points.
PROPERTY = {
    "sigmoid: a loop over the entries": {"sigmoid_vectorised"},
    "sigmoid: e^z / (1 + e^z), which overflows": {"sigmoid_stable"},
    "hypothesis: a loop over the rows": {"hypothesis_vectorised"},
    # The self-check (first cell) also checks for integer labels.
    "predict: returns booleans": {"predict_labels", "predict_values"},
}
