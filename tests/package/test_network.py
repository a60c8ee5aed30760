"""Feed-forward networks against scikit-learn, finite differences and by hand."""

import warnings
from functools import partial

import numpy as np
import pytest
from sklearn.datasets import load_digits, make_moons
from sklearn.neural_network import MLPClassifier as SkMLP

from mllesson import (
    ForwardCache,
    MLPClassifier,
    add_intercept,
    backward,
    copy_params,
    flat_cost_gradient,
    flatten,
    forward,
    gradient_check,
    init_params,
    layer_sizes_of,
    logistic_cost_gradient,
    nn_cost,
    nn_cost_gradient,
    sgd,
    unflatten,
)
from mllesson.network import ACTIVATIONS, HIDDEN_ACTIVATIONS, OUTPUT_ACTIVATIONS

HIDDEN = ["relu", "leaky_relu", "sigmoid", "tanh", "identity"]
SKLEARN_NAME = {
    "relu": "relu",
    "sigmoid": "logistic",
    "tanh": "tanh",
    "identity": "identity",
}


def random_problem(sizes, m=8, seed=0, scale=1.0):
    """Weights uniform in [-scale, scale], inputs standard normal."""
    rng = np.random.default_rng(seed)
    params = init_params(sizes, method="uniform", epsilon=scale, rng=rng)
    X = rng.normal(size=(m, sizes[0]))
    return params, X, rng


def one_hot(labels, k):
    return np.eye(k)[labels]


# --- scikit-learn as the reference ---------------------------------------------


def sklearn_twin(params, X, y, hidden, alpha=0.0, **kwargs):
    """A fitted sklearn MLP whose weights are ours, transposed to (n_in, n_out)."""
    hidden_sizes = tuple(W.shape[0] for W, _ in params[:-1])
    sk = SkMLP(
        hidden_layer_sizes=hidden_sizes,
        activation=SKLEARN_NAME[hidden],
        alpha=alpha,
        max_iter=1,
        **kwargs,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning after one epoch
        sk.fit(X, y)
    assert [c.shape for c in sk.coefs_] == [W.T.shape for W, _ in params]
    for coef, intercept, (W, b) in zip(sk.coefs_, sk.intercepts_, params, strict=True):
        coef[...] = W.T  # in place: sklearn's optimiser holds these arrays
        intercept[...] = b
    return sk


def sklearn_loss_and_grads(sk, X, Y):
    n = sk.n_layers_ - 1
    activations = [X] + [None] * n
    coef_grads = [np.empty_like(c) for c in sk.coefs_]
    intercept_grads = [np.empty_like(b) for b in sk.intercepts_]
    loss, coef_grads, intercept_grads = sk._backprop(
        X, Y, None, activations, [None] * n, coef_grads, intercept_grads
    )
    return loss, coef_grads, intercept_grads


# (layer sizes, problem): sklearn uses one logistic unit for binary labels,
# softmax for 3+ classes and one logistic unit per label for multilabel targets.
SK_CASES = [
    ((4, 5, 1), "binary"),
    ((4, 6, 3, 1), "binary"),
    ((4, 5, 3), "multiclass"),
    ((4, 3, 5, 4, 3), "multiclass"),
    ((4, 5, 3), "multilabel"),
]


def sk_targets(kind, k, m, rng):
    if kind == "binary":
        y = np.tile([0, 1], m // 2)
        return y, y[:, None].astype(float), "sigmoid"
    if kind == "multiclass":
        y = np.arange(m) % k
        return y, one_hot(y, k), "softmax"
    Y = (rng.random((m, k)) < 0.5).astype(int)
    Y[0], Y[1] = 0, 1  # every label seen both on and off
    return Y, Y.astype(float), "sigmoid"


@pytest.mark.parametrize("sizes, kind", SK_CASES)
@pytest.mark.parametrize("hidden", ["relu", "sigmoid", "tanh", "identity"])
@pytest.mark.parametrize("lam", [0.0, 0.3])
def test_forward_loss_and_gradients_match_sklearn(sizes, kind, hidden, lam):
    params, X, rng = random_problem(sizes, m=10, seed=sum(sizes))
    y_sk, Y, output = sk_targets(kind, sizes[-1], 10, rng)
    sk = sklearn_twin(params, X, y_sk, hidden, alpha=lam)  # alpha = our lambda
    assert sk.out_activation_ == {"sigmoid": "logistic", "softmax": "softmax"}[output]

    out, cache = forward(params, X, hidden=hidden, output=output)
    np.testing.assert_allclose(out, sk._forward_pass_fast(X), rtol=1e-12, atol=1e-15)

    sk_loss, sk_dW, sk_db = sklearn_loss_and_grads(sk, X, Y)
    J, grads = nn_cost_gradient(params, X, Y, lam=lam, hidden=hidden, output=output)
    np.testing.assert_allclose(J, sk_loss, rtol=1e-12)
    np.testing.assert_allclose(
        nn_cost(params, X, Y, lam=lam, hidden=hidden, output=output),
        sk_loss,
        rtol=1e-12,
    )
    via_backward = backward(params, cache, Y, lam=lam, hidden=hidden, output=output)
    for (dW, db), (dW2, db2), cW, cb in zip(
        grads, via_backward, sk_dW, sk_db, strict=True
    ):
        np.testing.assert_allclose(dW, cW.T, rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(db, cb, rtol=1e-10, atol=1e-14)
        np.testing.assert_array_equal(dW, dW2)
        np.testing.assert_array_equal(db, db2)


@pytest.mark.parametrize("sizes, kind", SK_CASES)
@pytest.mark.parametrize("lam", [0.0, 0.5])
def test_one_sgd_step_matches_sklearn(sizes, kind, lam):
    m, lr = 12, 0.3
    params, X, rng = random_problem(sizes, m=m, seed=7 + sum(sizes))
    y_sk, Y, output = sk_targets(kind, sizes[-1], m, rng)
    sk = sklearn_twin(
        params,
        X,
        y_sk,
        "tanh",
        alpha=lam,
        solver="sgd",
        learning_rate="constant",
        learning_rate_init=lr,
        momentum=0.0,
        nesterovs_momentum=False,
        shuffle=False,
        batch_size=m,
        early_stopping=False,
    )
    sk.partial_fit(X, y_sk)  # exactly one epoch of one full batch: one step

    f = partial(flat_cost_gradient, layer_sizes=sizes, hidden="tanh", output=output)
    theta, history = sgd(
        f,
        True,
        flatten(params),
        X,
        Y,
        learning_rate=lr,
        epochs=1,
        batch_size=m,
        lam=lam,
    )
    np.testing.assert_allclose(history[0], sk.loss_, rtol=1e-12)
    for (W, b), coef, intercept in zip(
        unflatten(theta, sizes), sk.coefs_, sk.intercepts_, strict=True
    ):
        np.testing.assert_allclose(W, coef.T, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(b, intercept, rtol=1e-12, atol=1e-15)
    # And the step really moved the weights.
    assert not np.allclose(theta, flatten(params))


def test_sklearn_predict_proba_matches_estimator_on_copied_weights():
    X, y = make_moons(60, noise=0.2, random_state=0)
    clf = MLPClassifier((6,), activation="tanh", epochs=20, rng=0).fit(X, y)
    sk = sklearn_twin(clf.params_, X, y, "tanh")
    np.testing.assert_allclose(clf.predict_proba(X), sk.predict_proba(X), rtol=1e-12)
    np.testing.assert_array_equal(clf.predict(X), sk.predict(X))


@pytest.mark.parametrize("lam", [0.0, 2.0])
def test_no_hidden_layer_sigmoid_network_is_logistic_regression(lam):
    # One sigmoid unit, no hidden layer: nn_cost must equal logistic_cost with
    # theta = [b, w] (intercept unpenalised) and X with a column of ones.
    params, X, rng = random_problem((3, 1), m=9, seed=5)
    y = (rng.random(9) < 0.5).astype(int)
    ((W, b),) = params
    theta = np.r_[b, W[0]]
    J_ref, g_ref = logistic_cost_gradient(theta, add_intercept(X), y, lam=lam)
    J, [(dW, db)] = nn_cost_gradient(params, X, y, lam=lam, output="sigmoid")
    assert J == pytest.approx(J_ref, rel=1e-14)
    np.testing.assert_allclose(np.r_[db, dW[0]], g_ref, rtol=1e-13, atol=1e-16)


# --- finite differences --------------------------------------------------------


@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, k", [("softmax", 3), ("sigmoid", 3), ("sigmoid", 1)])
def test_backprop_matches_finite_differences(depth, hidden, output, k):
    sizes = (3, 5, 4, 6)[:depth] + (k,)
    params, X, rng = random_problem(sizes, m=7, seed=depth * 10 + k)
    Y = (
        one_hot(rng.integers(0, k, 7), k)
        if output == "softmax"
        else (rng.random((7, k)) < 0.5).astype(float)
    )
    report = gradient_check(
        params, X, Y, lam=0.7, hidden=hidden, output=output, eps=1e-5
    )
    assert [r.name for r in report] == [
        f"{t}{i}" for i in range(1, depth + 1) for t in "Wb"
    ]
    assert report.worst < 1e-7, str(report)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, k", [("softmax", 3), ("sigmoid", 2)])
@pytest.mark.parametrize("lam", [0.0, 0.7])
def test_readable_and_tuned_passes_agree(hidden, output, k, lam):
    # The book shows forward and backward; the training loops run the in-place
    # kernels (_forward, _backward into one flat vector). Same numbers.
    from mllesson.network import _backward, _forward, _unflatten

    sizes = (3, 5, 4, k)
    params, X, rng = random_problem(sizes, m=9, seed=k, scale=2.0)
    Y = one_hot(rng.integers(0, k, 9), k) if output == "softmax" else (
        rng.random((9, k)) < 0.5).astype(float)  # fmt: skip
    before = copy_params(params)
    out, cache = forward(params, X, hidden=hidden, output=output)
    out_fast, cache_fast = _forward(params, X, hidden, output)
    np.testing.assert_allclose(out, out_fast, rtol=1e-14, atol=1e-300)
    for Z, Z_fast in zip(cache.Z[1:], cache_fast.Z[1:], strict=True):
        np.testing.assert_allclose(Z, Z_fast, rtol=1e-14)
    grads = backward(params, cache, Y, lam=lam, hidden=hidden, output=output)
    flat = np.empty(flatten(params).size)
    _backward(params, cache_fast, Y, lam, hidden, _unflatten(flat, sizes))
    np.testing.assert_allclose(flatten(grads), flat, rtol=1e-12, atol=1e-15)
    for (W, b), (W0, b0) in zip(params, before, strict=True):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


def test_activation_table_covers_every_option():
    # The options forward, backward and MLPClassifier accept are the table's.
    assert set(ACTIVATIONS) == set(HIDDEN_ACTIVATIONS) | set(OUTPUT_ACTIVATIONS)
    assert list(HIDDEN_ACTIVATIONS) == HIDDEN
    for name, activation in ACTIVATIONS.items():
        elementwise = activation.derivative is not None
        assert (name in HIDDEN_ACTIVATIONS) == elementwise
        assert (activation.derivative_from_output is not None) == elementwise


@pytest.mark.parametrize("name", HIDDEN)
def test_every_table_derivative_matches_finite_differences(central_diff, name):
    g, g_prime = ACTIVATIONS[name].function, ACTIVATIONS[name].derivative
    z = np.array([-2.0, -0.3, 0.4, 1.5])  # away from the kink of relu at 0
    numeric = np.array([central_diff(lambda t: g(t)[0], [zi])[0] for zi in z])
    np.testing.assert_allclose(g_prime(z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_table_kernels_agree_with_the_public_functions(name):
    # The training loop's unchecked forms give the very same numbers.
    activation = ACTIVATIONS[name]
    Z = np.random.default_rng(4).normal(scale=5.0, size=(6, 3))
    Z[0] = [0.0, -1e6, 1e6]
    A = activation.function(Z)
    np.testing.assert_array_equal(activation.kernel(Z), A)
    if activation.derivative is not None:
        from_output = activation.derivative_from_output(A) * np.ones_like(Z)
        np.testing.assert_array_equal(from_output, activation.derivative(Z))


def test_forward_and_backward_look_activations_up_in_the_table(monkeypatch):
    # Swap tanh's entry for sin: every pass must then compute with sin and cos.
    from mllesson.activations import Activation
    from mllesson.network import _backward, _forward, _unflatten

    monkeypatch.setitem(
        ACTIVATIONS, "tanh", Activation(np.sin, np.cos, np.sin, None)
    )
    params, X, _ = random_problem((3, 4, 1), m=5)
    (W1, b1), (W2, b2) = params
    y = np.arange(5) % 2
    Z1 = X @ W1.T + b1
    out, cache = forward(params, X, hidden="tanh", output="sigmoid")
    np.testing.assert_allclose(cache.A[1], np.sin(Z1), rtol=1e-14)
    fast_out, _ = _forward(params, X, "tanh", "sigmoid")
    np.testing.assert_allclose(fast_out, out, rtol=1e-14)
    # by hand: dZ2 = (A2 - y) / m, db1 = sum over examples of (dZ2 W2) * cos(Z1)
    dZ2 = (out - y[:, None]) / 5
    grads = backward(params, cache, y, hidden="tanh", output="sigmoid")
    np.testing.assert_allclose(grads[0][1], ((dZ2 @ W2) * np.cos(Z1)).sum(axis=0))
    # The tuned pass reads g' from the table too (here: no entry, so it fails).
    flat = np.empty(flatten(params).size)
    with pytest.raises(TypeError):
        _backward(params, cache, y[:, None], 0.0, "tanh", _unflatten(flat, (3, 4, 1)))


@pytest.mark.parametrize("where", ["hidden", "output"])
def test_forward_rejects_a_name_not_in_the_table(where):
    params, X, _ = random_problem((3, 4, 2), m=5)
    kwargs = {"hidden": "relu", "output": "softmax", where: "gelu"}
    with pytest.raises(ValueError, match=where):
        forward(params, X, **kwargs)


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    # A backward pass that forgets the regularisation term must fail the check.
    import mllesson.gradcheck as gc

    real = gc._backward
    monkeypatch.setattr(
        gc, "_backward", lambda p, c, Y, lam, h, out: real(p, c, Y, 0.0, h, out)
    )
    params, X, _ = random_problem((3, 4, 2))
    report = gradient_check(params, X, np.arange(8) % 2, lam=1.0)
    assert report.worst > 1e-3


# --- a 2-2-1 network by hand ---------------------------------------------------


def hand_network():
    W1 = np.array([[1.0, -1.0], [0.5, 0.5]])
    b1 = np.array([0.0, 0.5])
    W2 = np.array([[1.0, -0.5]])
    b2 = np.array([1.0])
    return [(W1, b1), (W2, b2)], np.array([[1.0, 2.0]]), np.array([1])


def test_hand_worked_forward_and_backward():
    params, X, y = hand_network()
    out, cache = forward(params, X, hidden="relu", output="sigmoid")
    # z1 = W1 x + b1 = [1*1 - 1*2 + 0, 0.5*1 + 0.5*2 + 0.5] = [-1, 2]
    np.testing.assert_allclose(cache.Z[1], [[-1.0, 2.0]])
    # a1 = relu(z1) = [0, 2]
    np.testing.assert_allclose(cache.A[1], [[0.0, 2.0]])
    # z2 = W2 a1 + b2 = 1*0 - 0.5*2 + 1 = 0, so a2 = sigmoid(0) = 0.5
    np.testing.assert_allclose(cache.Z[2], [[0.0]])
    np.testing.assert_allclose(out, [[0.5]])
    # J = -log(0.5) = ln 2 (m = 1, target 1)
    assert nn_cost(params, X, y, hidden="relu", output="sigmoid") == pytest.approx(
        np.log(2), rel=1e-15
    )
    (dW1, db1), (dW2, db2) = backward(params, cache, y, hidden="relu", output="sigmoid")
    # dZ2 = a2 - y = 0.5 - 1 = -0.5
    # dW2 = dZ2 a1 = -0.5 * [0, 2] = [0, -1];  db2 = -0.5
    np.testing.assert_allclose(dW2, [[0.0, -1.0]])
    np.testing.assert_allclose(db2, [-0.5])
    # dA1 = dZ2 W2 = -0.5 * [1, -0.5] = [-0.5, 0.25]
    # dZ1 = dA1 * relu'(z1) = [-0.5 * 0, 0.25 * 1] = [0, 0.25]
    # dW1 = dZ1^T x = [[0, 0], [0.25 * 1, 0.25 * 2]];  db1 = [0, 0.25]
    np.testing.assert_allclose(dW1, [[0.0, 0.0], [0.25, 0.5]])
    np.testing.assert_allclose(db1, [0.0, 0.25])


def test_hand_worked_regularisation():
    params, X, y = hand_network()
    # Sum of squared weights: 1 + 1 + 0.25 + 0.25 (W1) + 1 + 0.25 (W2) = 3.75;
    # biases excluded. lam / (2m) * 3.75 = 2 / 2 * 3.75 = 3.75.
    J, grads = nn_cost_gradient(params, X, y, lam=2.0, hidden="relu", output="sigmoid")
    assert J == pytest.approx(np.log(2) + 3.75, rel=1e-15)
    # dW gains lam / m * W = 2 W; db is unchanged.
    np.testing.assert_allclose(grads[1][0], [[0.0, -1.0]] + 2 * params[1][0])
    np.testing.assert_allclose(grads[0][0], [[2.0, -2.0], [1.25, 1.5]])
    np.testing.assert_allclose(grads[0][1], [0.0, 0.25])


# --- behaviour -------------------------------------------------------------------

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def test_zero_init_keeps_hidden_units_identical_random_init_breaks_it():
    X, y = make_moons(100, noise=0.2, random_state=1)
    # Unequal classes: with balanced ones the zero network's first gradients
    # cancel and nothing would move at all.
    keep = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:30]]
    X, y = X[keep], y[keep]
    common = dict(activation="sigmoid", learning_rate=0.5, batch_size=None, epochs=1000)
    sym = MLPClassifier((4, 3), init="zeros", **common).fit(X, y)
    (W1, b1), (W2, b2), (W3, _) = sym.params_
    # Training moved the weights, but every unit of a layer moved alike.
    assert np.abs(W1).max() > 1e-3 and np.abs(W2).max() > 1e-3
    for W, b in [(W1, b1), (W2, b2)]:
        np.testing.assert_allclose(W, np.broadcast_to(W[0], W.shape), rtol=1e-12)
        np.testing.assert_allclose(b, b[0], rtol=1e-12)
    np.testing.assert_allclose(W3, W3[0, 0], rtol=1e-12)

    rnd = MLPClassifier((4, 3), init="uniform", rng=0, **common).fit(X, y)
    W1r = rnd.params_[0][0]
    assert np.linalg.matrix_rank(W1r) == 2  # rows no longer multiples of one row
    assert np.ptp(W1r, axis=0).min() > 1e-3


def test_one_hidden_layer_learns_xor():
    clf = MLPClassifier(
        (4,), activation="tanh", learning_rate=1.0, batch_size=None, epochs=1000, rng=1
    ).fit(XOR_X, XOR_Y)
    assert clf.score(XOR_X, XOR_Y) == 1.0
    proba = clf.predict_proba(XOR_X)[:, 1]
    assert (np.abs(proba - XOR_Y) < 0.1).all()


def test_no_hidden_layer_cannot_learn_xor():
    clf = MLPClassifier((), learning_rate=1.0, batch_size=None, epochs=1000, rng=1).fit(
        XOR_X, XOR_Y
    )
    assert clf.score(XOR_X, XOR_Y) <= 0.75


def test_one_hidden_layer_separates_two_moons():
    X, y = make_moons(400, noise=0.1, random_state=0)
    clf = MLPClassifier(
        (16,), activation="tanh", learning_rate=0.3, batch_size=16, epochs=150, rng=0
    ).fit(X[:300], y[:300])
    assert clf.score(X[300:], y[300:]) >= 0.95
    assert clf.loss_history_[-1] < clf.loss_history_[0] / 5


def test_digits_test_accuracy():
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    rng = np.random.default_rng(0)
    order = rng.permutation(len(y))
    train, test = order[:1300], order[1300:]
    clf = MLPClassifier(
        (64,), lam=0.5, learning_rate=0.1, batch_size=32, epochs=60, rng=0
    ).fit(X[train], y[train])
    accuracy = clf.score(X[test], y[test])
    assert accuracy >= 0.95, accuracy
    proba = clf.predict_proba(X[test])
    assert proba.shape == (len(test), 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


@pytest.mark.parametrize(
    "output, n_units", [("auto", 1), ("sigmoid", 1), ("softmax", 2)]
)
def test_binary_output_choices(output, n_units):
    X, y = make_moons(200, noise=0.1, random_state=2)
    clf = MLPClassifier(
        (8,), activation="tanh", output=output, learning_rate=0.5, epochs=100, rng=0
    ).fit(X, y)
    assert clf.layer_sizes_ == (2, 8, n_units)
    proba = clf.predict_proba(X)
    assert proba.shape == (200, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()
    np.testing.assert_array_equal(clf.predict(X), proba.argmax(axis=1))
    assert clf.score(X, y) > 0.85


def test_multiclass_with_logistic_output_units():
    X, y = load_digits(n_class=3, return_X_y=True)
    clf = MLPClassifier(
        (10,), output="sigmoid", learning_rate=0.1, epochs=30, rng=0
    ).fit(X / 16, y)
    assert clf.out_activation_ == "sigmoid" and clf.layer_sizes_[-1] == 3
    assert clf.score(X / 16, y) > 0.95


def test_estimator_params_are_views_of_theta():
    clf = MLPClassifier((3,), epochs=2, rng=0).fit(XOR_X, XOR_Y)
    for W, b in clf.params_:
        assert np.shares_memory(W, clf.theta_) and np.shares_memory(b, clf.theta_)
    assert layer_sizes_of(clf.params_) == (2, 3, 1)


def test_same_seed_same_network():
    X, y = make_moons(50, noise=0.2, random_state=4)
    a = MLPClassifier((5,), epochs=3, batch_size=8, rng=11).fit(X, y)
    b = MLPClassifier((5,), epochs=3, batch_size=8, rng=11).fit(X, y)
    c = MLPClassifier((5,), epochs=3, batch_size=8, rng=12).fit(X, y)
    np.testing.assert_array_equal(a.theta_, b.theta_)
    assert not np.allclose(a.theta_, c.theta_)


def test_full_batch_training_reduces_the_cost():
    X, y = make_moons(100, noise=0.2, random_state=3)
    clf = MLPClassifier((5,), batch_size=None, epochs=50, rng=0).fit(X, y)
    assert clf.loss_history_.shape == (50,)
    assert np.all(np.diff(clf.loss_history_) < 0)


# --- numerics ----------------------------------------------------------------------


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, k", [("softmax", 3), ("sigmoid", 1), ("sigmoid", 3)])
def test_saturated_units_raise_no_warnings(hidden, output, k):
    W1 = np.array([[1000.0, -1000.0], [-2000.0, 500.0]])
    W2 = np.full((k, 2), 1500.0) * np.array([1.0, -1.0, 0.5][:k])[:, None]
    params = [(W1, np.zeros(2)), (W2, np.zeros(k))]
    X = np.array([[1.0, -1.0], [-1.0, 1.0], [2.0, 3.0]])
    Y = (
        one_hot(np.array([0, 1, 2]) % k, k)
        if output == "softmax"
        else (np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0]])[:, :k].astype(float))
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, cache = forward(params, X, hidden=hidden, output=output)
        assert np.abs(cache.Z[1]).max() >= 1000
        assert np.abs(cache.Z[2]).max() >= 1000 or hidden in ("sigmoid", "tanh")
        J, grads = nn_cost_gradient(params, X, Y, lam=0.1, hidden=hidden, output=output)
        clf_like = backward(params, cache, Y, lam=0.1, hidden=hidden, output=output)
    assert np.isfinite(out).all() and ((out >= 0) & (out <= 1)).all()
    assert np.isfinite(J)
    for (dW, db), (dW2, db2) in zip(grads, clf_like, strict=True):
        assert np.isfinite(dW).all() and np.isfinite(db).all()
        np.testing.assert_array_equal(dW, dW2)
        np.testing.assert_array_equal(db, db2)


def test_saturated_wrong_prediction_costs_the_logit_not_infinity():
    # One sigmoid unit with logit -1000 for a positive example: the loss is
    # log(1 + e^1000) = 1000 (to double precision), not inf.
    params = [(np.array([[-1000.0]]), np.zeros(1))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J = nn_cost(params, [[1.0]], [1], output="sigmoid")
    assert J == pytest.approx(1000.0, rel=1e-15)
    params = [(np.array([[1000.0], [-1000.0]]), np.zeros(2))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        J = nn_cost(params, [[1.0]], [1], output="softmax")
    assert J == pytest.approx(2000.0, rel=1e-15)


# --- parameters, flattening, initialisation ---------------------------------------


def test_flatten_unflatten_round_trip_and_views():
    params, _, _ = random_problem((3, 4, 2))
    theta = flatten(params)
    assert theta.shape == (4 * 3 + 4 + 2 * 4 + 2,)
    np.testing.assert_array_equal(theta[:12], params[0][0].ravel())
    views = unflatten(theta, (3, 4, 2))
    for (W, b), (V, c) in zip(params, views, strict=True):
        np.testing.assert_array_equal(W, V)
        np.testing.assert_array_equal(b, c)
        assert np.shares_memory(V, theta) and np.shares_memory(c, theta)
    theta -= 1.0
    np.testing.assert_array_equal(views[1][1], params[1][1] - 1.0)
    views[0][0][2, 1] = 42.0
    assert theta[2 * 3 + 1] == 42.0


@pytest.mark.parametrize("method", ["xavier", "he", "uniform", "zeros"])
def test_init_params_shapes_and_reproducibility(method):
    a = init_params((5, 7, 3), method=method, rng=3)
    b = init_params((5, 7, 3), method=method, rng=np.random.default_rng(3))
    assert [(W.shape, c.shape) for W, c in a] == [((7, 5), (7,)), ((3, 7), (3,))]
    for (W, c), (V, d) in zip(a, b, strict=True):
        np.testing.assert_array_equal(W, V)
        np.testing.assert_array_equal(c, d)


def test_init_params_scales():
    ((W, b),) = init_params((300, 200), method="xavier", rng=0)
    limit = np.sqrt(6 / 500)
    assert np.abs(W).max() <= limit and np.abs(W).max() > 0.99 * limit
    np.testing.assert_array_equal(b, 0.0)
    ((W, b),) = init_params((300, 200), method="he", rng=0)
    assert W.std() == pytest.approx(np.sqrt(2 / 300), rel=0.02)
    ((W, b),) = init_params((300, 200), method="uniform", epsilon=0.12, rng=0)
    assert np.abs(W).max() <= 0.12 and np.abs(b).max() <= 0.12
    assert np.abs(b).max() > 0
    ((W, b),) = init_params((3, 2), method="zeros")
    assert not W.any() and not b.any()


def test_inputs_are_not_modified():
    params, X, _ = random_problem((3, 4, 2))
    saved = copy_params(params)
    X0 = X.copy()
    y = np.arange(8) % 2
    out, cache = forward(params, X)
    backward(params, cache, y, lam=1.0)
    gradient_check(params, X, y)
    for (W, b), (W0, b0) in zip(params, saved, strict=True):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
    np.testing.assert_array_equal(X, X0)


def test_one_d_labels_equal_one_hot_targets():
    params, X, _ = random_problem((3, 4, 3))
    y = np.array([0, 1, 2, 2, 1, 0, 0, 1])
    assert nn_cost(params, X, y) == nn_cost(params, X, one_hot(y, 3))


# --- bad input ----------------------------------------------------------------------

P, X8, _ = random_problem((3, 4, 2))
Y8 = np.arange(8) % 2


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (
            lambda: forward(
                [(np.ones((4, 3)), np.ones(4)), (np.ones((2, 5)), np.ones(2))], X8
            ),
            ValueError,
            r"params\[1\]: W has shape \(2, 5\), so it expects 5 inputs, "
            "but the previous layer has 4 units",
        ),
        (
            lambda: forward([(np.ones((4, 3)), np.ones(3))], X8),
            ValueError,
            r"params\[0\]: b has 3 entries but W has 4 rows",
        ),
        (
            lambda: forward(P, X8[:, :2]),
            ValueError,
            r"X has 2 features but params\[0\] W has shape \(4, 3\), which expects 3",
        ),
        (
            lambda: forward(np.ones((3, 3)), X8),
            TypeError,
            "params must be a list of \\(W, b\\) pairs",
        ),
        (lambda: forward([], X8), ValueError, "params is empty"),
        (
            lambda: forward([np.ones((4, 3))], X8),
            TypeError,
            r"params\[0\] must be a \(W, b\) pair",
        ),
        (
            lambda: forward(P, X8, hidden="swish"),
            ValueError,
            "hidden must be one of 'relu', 'leaky_relu', 'sigmoid', 'tanh', "
            "'identity'; got 'swish'",
        ),
        (
            lambda: forward(P, X8, output="linear"),
            ValueError,
            "output must be one of 'softmax', 'sigmoid'; got 'linear'",
        ),
        (
            lambda: forward(P[:1] + [(np.ones((1, 4)), np.ones(1))], X8),
            ValueError,
            "output='softmax' needs at least 2 output units",
        ),
        (
            lambda: nn_cost(P, X8, np.arange(8) % 3),
            ValueError,
            r"Y must contain labels in 0..1, got values from 0 to 2",
        ),
        (
            lambda: nn_cost(P, X8, Y8[:5]),
            ValueError,
            "X and Y have inconsistent numbers of samples: 8 != 5",
        ),
        (
            lambda: nn_cost(P, X8, np.ones((8, 3))),
            ValueError,
            "Y has 3 columns but the network has 2 output units",
        ),
        (
            lambda: nn_cost(P, X8, np.full((8, 2), 0.5)),
            ValueError,
            "Y must contain only 0 and 1",
        ),
        (
            lambda: nn_cost(P, X8, np.ones((8, 2))),
            ValueError,
            "exactly one 1 in each row for output='softmax'",
        ),
        (
            lambda: nn_cost(P, X8, np.ones((8, 2, 1))),
            ValueError,
            "Y must be 1-D or 2-D",
        ),
        (
            lambda: nn_cost(P, X8, Y8, lam=-1),
            ValueError,
            "lam must be a non-negative finite number",
        ),
        (
            lambda: backward(P, (None, [X8]), Y8),
            TypeError,
            "cache must be the ForwardCache returned by forward",
        ),
        (
            lambda: backward(P, forward(init_params((3, 5, 2), rng=0), X8)[1], Y8),
            ValueError,
            r"cache holds layers of sizes \(3, 5, 2\) but params have "
            r"layer sizes \(3, 4, 2\)",
        ),
        (
            lambda: init_params((3,)),
            ValueError,
            "layer_sizes must list at least an input and an output size",
        ),
        (
            lambda: init_params((3, 0, 2)),
            ValueError,
            r"layer_sizes must contain positive integers, got \(3, 0, 2\)",
        ),
        (lambda: init_params(5), TypeError, "layer_sizes must be a sequence"),
        (
            lambda: init_params((3, 2), method="glorot"),
            ValueError,
            "method must be one of 'xavier', 'he', 'uniform', 'zeros'; got 'glorot'",
        ),
        (
            lambda: init_params((3, 2), method="uniform", epsilon=0),
            ValueError,
            "epsilon must be a positive finite number",
        ),
        (
            lambda: unflatten(np.zeros(5), (3, 4, 2)),
            ValueError,
            r"theta has length 5 but layer_sizes \(3, 4, 2\) need 26 parameters",
        ),
        (
            lambda: flat_cost_gradient(np.zeros(26), X8, Y8, layer_sizes=(2, 4, 2)),
            ValueError,
            "theta has length 26 but layer_sizes",
        ),
        (
            lambda: MLPClassifier(activation="softplus").fit(X8, Y8),
            ValueError,
            "activation must be one of 'relu'",
        ),
        (
            lambda: MLPClassifier(hidden_layer_sizes=(4, 0)).fit(X8, Y8),
            ValueError,
            r"hidden_layer_sizes must contain positive integers, got \(4, 0\)",
        ),
        (
            lambda: MLPClassifier(hidden_layer_sizes="4").fit(X8, Y8),
            TypeError,
            "hidden_layer_sizes must be a tuple of positive integers",
        ),
        (
            lambda: MLPClassifier(init="orthogonal").fit(X8, Y8),
            ValueError,
            "init must be one of 'auto', 'xavier'",
        ),
        (
            lambda: MLPClassifier(output="tanh").fit(X8, Y8),
            ValueError,
            "output must be one of 'auto', 'softmax', 'sigmoid'",
        ),
        (
            lambda: MLPClassifier(batch_size=0).fit(X8, Y8),
            ValueError,
            "batch_size must be a positive integer",
        ),
        (
            lambda: MLPClassifier().fit(X8, np.zeros(8)),
            ValueError,
            "y must contain at least two classes",
        ),
        (
            lambda: MLPClassifier().fit(X8, Y8 - 1),
            ValueError,
            "y must contain labels in 0..0, got values from -1 to 0",
        ),
        (
            lambda: MLPClassifier().fit(X8, Y8 + 0.5),
            ValueError,
            "y must contain integer class labels",
        ),
        (
            lambda: MLPClassifier(batch_size=None, epochs=0).fit(X8, Y8),
            ValueError,
            "epochs must be a positive integer, got 0",
        ),
        (
            lambda: MLPClassifier(learning_rate=0).fit(X8, Y8),
            ValueError,
            "learning_rate must be a positive finite number",
        ),
        (
            lambda: MLPClassifier().fit(X8, np.eye(2)[Y8]),
            ValueError,
            r"y must be 1-D, got a 2-D array of shape \(8, 2\)",
        ),
        (
            lambda: MLPClassifier().fit(X8, Y8[:6]),
            ValueError,
            "X and y have inconsistent numbers of samples: 8 != 6",
        ),
        (lambda: MLPClassifier().predict(X8), RuntimeError, "not fitted yet"),
        (
            lambda: MLPClassifier(epochs=1, rng=0).fit(X8, Y8).predict(X8[:, :2]),
            ValueError,
            "X has 2 features, but MLPClassifier was fitted with 3",
        ),
    ],
)
def test_bad_input_messages(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_forward_cache_layout():
    params, X, _ = random_problem((3, 4, 2))
    out, cache = forward(params, X)
    assert isinstance(cache, ForwardCache)
    assert cache.Z[0] is None and cache.A[0] is not None
    np.testing.assert_array_equal(cache.A[0], X)
    assert [A.shape for A in cache.A] == [(8, 3), (8, 4), (8, 2)]
    assert out is cache.A[-1]
    np.testing.assert_allclose(out.sum(axis=1), 1.0)


def test_copy_params_shares_no_memory_and_keeps_the_values():
    params = init_params((3, 4, 2), method="uniform", rng=0)
    params[1] = ([[1, 2, 3, 4], [5, 6, 7, 8]], [0, 1])  # lists and ints too
    copies = copy_params(params)
    assert layer_sizes_of(copies) == (3, 4, 2)
    for (W, b), (W0, b0) in zip(copies, params, strict=True):
        assert W.dtype == b.dtype == np.float64
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
        assert not np.shares_memory(W, W0) and not np.shares_memory(b, b0)
    with pytest.raises(TypeError, match="params must be a list of"):
        copy_params(np.ones((2, 2)))
