"""McCulloch–Pitts units and the perceptron, against truth tables and sklearn."""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import Perceptron as SkPerceptron

from mllesson import (
    LOGIC_GATES,
    XOR_NETWORK,
    ConvergenceWarning,
    Perceptron,
    mcculloch_pitts,
    perceptron_fit,
    perceptron_update,
    search_single_unit,
    threshold_network,
    xor_network,
)

INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
TRUTH = {
    "AND": [0, 0, 0, 1],
    "OR": [0, 1, 1, 1],
    "NAND": [1, 1, 1, 0],
    "NOR": [1, 0, 0, 0],
}
XOR = [0, 1, 1, 0]


@pytest.mark.parametrize("gate", sorted(TRUTH))
def test_two_input_gates_match_their_truth_tables(gate):
    np.testing.assert_array_equal(
        mcculloch_pitts(INPUTS, *LOGIC_GATES[gate]), TRUTH[gate]
    )


def test_not_gate():
    np.testing.assert_array_equal(
        mcculloch_pitts([[0], [1]], *LOGIC_GATES["NOT"]), [1, 0]
    )


def test_unit_fires_at_exactly_the_threshold():
    assert mcculloch_pitts([1, 1], [0.5, 0.5], 1.0) == 1
    assert mcculloch_pitts([1, 0], [0.5, 0.5], 1.0) == 0


def test_gates_are_read_only():
    with pytest.raises(TypeError):
        LOGIC_GATES["AND"] = ((1, 1), 0)


def test_no_single_unit_on_the_grid_computes_xor():
    result = search_single_unit("XOR")
    assert result.n_searched == 25**3
    assert not result.found
    assert result.matches.shape == (0, 3)
    assert "none matched" in str(result)


def test_xor_search_on_a_finer_grid_still_finds_nothing():
    assert not search_single_unit([0, 1, 1, 0], grid=np.linspace(-5, 5, 41)).found


@pytest.mark.parametrize("gate", sorted(TRUTH))
def test_the_same_search_finds_separable_gates(gate):
    result = search_single_unit(gate)
    assert result.found
    # Every reported unit really computes the gate.
    for w1, w2, t in result.matches[:: max(1, len(result.matches) // 20)]:
        np.testing.assert_array_equal(mcculloch_pitts(INPUTS, [w1, w2], t), TRUTH[gate])
    assert "matched, e.g." in str(result)


def test_two_layers_of_units_compute_xor():
    np.testing.assert_array_equal(xor_network(INPUTS), XOR)
    hidden = threshold_network(INPUTS, XOR_NETWORK[:1])
    np.testing.assert_array_equal(hidden[:, 0], TRUTH["OR"])
    np.testing.assert_array_equal(hidden[:, 1], TRUTH["NAND"])


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_perceptron_converges_on_separable_gates(gate):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        clf = Perceptron(rng=0).fit(INPUTS, TRUTH[gate])
    assert clf.converged_
    assert clf.errors_[-1] == 0 and all(e > 0 for e in clf.errors_[:-1])
    assert clf.n_iter_ == len(clf.errors_) < 100
    np.testing.assert_array_equal(clf.predict(INPUTS), TRUTH[gate])
    assert clf.score(INPUTS, TRUTH[gate]) == 1.0


def test_perceptron_warns_and_finishes_its_epochs_on_xor():
    with pytest.warns(ConvergenceWarning, match="not linearly separable"):
        clf = Perceptron(epochs=30, rng=0).fit(INPUTS, XOR)
    assert not clf.converged_
    assert clf.n_iter_ == 30 and len(clf.errors_) == 30
    assert min(clf.errors_) > 0
    assert clf.score(INPUTS, XOR) < 1.0


def test_weights_history_records_every_update():
    clf = Perceptron(rng=1).fit(INPUTS, TRUTH["OR"])
    history = clf.weights_history_
    assert history.shape == (sum(clf.errors_) + 1, 3)
    np.testing.assert_array_equal(history[0], 0.0)
    np.testing.assert_array_equal(history[-1], [clf.intercept_, *clf.coef_])
    # Each update moves the weights by eta * (+-1) * [1, x].
    steps = np.diff(history, axis=0)
    np.testing.assert_array_equal(np.abs(steps[:, 0]), 1.0)


def test_one_epoch_by_hand():
    # No shuffling, eta = 1, start at w = (0, 0), b = 0; AND data.
    # (0,0) y=0: z = 0 >= 0 -> yhat 1, error -1: b = -1, w = (0, 0)
    # (0,1) y=0: z = -1 -> yhat 0, right
    # (1,0) y=0: z = -1 -> right
    # (1,1) y=1: z = -1 -> yhat 0, error +1: b = 0, w = (1, 1)
    clf = Perceptron(epochs=1, shuffle=False)
    with pytest.warns(ConvergenceWarning):
        clf.fit(INPUTS, TRUTH["AND"])
    assert clf.errors_ == [2]
    assert clf.intercept_ == 0.0
    np.testing.assert_array_equal(clf.coef_, [1.0, 1.0])


def test_matches_sklearn_perceptron_without_shuffling():
    # sklearn's Perceptron with eta0=1, no penalty and no shuffling performs
    # the same online rule on labels mapped to -1/+1; it updates when
    # y' z <= 0, we when the step of z is wrong: the same unless z == 0.
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 3))
    y = (X @ [1.5, -2.0, 0.5] + 0.3 > 0).astype(int)
    # At the zero start z = 0: we update only for y = 0, sklearn always. Start
    # with a class-0 example so that both take the same first step.
    first = np.flatnonzero(y == 0)[0]
    X[[0, first]], y[[0, first]] = X[[first, 0]], y[[first, 0]]
    ours = Perceptron(epochs=5, shuffle=False, learning_rate=1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ours.fit(X, y)
    sk = SkPerceptron(
        eta0=1.0, shuffle=False, max_iter=ours.n_iter_, tol=None, penalty=None
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk.fit(X, y)
    # Our updates are (y - yhat) in {-1, +1}; sklearn's hinge-at-0 steps are
    # y' in {-1, +1} with y' = 2y - 1: identical whenever z != 0.
    np.testing.assert_allclose(ours.coef_, sk.coef_[0])
    np.testing.assert_allclose(ours.intercept_, sk.intercept_[0])


def test_separable_blobs_reach_perfect_training_accuracy():
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-2, 0.5, (50, 2)), rng.normal(2, 0.5, (50, 2))])
    y = np.repeat([0, 1], 50)
    clf = Perceptron(learning_rate=0.1, rng=0).fit(X, y)
    assert clf.converged_ and clf.score(X, y) == 1.0


@pytest.mark.parametrize(
    "call, exc, match",
    [
        (
            lambda: mcculloch_pitts([1, 0, 1], [1, 1], 1),
            ValueError,
            "x has 3 inputs but weights has 2",
        ),
        (
            lambda: mcculloch_pitts([[1, 0]], [[1, 1]], 1),
            ValueError,
            "weights must be 1-D",
        ),
        (
            lambda: mcculloch_pitts([1, 0], [1, 1], [1, 2]),
            ValueError,
            "threshold must be 0-D",
        ),
        (
            lambda: search_single_unit("MAYBE"),
            ValueError,
            "target must be one of 'AND'",
        ),
        (
            lambda: search_single_unit([0, 1, 1]),
            ValueError,
            "target must hold 4 outputs",
        ),
        (
            lambda: search_single_unit([0, 2, 1, 0]),
            ValueError,
            "target must contain only the labels 0 and 1",
        ),
        (
            lambda: threshold_network(INPUTS, [(np.ones((1, 3)), [1.0])]),
            ValueError,
            r"layers\[0\] has W of shape \(1, 3\)",
        ),
        (lambda: threshold_network(INPUTS, []), ValueError, "at least one"),
        (
            lambda: Perceptron().fit(INPUTS, [0, 1, 2, 0]),
            ValueError,
            "y must contain only the labels 0 and 1",
        ),
        (
            lambda: Perceptron().fit(INPUTS, [0, 1, 1]),
            ValueError,
            "inconsistent numbers of samples: 4 != 3",
        ),
        (
            lambda: Perceptron(epochs=0).fit(INPUTS, XOR),
            ValueError,
            "epochs must be a positive integer",
        ),
        (
            lambda: Perceptron(learning_rate=-1).fit(INPUTS, XOR),
            ValueError,
            "learning_rate must be a positive finite number",
        ),
        (lambda: Perceptron().predict(INPUTS), RuntimeError, "not fitted yet"),
        (
            lambda: Perceptron(rng=0).fit(INPUTS, TRUTH["OR"]).predict([[1, 2, 3]]),
            ValueError,
            "X has 3 features, but Perceptron was fitted with 2",
        ),
    ],
)
def test_bad_input_messages(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_inputs_are_not_modified():
    X = INPUTS.astype(float)
    y = np.array(TRUTH["OR"], dtype=float)
    X0, y0 = X.copy(), y.copy()
    Perceptron(rng=0).fit(X, y)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


# --- the functional rule: perceptron_update and perceptron_fit -----------------


@pytest.mark.parametrize(
    ("w", "b", "x", "y", "expected_w", "expected_b"),
    [
        # w.x + b = 0 counts as class 1: a 0 label there is a mistake.
        ([0.0, 0.0], 0.0, [1.0, 2.0], 0, [-1.0, -2.0], -1.0),
        ([0.0, 0.0], 0.0, [1.0, 2.0], 1, [0.0, 0.0], 0.0),
        # w.x + b = -0.5 predicts 0; label 1 moves towards x.
        ([1.0, -1.0], 0.5, [1.0, 2.0], 1, [2.0, 1.0], 1.5),
        ([1.0, -1.0], 0.5, [1.0, 2.0], 0, [1.0, -1.0], 0.5),
    ],
)
def test_update_by_hand(w, b, x, y, expected_w, expected_b):
    new_w, new_b = perceptron_update(w, b, x, y)
    np.testing.assert_array_equal(new_w, expected_w)
    assert new_b == expected_b and isinstance(new_b, float)


def test_update_scales_with_the_learning_rate_and_leaves_its_inputs_alone():
    w, x = np.array([1.0, -1.0]), np.array([1.0, 2.0])
    new_w, new_b = perceptron_update(w, 0.5, x, 1, learning_rate=0.25)
    np.testing.assert_allclose(new_w, [1.25, -0.5])
    assert new_b == 0.75
    np.testing.assert_array_equal(w, [1.0, -1.0])
    np.testing.assert_array_equal(x, [1.0, 2.0])


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        (dict(x=[1.0]), ValueError, "x has 1 features but w has 2"),
        (dict(y=2), ValueError, "y must contain only the labels 0 and 1"),
        (dict(b=[0.0, 1.0]), ValueError, "b"),
        (dict(learning_rate=0), ValueError, "learning_rate must be a positive"),
    ],
)
def test_update_refuses_bad_input(kwargs, exc, match):
    args = dict(w=[0.0, 0.0], b=0.0, x=[1.0, 2.0], y=1) | kwargs
    with pytest.raises(exc, match=match):
        perceptron_update(**args)


def test_fit_is_the_estimator_and_sklearn_without_shuffling():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(-1, 1, (30, 3)), rng.normal(1, 1, (30, 3))])
    y = np.repeat([0, 1], 30)
    w, b, errors = perceptron_fit(X, y, epochs=50, shuffle=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = Perceptron(epochs=50, shuffle=False).fit(X, y)
    np.testing.assert_array_equal(w, clf.coef_)
    assert b == clf.intercept_
    np.testing.assert_array_equal(errors, clf.errors_)
    assert errors.dtype == np.int64
    sk = SkPerceptron(
        eta0=1.0, shuffle=False, max_iter=len(errors), tol=None, penalty=None
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk.fit(X, y)
    np.testing.assert_allclose(w, sk.coef_[0])
    np.testing.assert_allclose(b, sk.intercept_[0])


@pytest.mark.parametrize("eta", [1.0, 0.1])
@pytest.mark.parametrize("seed", range(3))
def test_readable_fit_and_estimator_loop_agree_when_shuffled(seed, eta):
    # perceptron_fit (shown in the book, built on perceptron_update) and the
    # estimator's loop draw the same orders from the same seed.
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(-1, 1.5, (25, 2)), rng.normal(1, 1.5, (25, 2))])
    y = np.repeat([0, 1], 25)
    w, b, errors = perceptron_fit(X, y, learning_rate=eta, epochs=30, rng=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = Perceptron(learning_rate=eta, epochs=30, rng=seed).fit(X, y)
    np.testing.assert_allclose(w, clf.coef_, rtol=1e-12)
    assert b == pytest.approx(clf.intercept_, rel=1e-12)
    np.testing.assert_array_equal(errors, clf.errors_)


def test_fit_converges_on_separable_data_and_stops():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(-2, 0.5, (40, 2)), rng.normal(2, 0.5, (40, 2))])
    y = np.repeat([0, 1], 40)
    w, b, errors = perceptron_fit(X, y, learning_rate=0.1, rng=0)
    assert errors[-1] == 0 and (errors[:-1] > 0).all()
    np.testing.assert_array_equal((X @ w + b >= 0).astype(int), y)


def test_fit_runs_every_epoch_on_xor():
    w, b, errors = perceptron_fit(INPUTS, XOR, epochs=25, rng=0)
    assert errors.shape == (25,) and (errors > 0).all()


def test_fit_is_reproducible_with_a_seed():
    a = perceptron_fit(INPUTS, TRUTH["OR"], rng=5)
    b = perceptron_fit(INPUTS, TRUTH["OR"], rng=5)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[2], b[2])


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        (dict(y=[0, 1, 2, 1]), ValueError, "y must contain only the labels 0"),
        (dict(y=[0, 1]), ValueError, "inconsistent"),
        (dict(epochs=0), ValueError, "epochs must be a positive integer"),
        (dict(rng="seed"), TypeError, "rng must be None"),
    ],
)
def test_fit_refuses_bad_input(kwargs, exc, match):
    args = dict(X=INPUTS, y=[0, 1, 1, 1]) | kwargs
    with pytest.raises(exc, match=match):
        perceptron_fit(**args)
