"""ps06-perceptron's answers in every variant (labels, layout, offset).

The stated edits: with −1/+1 a unit outputs −1 where the book's outputs 0 and
the step is η(y − ŷ)/2; with examples as columns the unit computes ``w @ x``
and training counts and reads columns; with the offset flipped the unit
fires where ``x @ w + bias >= 0``, the perceptron compares ``x @ w >= t`` and
learns ``t - step`` where the book learns ``b + step``.
"""


def answers(v):
    pm1, cols, flip = (
        v["labels"] == "pm1",
        v["layout"] == "cols",
        v["offset"] != "usual",
    )
    off = "-1" if pm1 else "0"
    half = " / 2" if pm1 else ""
    offset = "bias" if flip else "threshold"
    weighted = "w @ x" if cols else "x @ w"
    fires = "s + bias >= 0" if flip else "s >= threshold"
    mcculloch_pitts = f"""
def mcculloch_pitts(x, weights, {offset}):
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    s = {weighted}  # one sum per example, or one number for one example
    fired = np.where({fires}, 1, {off})
    return int(fired) if x.ndim == 1 else fired
"""
    b = "t" if flip else "b"
    predicts = "x @ w >= t" if flip else "x @ w + b >= 0"
    learns = "t - step" if flip else "b + step"
    update = f"""
def perceptron_update(w, {b}, x, y, learning_rate=1.0):
    w = np.asarray(w, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    y_hat = 1.0 if {predicts} else {off}.0
    step = learning_rate * (y - y_hat){half}
    return w + step * x, float({learns})
"""
    shape = "n, m = X.shape" if cols else "m, n = X.shape"
    example = "X[:, i]" if cols else "X[i]"
    fit = f"""
def perceptron_fit(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    rng = np.random.default_rng(rng)
    {shape}
    w, {b} = np.zeros(n), 0.0
    errors = []
    for _ in range(epochs):
        order = rng.permutation(m) if shuffle else range(m)
        mistakes = 0
        for i in order:
            x = {example}
            y_hat = 1.0 if {predicts} else {off}.0
            step = learning_rate * (y[i] - y_hat){half}
            if step:
                w = w + step * x
                {b} = {learns}
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, float({b}), np.array(errors, dtype=np.int64)
"""
    return {
        "mcculloch_pitts": mcculloch_pitts,
        "perceptron_update": update,
        "perceptron_fit": fit,
    }


MUTANTS = {
    "mcculloch_pitts: > instead of >=": ("mcculloch_pitts", ">=", ">"),
    "mcculloch_pitts: the sum is not weighted": (
        "mcculloch_pitts",
        "w = np.asarray(weights, dtype=np.float64)",
        "w = np.ones(len(weights))",
    ),
    "perceptron_update: sign flipped": (
        "perceptron_update",
        "(y - y_hat)",
        "(y_hat - y)",
    ),
    "perceptron_update: w updated in place": (
        "perceptron_update",
        "return w + step * x,",
        "w += step * x\n    return w,",
    ),
    "perceptron_update: ignores the learning rate": (
        "perceptron_update",
        "learning_rate * ",
        "",
    ),
    "perceptron_fit: never stops early": (
        "perceptron_fit",
        "        if mistakes == 0:\n            break\n",
        "",
    ),
    "perceptron_fit: ignores the learning rate": (
        "perceptron_fit",
        "learning_rate * ",
        "",
    ),
    "perceptron_fit: a tie counts as the negative class": ("perceptron_fit", ">=", ">"),
}
