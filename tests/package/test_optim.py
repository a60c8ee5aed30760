"""Batch and mini-batch gradient descent: properties, hand values, bad input."""

import warnings

import numpy as np
import pytest

from mllesson import (
    DivergenceWarning,
    add_intercept,
    gradient_descent,
    linear_cost,
    linear_cost_gradient,
    linear_gradient,
    logistic_cost,
    logistic_gradient,
    normal_equation,
    sgd,
)


def _regression(seed, m=40, noise=0.3):
    rng = np.random.default_rng(seed)
    A = add_intercept(rng.normal(size=(m, 2)))
    y = A @ [1.0, 2.0, -3.0] + noise * rng.normal(size=m)
    return A, y


def _classification(seed, m=40):
    rng = np.random.default_rng(seed)
    A = add_intercept(rng.normal(size=(m, 2)))
    y = (A @ [0.2, 1.0, -1.0] + rng.normal(size=m) > 0).astype(float)
    return A, y


PAIRS = {
    "linear": (linear_cost, linear_gradient, _regression),
    "logistic": (logistic_cost, logistic_gradient, _classification),
}


# --- sgd and gradient descent agree -------------------------------------------------


@pytest.mark.parametrize("lam", [0.0, 1.5])
@pytest.mark.parametrize("batch_size", [40, 41, 1000])
@pytest.mark.parametrize("problem", PAIRS)
def test_sgd_full_batch_equals_gradient_descent_exactly(problem, batch_size, lam):
    cost, grad, make = PAIRS[problem]
    A, y = make(0)
    theta0 = np.array([0.5, -0.2, 0.1])
    kw = dict(learning_rate=0.3, lam=lam)
    gd_theta, gd_history = gradient_descent(cost, grad, theta0, A, y, n_iters=25, **kw)
    sgd_theta, sgd_history = sgd(cost, grad, theta0, A, y, epochs=25,
                                 batch_size=batch_size, rng=1, **kw)  # fmt: skip
    assert np.array_equal(sgd_theta, gd_theta)
    assert np.array_equal(sgd_history, gd_history)


@pytest.mark.parametrize("problem", PAIRS)
def test_fused_and_separate_cost_gradient_take_the_same_steps(problem):
    # The fused kernels behind the separate functions take exactly their steps.
    # (The readable logistic_cost_gradient sums in another order than this
    # kernel, so it agrees only to rounding; test_logistic checks that.)
    from mllesson.logistic import _logistic_cost_gradient

    cost, grad, make = PAIRS[problem]
    A, y = make(1)
    fused = {"linear": linear_cost_gradient, "logistic": _logistic_cost_gradient}[
        problem
    ]
    kw = dict(learning_rate=0.2, n_iters=30, lam=0.4)
    a = gradient_descent(cost, grad, np.zeros(3), A, y, **kw)
    b = gradient_descent(fused, True, np.zeros(3), A, y, **kw)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


# --- hand-worked values -------------------------------------------------------------


def test_two_steps_by_hand():
    # J(theta) = (1/2m) |X theta - y|^2 with X = [[1], [1]], y = [2, 4], one
    # parameter: J(t) = ((t-2)^2 + (t-4)^2) / 4, J'(t) = (2t - 6) / 2 = t - 3.
    X, y = np.array([[1.0], [1.0]]), np.array([2.0, 4.0])
    theta, history = gradient_descent(linear_cost, linear_gradient, [0.0], X, y,
                                      learning_rate=0.5, n_iters=2)  # fmt: skip
    # t0 = 0:   J = (4 + 16) / 4 = 5,      t1 = 0 - 0.5 (0 - 3) = 1.5
    # t1 = 1.5: J = (0.25 + 6.25) / 4 = 1.625, t2 = 1.5 - 0.5 (1.5 - 3) = 2.25
    np.testing.assert_allclose(history, [5.0, 1.625])
    np.testing.assert_allclose(theta, [2.25])


def test_sgd_history_is_the_batch_size_weighted_mean_of_batch_costs():
    # A cost equal to the batch size, with a zero gradient: m = 10 in batches
    # of 4 gives batches of 4, 4, 2 and an epoch cost (4*4 + 4*4 + 2*2) / 10.
    def cost(theta, X, y, lam):
        return float(X.shape[0]), np.zeros_like(theta)

    X, y = np.zeros((10, 1)), np.zeros(10)
    _, history = sgd(cost, True, [0.0], X, y, epochs=3, batch_size=4, rng=0)
    np.testing.assert_allclose(history, [3.6, 3.6, 3.6])


def test_sgd_visits_every_example_once_per_epoch_in_a_new_order():
    seen = []

    def cost(theta, X, y, lam):
        seen.append(y.copy())  # y holds the example numbers
        return 0.0, np.zeros_like(theta)

    X, y = np.zeros((10, 1)), np.arange(10.0)
    sgd(cost, True, [0.0], X, y, epochs=3, batch_size=4, rng=0)
    assert [len(b) for b in seen] == [4, 4, 2] * 3
    epochs = [np.concatenate(seen[i : i + 3]) for i in (0, 3, 6)]
    for order in epochs:
        np.testing.assert_array_equal(np.sort(order), np.arange(10.0))
    assert not np.array_equal(epochs[0], epochs[1])  # shuffled each epoch
    seen.clear()
    sgd(cost, True, [0.0], X, y, epochs=2, batch_size=4, shuffle=False)
    np.testing.assert_array_equal(np.concatenate(seen), np.tile(np.arange(10.0), 2))
    assert len(seen) == 6


# --- properties -------------------------------------------------------------------


@pytest.mark.parametrize("lam", [0.0, 5.0])
@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.95])
def test_linear_cost_history_does_not_increase_below_2_over_L(fraction, lam):
    A, y = _regression(2)
    m = A.shape[0]
    # J is quadratic with Hessian (X^T X + lam diag(0,1,1)) / m; its largest
    # eigenvalue L bounds the curvature, and steps below 2/L always descend.
    P = np.diag([0.0, 1.0, 1.0])
    L = np.linalg.eigvalsh((A.T @ A + lam * P) / m).max()
    _, history = gradient_descent(
        linear_cost, linear_gradient, np.zeros(3), A, y,
        learning_rate=fraction * 2 / L, n_iters=100, lam=lam,
    )  # fmt: skip
    # Once converged the cost only moves by rounding: allow a few ulps, no more.
    assert np.all(np.diff(history) <= 4 * np.finfo(float).eps * history[:-1])
    assert history[-1] < history[0]


def test_a_step_above_2_over_L_makes_the_cost_grow():
    # The converse, so the previous test's bound is the real one.
    A, y = _regression(2)
    L = np.linalg.eigvalsh(A.T @ A / A.shape[0]).max()
    with pytest.warns(DivergenceWarning):
        _, history = gradient_descent(linear_cost, linear_gradient, np.zeros(3), A, y,
                                      learning_rate=2.2 / L, n_iters=3000)  # fmt: skip
    assert history[-1] > history[0]


@pytest.mark.parametrize("lam", [0.0, 4.0])
def test_gradient_descent_reaches_the_normal_equation(lam):
    A, y = _regression(3)
    theta, _ = gradient_descent(linear_cost, linear_gradient, np.zeros(3), A, y,
                                learning_rate=0.5, n_iters=400, lam=lam)  # fmt: skip
    np.testing.assert_allclose(theta, normal_equation(A, y, lam), atol=1e-9)


@pytest.mark.parametrize("batch_size", [1, 7, 16])
def test_minibatch_sgd_reaches_an_exact_fit(batch_size):
    # Noise-free data: every batch's gradient vanishes at the same theta, so even
    # a constant step converges to it exactly.
    A, y = _regression(4, m=32, noise=0.0)
    theta, history = sgd(linear_cost, linear_gradient, np.zeros(3), A, y,
                         learning_rate=0.1, epochs=150, batch_size=batch_size,
                         rng=0)  # fmt: skip
    np.testing.assert_allclose(theta, [1.0, 2.0, -3.0], atol=1e-8)
    assert history[-1] < 1e-15


@pytest.mark.parametrize("batch_size", [1, 5, 13])
@pytest.mark.parametrize("problem", PAIRS)
def test_minibatch_penalty_is_the_full_sets(problem, batch_size):
    # With a negligible step theta stays at theta0, so the epoch history is
    # the batch costs' weighted mean: the full-data cost, penalty included.
    cost, grad, make = PAIRS[problem]
    A, y = make(5, m=26)
    theta0 = np.array([0.3, 2.0, -1.5])
    _, history = sgd(cost, grad, theta0, A, y, learning_rate=1e-14, epochs=2,
                     batch_size=batch_size, lam=7.0, rng=0)  # fmt: skip
    np.testing.assert_allclose(history, cost(theta0, A, y, 7.0), rtol=1e-10)


def test_same_seed_same_run_and_generators_are_accepted():
    A, y = _regression(6)
    kw = dict(learning_rate=0.05, epochs=5, batch_size=8)
    a = sgd(linear_cost, linear_gradient, np.zeros(3), A, y, rng=11, **kw)
    b = sgd(linear_cost, linear_gradient, np.zeros(3), A, y,
            rng=np.random.default_rng(11), **kw)  # fmt: skip
    c = sgd(linear_cost, linear_gradient, np.zeros(3), A, y, rng=12, **kw)
    np.testing.assert_array_equal(a[0], b[0])
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize("optimiser", ["gd", "sgd"])
def test_inputs_are_not_modified(optimiser):
    A, y = _regression(7)
    theta0 = np.array([1.0, 1.0, 1.0])
    copies = A.copy(), y.copy(), theta0.copy()
    if optimiser == "gd":
        gradient_descent(linear_cost, linear_gradient, theta0, A, y, n_iters=5)
    else:
        sgd(linear_cost, linear_gradient, theta0, A, y, epochs=2, batch_size=3, rng=0)
    for before, after in zip(copies, (A, y, theta0), strict=True):
        np.testing.assert_array_equal(before, after)


# --- divergence -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("run", "max_len"),
    [
        (lambda A, y: gradient_descent(linear_cost, linear_gradient, np.zeros(3), A,
                                       y, learning_rate=1e3, n_iters=1000), 1000),
        (lambda A, y: sgd(linear_cost, linear_gradient, np.zeros(3), A, y,
                          learning_rate=1e3, epochs=1000, batch_size=40), 1000),
        (lambda A, y: sgd(linear_cost, linear_gradient, np.zeros(3), A, y,
                          learning_rate=1e3, epochs=1000, batch_size=4, rng=0), 1000),
    ],
    ids=["gd", "sgd-full-batch", "sgd-mini-batch"],
)  # fmt: skip
def test_an_absurd_learning_rate_warns_once_and_stops(run, max_len):
    A, y = _regression(8)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        theta, history = run(A, y)
    # exactly one warning, ours: no numpy overflow warnings on the way
    assert [w.category for w in caught] == [DivergenceWarning]
    assert str(caught[0].message).startswith("the cost became ")
    assert "stopping early. The learning rate is probably too large." in str(
        caught[0].message
    )
    assert len(history) < max_len
    assert np.all(np.isfinite(history[:-1]))


def test_divergence_warning_names_the_step():
    A, y = _regression(8)
    message = r"^the cost became (inf|nan) at step \d+"
    with pytest.warns(DivergenceWarning, match=message):
        gradient_descent(linear_cost, linear_gradient, np.zeros(3), A, y,
                         learning_rate=1e6, n_iters=500)  # fmt: skip


# --- bad input --------------------------------------------------------------------

A0, Y0 = _regression(9, m=6)

BAD_COMMON = [
    ({"cost": "J"}, TypeError, r"^cost must be callable, got 'J'"),
    ({"cost": None}, TypeError, r"^cost must be callable, got None"),
    ({"gradient": 3}, TypeError, r"^gradient must be callable or True, got 3"),
    ({"gradient": False}, TypeError,
     r"^gradient must be callable or True, got False"),
    ({"theta0": np.zeros((3, 1))}, ValueError, r"^theta0 must be 1-D, got a 2-D"),
    ({"theta0": [0.0, np.nan, 0.0]}, ValueError, r"^theta0 contains NaN"),
    ({"theta0": []}, ValueError, r"^theta0 is empty"),
    ({"theta0": "000"}, TypeError, r"^theta0 must be numeric array-like"),
    ({"learning_rate": 0.0}, ValueError,
     r"^learning_rate must be a positive finite number, got 0.0"),
    ({"learning_rate": -1}, ValueError,
     r"^learning_rate must be a positive finite number, got -1"),
    ({"learning_rate": np.inf}, ValueError,
     r"^learning_rate must be a positive finite number, got inf"),
    ({"learning_rate": "0.1"}, TypeError,
     r"^learning_rate must be a positive number, got '0.1'"),
    ({"learning_rate": True}, TypeError,
     r"^learning_rate must be a positive number, got True"),
    ({"lam": -2.0}, ValueError,
     r"^lam must be a non-negative finite number, got -2.0"),
    ({"X": A0[:5]}, ValueError,
     r"^X and y must be arrays with the same number of samples along the first "
     r"axis, got shapes \(5, 3\) and \(6,\)"),
    ({"y": 1.0}, ValueError, r"^X and y must be arrays with the same number"),
    ({"X": [[1.0, 2.0], [3.0]]}, ValueError, r"^X and y could not be read as arrays"),
    ({"X": np.zeros((0, 3)), "y": np.zeros(0)}, ValueError,
     r"^X and y must be arrays with the same number"),
]  # fmt: skip


def _run(optimiser, changes, **defaults):
    args = dict(cost=linear_cost, gradient=linear_gradient, theta0=np.zeros(3),
                X=A0, y=Y0, learning_rate=0.1, lam=0.0, **defaults)  # fmt: skip
    args.update(changes)
    positional = [args.pop(k) for k in ("cost", "gradient", "theta0", "X", "y")]
    return optimiser(*positional, **args)


def _gd(**changes):
    return _run(gradient_descent, changes, n_iters=3)


def _sgd(**changes):
    return _run(sgd, changes, epochs=3, batch_size=2, rng=0)


@pytest.mark.parametrize(("changes", "error", "message"), [
    *BAD_COMMON,
    ({"n_iters": 0}, ValueError, r"^n_iters must be a positive integer, got 0"),
    ({"n_iters": -4}, ValueError, r"^n_iters must be a positive integer, got -4"),
    ({"n_iters": 2.5}, TypeError, r"^n_iters must be a positive integer, got 2.5"),
    ({"n_iters": True}, TypeError, r"^n_iters must be a positive integer, got True"),
])  # fmt: skip
def test_gradient_descent_rejects_bad_input(changes, error, message):
    with pytest.raises(error, match=message):
        _gd(**changes)


@pytest.mark.parametrize(("changes", "error", "message"), [
    *BAD_COMMON,
    ({"epochs": 0}, ValueError, r"^epochs must be a positive integer, got 0"),
    ({"epochs": "5"}, TypeError, r"^epochs must be a positive integer, got '5'"),
    ({"batch_size": 0}, ValueError, r"^batch_size must be a positive integer, got 0"),
    ({"batch_size": -1}, ValueError, r"^batch_size must be a positive integer"),
    ({"batch_size": 2.0}, TypeError,
     r"^batch_size must be a positive integer, got 2.0"),
    ({"rng": "seed"}, TypeError,
     r"^rng must be None, an int seed or a numpy.random.Generator, got 'seed'"),
    ({"rng": 0.5}, TypeError, r"^rng must be None, an int seed"),
    ({"rng": True}, TypeError, r"^rng must be None, an int seed"),
    ({"rng": np.random.RandomState(0)}, TypeError, r"^rng must be None, an int seed"),
])  # fmt: skip
def test_sgd_rejects_bad_input(changes, error, message):
    with pytest.raises(error, match=message):
        _sgd(**changes)


@pytest.mark.parametrize("run", [_gd, _sgd], ids=["gd", "sgd"])
def test_a_theta0_that_does_not_fit_X_is_reported_by_the_cost(run):
    with pytest.raises(ValueError, match=r"^theta has length 2 but X has 3 columns"):
        run(theta0=np.zeros(2))
