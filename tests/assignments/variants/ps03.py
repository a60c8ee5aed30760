"""ps03-gradient-descent's answers in every variant (layout, bias, objective).

The stated edits: with a separate b the optimisers carry ``w`` and ``b`` and
the costs return ``(dw, db)``; with examples as columns, ``sgd`` counts and
slices columns and ``standardize`` works along ``axis=1``; climbing ℓ steps
with ``+=`` instead of ``-=``.
"""


def answers(v):
    cols, sep, up = v["layout"] == "cols", v["bias"] == "b", v["objective"] == "max"
    step = "+=" if up else "-="
    if sep:
        start = "w0, b0"
        copy = "    w, b = np.array(w0, dtype=np.float64), float(b0)  # a copy\n"
        args, grad = "w, b", "(dw, db)"
        move = f"w {step} learning_rate * dw\n{{0}}b {step} learning_rate * db\n"
        result = "(w, b)"
    else:
        start = "theta0"
        copy = "    theta = np.array(theta0, dtype=np.float64)  # a copy\n"
        args, grad = "theta", "grad"
        move = f"theta {step} learning_rate * grad\n"
        result = "theta"
    gradient_descent = f"""
def gradient_descent(cost, gradient, {start}, X, y, *, learning_rate=0.1, n_iters=100,
                     lam=0.0):
{copy}    history = np.empty(n_iters)
    for k in range(n_iters):
        if gradient is True:
            J, {grad} = cost({args}, X, y, lam)
        else:
            J, {grad} = cost({args}, X, y, lam), gradient({args}, X, y, lam)
        history[k] = J
        {move.format(" " * 8)}    return {result}, history
"""
    examples = "X.shape[1]" if cols else "X.shape[0]"
    batch = "X[:, idx]" if cols else "X[idx]"
    sgd = f"""
def sgd(cost, gradient, {start}, X, y, *, learning_rate=0.1, epochs=10, batch_size=32,
        lam=0.0, shuffle=True, rng=None):
    rng = np.random.default_rng(rng)
{copy}    m = {examples}
    history = np.empty(epochs)
    for epoch in range(epochs):
        order = rng.permutation(m) if shuffle and batch_size < m else np.arange(m)
        total = 0.0
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            Xb, yb = {batch}, y[idx]
            lam_b = lam * len(idx) / m  # keeps the penalty at lam / (2m)
            if gradient is True:
                J, {grad} = cost({args}, Xb, yb, lam_b)
            else:
                J, {grad} = cost({args}, Xb, yb, lam_b), gradient({args}, Xb, yb, lam_b)
            total += J * len(idx)
            {move.format(" " * 12)}        history[epoch] = total / m
    return {result}, history
"""
    axis, spread = ("1", "[:, None]") if cols else ("0", "")
    standardize = f"""
def standardize(X, mean=None, std=None):
    X = np.asarray(X, dtype=np.float64)
    if mean is None:
        mean = X.mean(axis={axis})
        std = X.std(axis={axis})
        std = np.where(std > 0, std, 1.0)
    return (X - mean{spread}) / std{spread}, mean, std
"""
    return {
        "gradient_descent": gradient_descent,
        "sgd": sgd,
        "standardize": standardize,
    }


MUTANTS = {
    "gradient_descent: updates theta0 in place": (
        "gradient_descent",
        "np.array(",
        "np.asarray(",
    ),
    "gradient_descent: ignores the learning rate": (
        "gradient_descent",
        "learning_rate * ",
        "",
    ),
    "gradient_descent: one step too few": (
        "gradient_descent",
        "range(n_iters)",
        "range(n_iters - 1)",
    ),
    "sgd: the penalty is not scaled to the batch": ("sgd", "lam * len(idx) / m", "lam"),
    "sgd: drops the last, smaller batch": (
        "sgd",
        "range(0, m, batch_size)",
        "range(0, m - m % batch_size, batch_size)",
    ),
    "sgd: updates theta0 in place": ("sgd", "np.array(", "np.asarray("),
    "standardize: divides by the variance": ("standardize", ".std(", ".var("),
    "standardize: ignores the given mean and std": (
        "standardize",
        "if mean is None:",
        "if True:",
    ),
    "standardize: zero spread gives NaN": (
        "standardize",
        "np.where(std > 0, std, 1.0)",
        "std",
    ),
}
