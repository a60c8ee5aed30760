"""The usual mistakes of every assignment, as small named wrong functions.

Each ``*_MISTAKES`` catalogue is a list of ``(message, wrong_function)``
pairs. A wrong function takes the arguments of the function it imitates and
computes what a student with that mistake would return; a check that finds
the student's output equal to one of them prints its message
(:func:`~mllesson.selfcheck.compare.diagnose`). Wherever they can, the wrong
functions are built over the package's public functions, so that the right
part of a wrong answer is computed by the reference itself. The grader reads
the catalogues by name to sort failures into misconceptions.

A new mistake goes into the catalogue of its function: a wrong function and
the one sentence a student should read.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_grad
from ..features import map_feature
from ..logistic import logistic_cost, logistic_cost_gradient, logistic_gradient
from ..losses import log_loss
from ..network import ACTIVATIONS, ForwardCache, backward, forward, nn_cost
from ..optim import gradient_descent
from ..perceptron import perceptron_update

# --- unit 1: the hypothesis ------------------------------------------------------

SIGMOID_MISTAKES = [
    (
        "sign flipped in the exponent: σ(z) = 1 / (1 + e^(−z)).",
        lambda z: 1 / (1 + np.exp(z)),
    ),
    ("the 1 + is missing from the denominator.", lambda z: np.exp(z)),
    ("you returned 1 + e^(−z); take its reciprocal.", lambda z: 1 + np.exp(-z)),
    ("you returned the derivative σ(z)(1 − σ(z)).", sigmoid_grad),
    ("you returned a step (0 or 1), not a smooth curve.", lambda z: (z >= 0) * 1.0),
]

HYPOTHESIS_MISTAKES = [
    ("you forgot the sigmoid: h = σ(θᵀx), not θᵀx.", lambda t, X: X @ t),
    ("sign flipped: h = σ(+θᵀx).", lambda t, X: sigmoid(-(X @ t))),
    (
        "the intercept is missing: X already has a column of ones, use all of θ.",
        lambda t, X: sigmoid(X[:, 1:] @ t[1:]),
    ),
]

PREDICT_MISTAKES = [
    (
        "the threshold argument is ignored (always 0.5).",
        lambda t, X, thr: (sigmoid(X @ t) >= 0.5).astype(int),
    ),
    (
        "the threshold was applied to θᵀx instead of to the probability σ(θᵀx).",
        lambda t, X, thr: (X @ t >= thr).astype(int),
    ),
    (
        "you used > where the rule is ≥: a probability at the threshold is class 1.",
        lambda t, X, thr: (sigmoid(X @ t) > thr).astype(int),
    ),
    (
        "the labels are flipped: class 1 is where h ≥ threshold.",
        lambda t, X, thr: (sigmoid(X @ t) < thr).astype(int),
    ),
    (
        "the sigmoid was applied after thresholding; threshold the probability.",
        lambda t, X, thr: sigmoid((X @ t >= thr) * 1.0),
    ),
]

# --- unit 2: the cost ------------------------------------------------------------


def log_loss_unclipped(y, p, eps=1e-15):
    """The log-loss without clipping: log(0) where a probability is 0 or 1."""
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


LOG_LOSS_MISTAKES = [
    (
        "the minus sign is missing: the loss must be positive.",
        lambda y, p, eps=1e-15: -log_loss(y, p, eps),
    ),
    (
        "you summed instead of averaging (missing 1/m).",
        lambda y, p, eps=1e-15: log_loss(y, p, eps) * len(y),
    ),
    (
        "y and 1 − y are swapped between the two log terms.",
        lambda y, p, eps=1e-15: log_loss(1 - y, p, eps),
    ),
    (
        "the probabilities are not clipped to [eps, 1 − eps] before the log.",
        log_loss_unclipped,
    ),
]


def _cost(theta, X, y):
    return logistic_cost(theta, X, y, 0.0)


def _clipped_cost(theta, X, y):
    """The cost from clipped probabilities: capped at −log(eps) per example."""
    return log_loss(y, sigmoid(X @ theta))


def _penalty(theta, X, lam, scale=1.0, skip_intercept=True):
    """``scale`` times the L2 penalty λ/(2m) Σθ_j² (with θ₀ unless skipped)."""
    w = theta[1:] if skip_intercept else theta
    return scale * lam / (2 * X.shape[0]) * float(w @ w)


COST_MISTAKES = [
    (
        "the minus sign is missing: the cost must be positive.",
        lambda t, X, y, lam=0.0: -_cost(t, X, y) + _penalty(t, X, lam),
    ),
    (
        "you summed instead of averaging (missing 1/m).",
        lambda t, X, y, lam=0.0: _cost(t, X, y) * len(y) + _penalty(t, X, lam),
    ),
    (
        "y and 1 − y are swapped between the two log terms.",
        lambda t, X, y, lam=0.0: _cost(t, X, 1 - y) + _penalty(t, X, lam),
    ),
    (
        "finite but wrong for large |θᵀx|: clipping the probabilities caps each "
        "term at −log(eps). Compute from the logits, log(1 + e^z) − y z, with "
        "np.logaddexp.",
        lambda t, X, y, lam=0.0: _clipped_cost(t, X, y) + _penalty(t, X, lam),
    ),
    (
        "θ₀ is regularised: the penalty sums θ_j² for j ≥ 1 only.",
        lambda t, X, y, lam=0.0: _cost(t, X, y) + _penalty(t, X, lam, 1, False),
    ),
    (
        "the penalty should be λ/(2m), not λ/m.",
        lambda t, X, y, lam=0.0: _cost(t, X, y) + _penalty(t, X, lam, 2),
    ),
    (
        "the penalty should be λ/(2m): the 1/m is missing.",
        lambda t, X, y, lam=0.0: _cost(t, X, y) + _penalty(t, X, lam, len(y)),
    ),
    (
        "the penalty λ/(2m) Σθ_j² is missing, or lam is ignored.",
        lambda t, X, y, lam=0.0: _cost(t, X, y),
    ),
]


def _grad(theta, X, y):
    return logistic_gradient(theta, X, y, 0.0)


def _penalty_grad(t, X, lam, scale=1.0, skip_intercept=True):
    """``scale`` times the penalty's gradient (λ/m)θ (θ₀'s part kept unless skipped)."""
    w = t.copy()
    if skip_intercept:
        w[0] = 0.0
    return scale * lam / X.shape[0] * w


GRADIENT_MISTAKES = [
    (
        "the sign is flipped: the gradient is Xᵀ(h − y)/m, not Xᵀ(y − h)/m.",
        lambda t, X, y, lam=0.0: -_grad(t, X, y) + _penalty_grad(t, X, lam),
    ),
    (
        "the 1/m is missing.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) * len(y) + _penalty_grad(t, X, lam),
    ),
    (
        "you forgot the sigmoid: that is linear regression's gradient Xᵀ(Xθ − y)/m.",
        lambda t, X, y, lam=0.0: X.T @ (X @ t - y) / len(y) + _penalty_grad(t, X, lam),
    ),
    (
        "θ₀ is regularised: leave the intercept's component alone.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) + _penalty_grad(t, X, lam, 1, False),
    ),
    (
        "the penalty's gradient is (λ/m)θ_j, not (λ/2m)θ_j.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) + _penalty_grad(t, X, lam, 0.5),
    ),
    (
        "the penalty's gradient is (λ/m)θ_j: the 1/m is missing.",
        lambda t, X, y, lam=0.0: _grad(t, X, y) + _penalty_grad(t, X, lam, len(y)),
    ),
    (
        "the penalty's gradient (λ/m)θ_j is missing, or lam is ignored.",
        lambda t, X, y, lam=0.0: _grad(t, X, y),
    ),
]

# --- unit 3: gradient descent -----------------------------------------------------


def _cost_and_gradient(cost, gradient):
    """One function ``f(theta, X, y, lam) -> (J, grad)``, as the optimisers take."""
    if gradient is True:
        return cost
    return lambda theta, X, y, lam: (cost(theta, X, y, lam), gradient(theta, X, y, lam))


def _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, lam, *,
             uphill=False, cost_after_step=False):  # fmt: skip
    """Batch gradient descent going ``uphill`` or recording ``cost_after_step``."""
    f = _cost_and_gradient(cost, gradient)
    theta = np.array(theta0, dtype=float)
    history = []
    for _ in range(n_iters):
        J, g = f(theta, X, y, lam)
        theta = theta + learning_rate * g if uphill else theta - learning_rate * g
        if cost_after_step:
            J = f(theta, X, y, lam)[0]
        history.append(J)
    return theta, np.array(history)


def gd_uphill(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100,
              lam=0.0):  # fmt: skip
    """θ ← θ + α∇J: gradient ascent."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, lam,
                    uphill=True)  # fmt: skip


def gd_cost_after_step(cost, gradient, theta0, X, y, *, learning_rate=0.1,
                       n_iters=100, lam=0.0):  # fmt: skip
    """history[k] is the cost after step k instead of before it."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, lam,
                    cost_after_step=True)  # fmt: skip


def gd_without_lam(cost, gradient, theta0, X, y, *, learning_rate=0.1, n_iters=100,
                   lam=0.0):  # fmt: skip
    """lam never reaches the cost and the gradient."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters, 0.0)


def gd_one_step_short(cost, gradient, theta0, X, y, *, learning_rate=0.1,
                      n_iters=100, lam=0.0):  # fmt: skip
    """n_iters − 1 steps."""
    return _descend(cost, gradient, theta0, X, y, learning_rate, n_iters - 1, lam)


GD_MISTAKES = [
    ("the step goes uphill: θ ← θ − α∇J, with a minus.", gd_uphill),
    (
        "history[k] must be the cost before step k (history[0] is the cost at θ0).",
        gd_cost_after_step,
    ),
    ("lam is not passed on to the cost and gradient.", gd_without_lam),
    ("one step too few: take exactly n_iters steps.", gd_one_step_short),
]


def _minibatches(cost, gradient, theta0, X, y, learning_rate, epochs, batch_size,
                 lam, *, full_lam=False, drop_last=False, one_step=False):  # fmt: skip
    """Mini-batch descent in the given order, with the mistakes switched on.

    ``full_lam``: every batch gets all of ``lam``; ``drop_last``: the last,
    smaller batch is skipped; ``one_step``: one batch per epoch.
    """
    f = _cost_and_gradient(cost, gradient)
    theta = np.array(theta0, dtype=float)
    m = X.shape[0]
    history = []
    for _ in range(epochs):
        stop = m - m % batch_size if drop_last else m
        total = 0.0
        for s in range(0, stop, batch_size):
            idx = np.arange(s, min(s + batch_size, m))
            J, g = f(theta, X[idx], y[idx], lam * (1.0 if full_lam else len(idx) / m))
            total += J * len(idx)
            theta = theta - learning_rate * g
            if one_step:
                break
        history.append(total / m)
    return theta, np.array(history)


def _sgd_mistake(**mistake):
    def wrong(cost, gradient, theta0, X, y, *, learning_rate=0.1, epochs=10,
              batch_size=32, lam=0.0, shuffle=True, rng=None):  # fmt: skip
        return _minibatches(cost, gradient, theta0, X, y, learning_rate, epochs,
                            batch_size, lam, **mistake)  # fmt: skip

    return wrong


sgd_full_lam_per_batch = _sgd_mistake(full_lam=True)
sgd_drops_last_batch = _sgd_mistake(drop_last=True)
sgd_one_step_per_epoch = _sgd_mistake(one_step=True)

SGD_MISTAKES = [
    (
        "each batch must see lam * b / m (b its size): the cost divides its penalty "
        "by the rows it is given, and the penalty must stay λ/(2m).",
        sgd_full_lam_per_batch,
    ),
    (
        "the last, smaller batch of each epoch is skipped: use every example.",
        sgd_drops_last_batch,
    ),
    ("only one step per epoch: take one step per batch.", sgd_one_step_per_epoch),
]

STANDARDIZE_MISTAKES = [
    (
        "you used the statistics of the rows (axis=1); use each column's (axis=0).",
        lambda X: (X - X.mean(1, keepdims=True)) / X.std(1, keepdims=True),
    ),
    (
        "you divided by the variance; divide by the standard deviation.",
        lambda X: (X - X.mean(0)) / X.var(0),
    ),
    (
        "use the population standard deviation (ddof=0, numpy's default).",
        lambda X: (X - X.mean(0)) / X.std(0, ddof=1),
    ),
    ("the mean is not subtracted.", lambda X: X / X.std(0)),
]

# --- unit 4: multiclass -----------------------------------------------------------

SOFTMAX_MISTAKES = [
    (
        "normalise each row (axis=1, keepdims=True); you normalised the columns.",
        lambda Z: np.exp(Z) / np.exp(Z).sum(axis=0, keepdims=True),
    ),
    (
        "you divided by the sum of the whole array, not of each row.",
        lambda Z: np.exp(Z) / np.exp(Z).sum(),
    ),
    ("you returned the exponentials without dividing by their sum.", np.exp),
]


def _train_each_class(X, y, num_labels, lam, learning_rate, n_iters, *,
                      first_label=0, warm_start=False):  # fmt: skip
    """One-vs-all with classes numbered from ``first_label``, optionally each
    classifier starting where the previous one ended (``warm_start``)."""
    theta = np.zeros(X.shape[1])
    rows = []
    for k in range(num_labels):
        target = (y == k + first_label).astype(np.float64)
        if not warm_start:
            theta = np.zeros(X.shape[1])
        theta, _ = gradient_descent(
            logistic_cost_gradient, True, theta, X, target,
            learning_rate=learning_rate, n_iters=n_iters, lam=lam,
        )  # fmt: skip
        rows.append(theta)
    return np.array(rows)


def ova_labels_shifted(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    """Classifier k learns the labels y == k + 1."""
    return _train_each_class(X, y, num_labels, lam, learning_rate, n_iters,
                             first_label=1)  # fmt: skip


def ova_warm_start(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    """Each classifier starts where the previous one ended."""
    return _train_each_class(X, y, num_labels, lam, learning_rate, n_iters,
                             warm_start=True)  # fmt: skip


def ova_without_lam(X, y, num_labels, lam=0.0, learning_rate=1.0, n_iters=1000):
    """lam never reaches the training."""
    return _train_each_class(X, y, num_labels, 0.0, learning_rate, n_iters)


ONE_VS_ALL_MISTAKES = [
    (
        "classifier k must learn the labels [y == k]: yours look shifted by one class.",
        ova_labels_shifted,
    ),
    (
        "each classifier must start from zeros; yours starts where the previous "
        "class's training ended.",
        ova_warm_start,
    ),
    ("lam is not passed on to the training.", ova_without_lam),
]

PREDICT_ONE_VS_ALL_MISTAKES = [
    (
        "return the index of the best class, not its probability or score.",
        lambda T, X: sigmoid(X @ T.T).max(axis=1),
    ),
    (
        "return the index of the best class, not its probability or score.",
        lambda T, X: (X @ T.T).max(axis=1),
    ),
    (
        "the classes are numbered from 0: yours start at 1.",
        lambda T, X: (X @ T.T).argmax(axis=1) + 1,
    ),
    (
        "take the class with the highest score (argmax), not the lowest.",
        lambda T, X: (X @ T.T).argmin(axis=1),
    ),
]

# --- unit 5: regularisation --------------------------------------------------------


def _monomials(x1, x2, degree, term):
    """A column of ones, then ``term(i, j)`` for i = 1..degree and j = 0..i."""
    cols = [np.ones_like(x1)]
    cols += [term(i, j) for i in range(1, degree + 1) for j in range(i + 1)]
    return np.column_stack(cols)


def map_feature_without_ones(x1, x2, degree=6):
    """Every column but the leading ones."""
    return map_feature(x1, x2, degree)[:, 1:]


def map_feature_powers_swapped(x1, x2, degree=6):
    """x1^j · x2^(i−j) in place of x1^(i−j) · x2^j."""
    return map_feature(x2, x1, degree)


def map_feature_no_minus(x1, x2, degree=6):
    """x1^i · x2^j in place of x1^(i−j) · x2^j."""
    return _monomials(x1, x2, degree, lambda i, j: x1**i * x2**j)


def map_feature_one_degree_short(x1, x2, degree=6):
    """The terms up to degree − 1 only."""
    return _monomials(x1, x2, degree - 1, lambda i, j: x1 ** (i - j) * x2**j)


MAP_FEATURE_MISTAKES = [
    ("the column of ones is missing: it comes first.", map_feature_without_ones),
    (
        "the powers are swapped: within degree i, x1's power goes down from i while "
        "x2's goes up from 0.",
        map_feature_powers_swapped,
    ),
    (
        "the degree-i terms are x1^(i−j) · x2^j, not x1^i · x2^j.",
        map_feature_no_minus,
    ),
    (
        "the highest degree is missing: go up to and including degree.",
        map_feature_one_degree_short,
    ),
]

# --- unit 6: the perceptron --------------------------------------------------------

MCCULLOCH_PITTS_MISTAKES = [
    (
        "you used > where the unit fires at ≥: a sum exactly at the threshold fires.",
        lambda x, w, t: (x @ w > t).astype(int),
    ),
    (
        "the comparison is reversed: the unit fires (1) when the sum reaches the "
        "threshold.",
        lambda x, w, t: (x @ w < t).astype(int),
    ),
    (
        "you returned the weighted sum; return 1 where it reaches the threshold, "
        "else 0.",
        lambda x, w, t: x @ w,
    ),
    (
        "the threshold is ignored: compare the sum with threshold, not with 0.",
        lambda x, w, t: (x @ w >= 0).astype(int),
    ),
]


def update_without_bias(w, b, x, y, learning_rate=1.0):
    """The right step for w; b left as it was."""
    new_w, _ = perceptron_update(w, b, x, y, learning_rate)
    return new_w, b + 0.0


def update_sign_flipped(w, b, x, y, learning_rate=1.0):
    """w and b move by −η(y − ŷ)."""
    new_w, new_b = perceptron_update(w, b, x, y, learning_rate)
    w = np.asarray(w, dtype=float)
    return w - (new_w - w), b - (new_b - b)


def update_strict_prediction(w, b, x, y, learning_rate=1.0):
    """ŷ = [w·x + b > 0] in place of ≥."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    step = learning_rate * (y - (1.0 if x @ w + b > 0 else 0.0))
    return w + step * x, b + step


def update_ignores_bias_in_prediction(w, b, x, y, learning_rate=1.0):
    """ŷ = [w·x ≥ 0], without b."""
    new_w, step = perceptron_update(w, 0.0, x, y, learning_rate)
    return new_w, b + step


def update_with_label(w, b, x, y, learning_rate=1.0):
    """The step is η·y on a mistake, in place of η(y − ŷ)."""
    w, x = np.asarray(w, dtype=float), np.asarray(x, dtype=float)
    y_hat = 1.0 if x @ w + b >= 0 else 0.0
    step = learning_rate * y * (y != y_hat)
    return w + step * x, b + step


def update_ignores_learning_rate(w, b, x, y, learning_rate=1.0):
    """η = 1 whatever the learning rate."""
    return perceptron_update(w, b, x, y, 1.0)


PERCEPTRON_UPDATE_MISTAKES = [
    ("the bias is not updated: b changes by η(y − ŷ) too.", update_without_bias),
    (
        "the sign is flipped: w moves by +η(y − ŷ)x, towards a missed class-1 example.",
        update_sign_flipped,
    ),
    (
        "the prediction uses > 0; the unit predicts 1 when w·x + b ≥ 0.",
        update_strict_prediction,
    ),
    (
        "the prediction ignores the bias: ŷ = [w·x + b ≥ 0].",
        update_ignores_bias_in_prediction,
    ),
    (
        "the step uses y instead of the error y − ŷ, so a mistake on class 0 "
        "changes nothing.",
        update_with_label,
    ),
    ("the learning rate is ignored.", update_ignores_learning_rate),
]


def fit_with(update):
    """Perceptron training in the given order with the step ``update``."""

    def fit(X, y, learning_rate=1.0, epochs=100, shuffle=True, rng=None):
        w, b, errors = np.zeros(X.shape[1]), 0.0, []
        for _ in range(epochs):
            mistakes = 0
            for x_i, y_i in zip(X, y, strict=True):
                new_w, new_b = update(w, b, x_i, y_i, learning_rate)
                mistakes += bool((new_w != w).any() or new_b != b)
                w, b = new_w, new_b
            errors.append(mistakes)
            if mistakes == 0:
                break
        return w, b, np.array(errors)

    return fit


PERCEPTRON_FIT_MISTAKES = [
    (
        "the bias is never updated: b changes by η(y − ŷ) with every mistake.",
        fit_with(update_without_bias),
    ),
    (
        "the sign of the update is flipped: w moves by +η(y − ŷ)x.",
        fit_with(update_sign_flipped),
    ),
    (
        "the prediction uses > 0; the unit predicts 1 when w·x + b ≥ 0.",
        fit_with(update_strict_prediction),
    ),
    (
        "the prediction ignores the bias: ŷ = [w·x + b ≥ 0].",
        fit_with(update_ignores_bias_in_prediction),
    ),
    ("the learning rate is ignored.", fit_with(update_ignores_learning_rate)),
]

# --- unit 7: feed-forward networks ---------------------------------------------------

RELU_MISTAKES = [
    ("negative inputs must give 0, not |z|.", np.abs),
    ("you kept the negative part: relu(z) = max(0, z).", lambda z: np.minimum(z, 0)),
    ("you returned the derivative (0 or 1), not max(0, z).", lambda z: (z > 0) * 1.0),
]

LEAKY_RELU_MISTAKES = [
    (
        "alpha is ignored: negative inputs get the slope alpha, not 0.",
        lambda z, alpha=0.01: np.maximum(z, 0.0),
    ),
    (
        "the slope alpha belongs to the negative side: z if z > 0, else alpha·z.",
        lambda z, alpha=0.01: np.where(z > 0, alpha * z, z),
    ),
    (
        "negative inputs give alpha·z, not the constant alpha.",
        lambda z, alpha=0.01: np.where(z > 0, z, alpha),
    ),
]


def _softmax_of_columns(Z):
    e = np.exp(Z - Z.max(axis=0))
    return e / e.sum(axis=0)


def _forward_with(params, X, activation_of_layer):
    """``(output, cache)`` of a forward pass whose layer l applies
    ``activation_of_layer(l)`` (a name in ``mllesson.network.ACTIVATIONS``, or
    a function)."""
    A, Zs, As = X, [None], [X]
    for layer, (W, b) in enumerate(params, start=1):
        g = activation_of_layer(layer)
        Z = A @ W.T + b
        A = (ACTIVATIONS[g][0] if isinstance(g, str) else g)(Z)
        Zs.append(Z)
        As.append(A)
    return A, ForwardCache(Zs, As)


def forward_without_bias(params, X, hidden="relu", output="softmax"):
    """Z = A Wᵀ, without b."""
    return forward([(W, np.zeros_like(b)) for W, b in params], X, hidden, output)


def forward_hidden_at_output(params, X, hidden="relu", output="softmax"):
    """Every layer, the output one included, applies ``hidden``."""
    return _forward_with(params, X, lambda layer: hidden)


def forward_linear_hidden(params, X, hidden="relu", output="softmax"):
    """The hidden layers apply no activation."""
    L = len(params)
    return _forward_with(params, X, lambda layer: output if layer == L else "identity")


def forward_softmax_of_columns(params, X, hidden="relu", output="softmax"):
    """Softmax normalises each column (each unit over the examples)."""
    L = len(params)

    def activation(layer):
        name = output if layer == L else hidden
        return _softmax_of_columns if name == "softmax" else name

    return _forward_with(params, X, activation)


FORWARD_MISTAKES = [
    ("the biases are missing: Z = A W^T + b.", forward_without_bias),
    (
        "the output layer uses the hidden activation; it must use `output`.",
        forward_hidden_at_output,
    ),
    (
        "the hidden layers have no activation: apply `hidden` to every hidden Z.",
        forward_linear_hidden,
    ),
    (
        "softmax must normalise each row (one example), not each column.",
        forward_softmax_of_columns,
    ),
]

# --- unit 8: backpropagation ----------------------------------------------------------


def _cost_parts(params, X, Y, lam, hidden, output):
    """(data loss, the weights' penalty λ/(2m) Σ‖W‖², the same for the biases)."""
    m = X.shape[0]
    data = nn_cost(params, X, Y, 0.0, hidden, output)
    weights = sum(float(np.vdot(W, W)) for W, _ in params)
    biases = sum(float(np.vdot(b, b)) for _, b in params)
    return data, lam / (2 * m) * weights, lam / (2 * m) * biases


def nn_cost_summed(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The data loss summed over the examples, not averaged."""
    data, weights, _ = _cost_parts(params, X, Y, lam, hidden, output)
    return data * X.shape[0] + weights


def nn_cost_sign_flipped(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The data loss without its minus sign."""
    data, weights, _ = _cost_parts(params, X, Y, lam, hidden, output)
    return -data + weights


def nn_cost_biases_regularised(params, X, Y, lam=0.0, hidden="relu",
                               output="softmax"):  # fmt: skip
    """The penalty sums the squared biases too."""
    return sum(_cost_parts(params, X, Y, lam, hidden, output))


def nn_cost_penalty_over_m(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The penalty λ/m Σ‖W‖² in place of λ/(2m) Σ‖W‖²."""
    data, weights, _ = _cost_parts(params, X, Y, lam, hidden, output)
    return data + 2 * weights


def nn_cost_without_penalty(params, X, Y, lam=0.0, hidden="relu", output="softmax"):
    """The data loss alone."""
    return nn_cost(params, X, Y, 0.0, hidden, output)


NN_COST_MISTAKES = [
    ("you summed over the examples: divide by m.", nn_cost_summed),
    ("the minus sign is missing: the cost must be positive.", nn_cost_sign_flipped),
    (
        "the biases are regularised: the penalty sums the squared weights W only.",
        nn_cost_biases_regularised,
    ),
    ("the penalty is λ/(2m) Σ‖W‖², not λ/m Σ‖W‖².", nn_cost_penalty_over_m),
    (
        "the penalty λ/(2m) Σ‖W‖² is missing, or lam is ignored.",
        nn_cost_without_penalty,
    ),
]


def _data_gradients(params, cache, Y, hidden, output):
    """The gradients without the penalty, from the reference ``backward``."""
    return backward(params, cache, Y, 0.0, hidden, output)


def backward_without_derivative(params, cache, Y, lam=0.0, hidden="relu",
                                output="softmax"):  # fmt: skip
    """dZ = dZ_next W in the hidden layers, without ⊙ g'(Z)."""
    _, As = cache
    m = Y.shape[0]
    dZ = (As[-1] - Y) / m
    grads = []
    for layer in range(len(params), 0, -1):
        W, _ = params[layer - 1]
        grads.append((dZ.T @ As[layer - 1] + lam / m * W, dZ.sum(axis=0)))
        dZ = dZ @ W
    return grads[::-1]


def _with_penalty(grads, params, scale_W, scale_b, data_scale=1.0):
    return [
        (data_scale * dW + scale_W * W, data_scale * db + scale_b * b)
        for (dW, db), (W, b) in zip(grads, params, strict=True)
    ]


def backward_without_1_over_m(params, cache, Y, lam=0.0, hidden="relu",
                              output="softmax"):  # fmt: skip
    """The output layer's dZ is A − Y, not (A − Y)/m."""
    m = Y.shape[0]
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam / m, 0.0, data_scale=m)


def backward_sign_flipped(params, cache, Y, lam=0.0, hidden="relu", output="softmax"):
    """The output layer's dZ is (Y − A)/m."""
    m = Y.shape[0]
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam / m, 0.0, data_scale=-1.0)


def backward_biases_regularised(params, cache, Y, lam=0.0, hidden="relu",
                                output="softmax"):  # fmt: skip
    """db also gets (λ/m) b."""
    m = Y.shape[0]
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam / m, lam / m)


def backward_penalty_without_m(params, cache, Y, lam=0.0, hidden="relu",
                               output="softmax"):  # fmt: skip
    """dW gets λW, not (λ/m) W."""
    grads = _data_gradients(params, cache, Y, hidden, output)
    return _with_penalty(grads, params, lam, 0.0)


BACKWARD_MISTAKES = [
    (
        "the activation's derivative is dropped: dZ = (dZ_next W) ⊙ g'(Z) in "
        "every hidden layer.",
        backward_without_derivative,
    ),
    ("the 1/m is missing from dZ of the output layer.", backward_without_1_over_m),
    ("the sign is flipped: the output layer's dZ is (A − Y)/m.", backward_sign_flipped),
    (
        "the biases are regularised: only dW gets (λ/m) W.",
        backward_biases_regularised,
    ),
    (
        "the penalty's gradient is (λ/m) W: the 1/m is missing.",
        backward_penalty_without_m,
    ),
]


def _differences(f, x, eps, difference):
    """``difference(f, x, e)`` for every unit nudge ``e`` of size ``eps``."""
    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for idx in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[idx] = eps
        grad[idx] = difference(f, x, e)
    return grad


def central_difference_over_eps(f, x, eps=1e-4):
    """(f(x + ε) − f(x − ε)) / ε: the 2 is missing."""
    return _differences(f, x, eps, lambda f, x, e: (f(x + e) - f(x - e)) / eps)


def one_sided_difference(f, x, eps=1e-4):
    """(f(x + ε) − f(x)) / ε."""
    return _differences(f, x, eps, lambda f, x, e: (f(x + e) - f(x)) / eps)


NUMERICAL_GRADIENT_MISTAKES = [
    ("divide by 2ε: the two points x ± ε are 2ε apart.", central_difference_over_eps),
    (
        "that is a one-sided difference (f(x + ε) − f(x)) / ε; use the central "
        "difference (f(x + ε) − f(x − ε)) / 2ε.",
        one_sided_difference,
    ),
]

RELATIVE_ERROR_MISTAKES = [
    (
        "divide by ‖a‖ + ‖b‖, not by ‖a‖ alone.",
        lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a),
    ),
    (
        "use norms (square root of the sum of squares), not sums of absolute values.",
        lambda a, b: np.abs(a - b).sum() / (np.abs(a).sum() + np.abs(b).sum()),
    ),
    (
        "the norm of the difference is ‖a − b‖, not ‖a‖ − ‖b‖.",
        lambda a, b: (
            (np.linalg.norm(a) - np.linalg.norm(b))
            / (np.linalg.norm(a) + np.linalg.norm(b))
        ),
    ),
]
