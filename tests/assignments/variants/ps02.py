"""ps02-cost's answers in every variant (labels, layout, bias)."""

from . import written


def answers(v):
    pm1, cols, sep = v["labels"] == "pm1", v["layout"] == "cols", v["bias"] == "b"
    # The usual y in {0, 1}, from the variant's labels: the stated edit for −1/+1.
    to01 = "    t = (y + 1) / 2\n" if pm1 else "    t = y\n"
    params, scores = written.weights(v), written.logits(v)
    weights = "w" if sep else "theta[1:]"
    log_loss = f"""
def log_loss(y_true, y_prob, eps=1e-15):
    y = np.asarray(y_true, dtype=np.float64)
{to01}    p = np.clip(np.asarray(y_prob, dtype=np.float64), eps, 1 - eps)
    return float(-np.mean(t * np.log(p) + (1 - t) * np.log(1 - p)))
"""
    cost = f"""
def logistic_cost({params}, X, y, lam=0.0):
{to01}    z = {scores}
    m = len(t)
    penalty = lam / (2 * m) * np.sum({weights} ** 2)
    return float(np.mean(np.logaddexp(0, z) - t * z) + penalty)
"""
    residual = f"""{to01}    m = len(t)
    r = mllesson.sigmoid({scores}) - t
"""
    if sep:
        back = f"({'X @ r' if cols else 'X.T @ r'}) / m + lam / m * w"
        gradient_body = f"    return {back}, float(np.mean(r))\n"
    else:
        back = "(X @ r) / m" if cols else "(X.T @ r) / m"
        gradient_body = (
            f"    grad = {back}\n    grad[1:] += lam / m * theta[1:]\n    return grad\n"
        )
    gradient = f"""
def logistic_gradient({params}, X, y, lam=0.0):
{residual}{gradient_body}"""
    return {"log_loss": log_loss, "logistic_cost": cost, "logistic_gradient": gradient}


MUTANTS = {
    "log_loss: summed": ("log_loss", "-np.mean(", "-np.sum("),
    "log_loss: no clipping": ("log_loss", ", eps, 1 - eps)", ", 0.0, 1.0)"),
    "logistic_cost: forgot 1/m": (
        "logistic_cost",
        "np.mean(np.logaddexp",
        "np.sum(np.logaddexp",
    ),
    "logistic_cost: log(1 + e^z), unstable": (
        "logistic_cost",
        "np.logaddexp(0, z)",
        "np.log(1 + np.exp(z))",
    ),
    # σ − t turned round: exactly the gradient with its sign flipped
    "logistic_gradient: sign flipped": ("logistic_gradient", ") - t\n", ") * -1 + t\n"),
    "logistic_gradient: forgot 1/m": ("logistic_gradient", ") / m", ")"),
}
