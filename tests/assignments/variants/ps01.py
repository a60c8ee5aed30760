"""ps01-hypothesis's answers in every variant (labels, layout, bias)."""

from .written import logits, weights


def answers(v):
    pm1 = v["labels"] == "pm1"
    params, scores = weights(v), logits(v)
    # The labels: 1 and 0, or +1 and −1.
    labels = (
        "np.where(h >= threshold, 1, -1).astype(np.int64)"
        if pm1
        else "(h >= threshold).astype(np.int64)"
    )
    sigmoid = """
def sigmoid(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
"""
    hypothesis = f"""
def hypothesis({params}, X):
    return mllesson.sigmoid({scores})
"""
    predict = f"""
def predict({params}, X, threshold=0.5):
    h = mllesson.sigmoid({scores})
    return {labels}
"""
    return {"sigmoid": sigmoid, "hypothesis": hypothesis, "predict": predict}


MUTANTS = {
    "sigmoid: branches swapped": ("sigmoid", "np.where(z >= 0,", "np.where(z < 0,"),
    "sigmoid: e^z / (1 + e^z), which overflows": (
        "sigmoid",
        "np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))",
        "np.exp(z) / (1.0 + np.exp(z))",
    ),
    "hypothesis: forgot the sigmoid": ("hypothesis", "mllesson.sigmoid(", "("),
    "hypothesis: sign of the logit flipped": (
        "hypothesis", "mllesson.sigmoid(", "mllesson.sigmoid(-"
    ),
    "predict: > instead of >=": ("predict", "h >= threshold", "h > threshold"),
    "predict: threshold applied to the logit": (
        "predict", "h = mllesson.sigmoid(", "h = ("
    ),
}
