"""ps05-regularisation's answers in every variant (labels, layout, bias)."""

from .written import logits, weights


def answers(v):
    pm1, cols, sep = v["labels"] == "pm1", v["layout"] == "cols", v["bias"] == "b"
    params, scores = weights(v), logits(v)
    # The usual y in {0, 1}, from the variant's labels: the stated edit for −1/+1.
    to01 = "    t = (y + 1) / 2\n" if pm1 else "    t = y\n"
    # A separate b has no column of ones; examples as columns stack as rows.
    first = "[]" if sep else "[np.ones_like(x1)]"
    stack = "np.vstack" if cols else "np.column_stack"
    map_feature = f"""
def map_feature(x1, x2, degree=6):
    x1 = np.asarray(x1, dtype=np.float64)
    x2 = np.asarray(x2, dtype=np.float64)
    columns = {first}
    for i in range(1, degree + 1):
        for j in range(i + 1):
            columns.append(x1 ** (i - j) * x2**j)
    return {stack}(columns)
"""
    penalised = "w" if sep else "theta[1:]"
    cost = f"""
def logistic_cost({params}, X, y, lam=0.0):
{to01}    m = len(t)
    z = {scores}
    penalty = lam / (2 * m) * np.sum({penalised} ** 2)
    return float(np.mean(np.logaddexp(0.0, z) - t * z) + penalty)
"""
    back = "X @ r / m" if cols else "X.T @ r / m"
    if sep:
        body = (
            f"    dw = {back}\n"
            "    dw += lam / m * w\n"
            "    return dw, float(np.mean(r))\n"
        )
    else:
        body = (
            f"    grad = {back}\n"
            "    grad[1:] += lam / m * theta[1:]\n"
            "    return grad\n"
        )
    gradient = f"""
def logistic_gradient({params}, X, y, lam=0.0):
{to01}    m = len(t)
    z = {scores}
    r = mllesson.sigmoid(z) - t
{body}"""
    return {
        "map_feature": map_feature,
        "logistic_cost": cost,
        "logistic_gradient": gradient,
    }


MUTANTS = {
    "map_feature: stops one degree short": (
        "map_feature", "range(1, degree + 1)", "range(1, degree)"
    ),
    "map_feature: powers of x1 and x2 swapped": (
        "map_feature", "x1 ** (i - j) * x2**j", "x1**j * x2 ** (i - j)"
    ),
    "logistic_cost: lam/m instead of lam/(2m)": (
        "logistic_cost", "lam / (2 * m)", "lam / m"
    ),
    "logistic_cost: log(1 + exp(z)), which overflows": (
        "logistic_cost", "np.logaddexp(0.0, z)", "np.log(1 + np.exp(z))"
    ),
    "logistic_cost: penalty left out": ("logistic_cost", " + penalty)", ")"),
    "logistic_gradient: sign of the penalty flipped": (
        "logistic_gradient", "+= lam / m", "-= lam / m"
    ),
    "logistic_gradient: penalty without 1/m": (
        "logistic_gradient", "lam / m *", "lam *"
    ),
    "logistic_gradient: residual y - h, the ascent direction": (
        "logistic_gradient", "mllesson.sigmoid(z) - t", "t - mllesson.sigmoid(z)"
    ),
}
