"""ps04-multiclass's answers in every variant (class numbers, layout, bias)."""

from .written import logits


def answers(v):
    c1, cols, sep = v["classes"] == "c1", v["layout"] == "cols", v["bias"] == "b"
    # The axis of one example's scores, and of the features in X.
    classes_axis, features_axis = (0, 0) if cols else (-1, 1)
    softmax = f"""
def softmax(Z):
    Z = np.asarray(Z, dtype=np.float64)
    shift = Z.max(axis={classes_axis}, keepdims=True)
    e = np.exp(Z - shift)
    total = e.sum(axis={classes_axis}, keepdims=True)
    return e / total
"""
    # Class k is the label k, or k + 1 where classes are numbered from 1.
    label = "k + 1" if c1 else "k"
    back = "X @ r / m" if cols else "X.T @ r / m"
    if sep:
        start = f"w, b = np.zeros(X.shape[{features_axis}]), 0.0"
        step = (
            f"            dw = {back}\n"
            "            dw += lam / m * w\n"
            "            w = w - learning_rate * dw\n"
            "            b = b - learning_rate * np.mean(r)\n"
        )
        found = "(w, b)"
        result = "np.array([w for w, _ in rows]), np.array([b for _, b in rows])"
    else:
        start = f"theta = np.zeros(X.shape[{features_axis}])"
        step = (
            f"            grad = {back}\n"
            "            grad[1:] += lam / m * theta[1:]\n"
            "            theta = theta - learning_rate * grad\n"
        )
        found, result = "theta", "np.array(rows)"
    one_vs_all = f"""
def one_vs_all(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    m = len(y)
    rows = []
    for k in range(num_labels):
        t = (np.asarray(y) == {label}).astype(np.float64)
        {start}
        for _ in range(n_iters):
            r = mllesson.sigmoid({logits(v)}) - t
{step}        rows.append({found})
    return {result}
"""
    # One score per class and example: classes along the rows of W, so the
    # examples' scores are X W^T (rows) or W X (columns), plus one b per class.
    scores = {
        (False, False): "X @ all_theta.T",
        (False, True): "all_theta @ X",
        (True, False): "X @ W.T + b",
        (True, True): "W @ X + b[:, None]",
    }[sep, cols]
    params = "W, b" if sep else "all_theta"
    predict = f"""
def predict_one_vs_all({params}, X):
    return np.argmax({scores}, axis={classes_axis}){" + 1" if c1 else ""}
"""
    return {
        "softmax": softmax,
        "one_vs_all": one_vs_all,
        "predict_one_vs_all": predict,
    }


MUTANTS = {
    "softmax: no max subtracted, overflows": (
        "softmax", "np.exp(Z - shift)", "np.exp(Z)"
    ),
    "softmax: divided by the sum of every score": (
        "softmax", "e / total", "e / e.sum()"
    ),
    "one_vs_all: one step too few": (
        "one_vs_all", "range(n_iters)", "range(n_iters - 1)"
    ),
    "one_vs_all: sign of the penalty flipped": (
        "one_vs_all", "+= lam / m", "-= lam / m"
    ),
    "one_vs_all: step size ignored": (
        "one_vs_all", "- learning_rate *", "- 1.0 *"
    ),
    "predict_one_vs_all: the least confident class": (
        "predict_one_vs_all", "np.argmax(", "np.argmin("
    ),
    "predict_one_vs_all: returns the best score, not its class": (
        "predict_one_vs_all", "np.argmax(", "np.max("
    ),
}
