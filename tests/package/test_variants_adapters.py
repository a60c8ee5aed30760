"""The adapters' roles, against values worked out by hand."""

import json

import numpy as np
import pytest

from mllesson.variants import Adapted, Task, Variant
from mllesson.variants.adapters import Fn, HandedOver


def _variant(**conventions):
    return Variant("ps00-test", tuple(conventions.items()))


THETA0 = np.array([0.5, 1.0, -2.0])  # θ₀ = 0.5 is the intercept
X = np.array([[1.0, 3.0, 4.0], [1.0, 5.0, 6.0]])  # two examples, ones first
Y = np.array([1.0, 0.0])


def _usual_cost(theta, X, y, lam):
    """J = θ·(1, 2, 3) + lam, and it records what it was given."""
    _usual_cost.seen = (theta.copy(), X.copy(), np.asarray(y).copy(), lam)
    return float(theta @ np.array([1.0, 2.0, 3.0])) + lam


def _usual_gradient(theta, X, y, lam):
    return np.array([1.0, 2.0, 3.0])


def _fused(theta, X, y, lam):
    return _usual_cost(theta, X, y, lam), _usual_gradient(theta, X, y, lam)


def _optimiser(data):
    roles = ("theta", *data, None)
    return Task(
        ("cost", "gradient", "theta0", "X", "y"),
        {
            "cost": Fn(roles, "J"),
            "gradient": Fn(roles, "dJ"),
            "theta0": "theta",
            **dict(zip(("X", "y"), data, strict=True)),
        },
        returns=("theta", "J"),
    )


def test_a_cost_handed_over_takes_w_b_and_columns_and_gives_the_negated_cost():
    seen = {}

    def student(cost, gradient, w0, b0, X, y):  # cols, b, max
        seen["args"] = (w0.copy(), b0, X.copy())
        seen["l"], seen["dl"] = cost(w0, b0, X, y, 0.5), gradient(w0, b0, X, y, 0.5)
        return (w0 + 1.0, b0 + 1.0), [seen["l"], 7.0]

    v = _variant(layout="cols", bias="b", objective="max")
    theta, history = Adapted(student, _optimiser(("X", "y")), v)(
        _usual_cost, _usual_gradient, THETA0, X, Y
    )
    w0, b0, Xv = seen["args"]
    np.testing.assert_array_equal(w0, [1.0, -2.0])
    assert b0 == 0.5
    np.testing.assert_array_equal(Xv, [[3.0, 5.0], [4.0, 6.0]])  # no ones, columns
    # The cost got the usual θ and X back: J = 0.5 + 2 - 6 + 0.5 = -3, ℓ = 3.
    np.testing.assert_array_equal(_usual_cost.seen[0], THETA0)
    np.testing.assert_array_equal(_usual_cost.seen[1], X)
    assert seen["l"] == 3.0
    dw, db = seen["dl"]  # ∇ℓ = -(1, 2, 3), split into (dw, db)
    np.testing.assert_array_equal(dw, [-2.0, -3.0])
    assert db == -1.0
    # The result: (w, b) joined with b first; the history of ℓ as J.
    np.testing.assert_array_equal(theta, [1.5, 2.0, -1.0])
    np.testing.assert_array_equal(history, [-3.0, -7.0])


def test_a_fused_cost_gives_the_pair_and_data_passed_on_stays_as_given():
    def student(cost, gradient, w0, b0, X, y):  # rows, b, min; X, y untouched
        J, (dw, db) = cost(w0, b0, X, y, 0.0)
        return (w0 - dw, b0 - db), [J]

    v = _variant(layout="cols", bias="b", objective="min")
    theta, history = Adapted(student, _optimiser((None, None)), v)(
        _fused, True, THETA0, X, Y
    )
    np.testing.assert_array_equal(_usual_cost.seen[1], X)  # not transposed
    np.testing.assert_array_equal(theta, [0.5 - 1.0, 1.0 - 2.0, -2.0 - 3.0])
    np.testing.assert_array_equal(history, [-3.5])  # 0.5 + 2 - 6


def test_labels_handed_back_to_a_cost_are_0_and_1_again():
    def student(cost, gradient, theta0, X, y):
        return theta0, [cost(theta0, X, y, 0.0)]

    v = _variant(labels="pm1")
    Adapted(student, _optimiser(("X", "y")), v)(
        _usual_cost, _usual_gradient, THETA0, X, Y
    )
    np.testing.assert_array_equal(_usual_cost.seen[2], [1.0, 0.0])


def test_the_usual_conventions_pass_everything_through():
    def student(cost, gradient, theta0, X, y):
        return theta0 - gradient(theta0, X, y, 0.0), [cost(theta0, X, y, 0.0)]

    v = _variant(layout="rows", bias="ones", objective="min")
    theta, history = Adapted(student, _optimiser(("X", "y")), v)(
        _usual_cost, _usual_gradient, THETA0, X, Y
    )
    np.testing.assert_array_equal(theta, [-0.5, -1.0, -5.0])
    np.testing.assert_array_equal(history, [-3.5])


def test_a_signature_names_the_split_start_w0_b0():
    v = _variant(bias="b")
    signature = _optimiser(("X", "y")).signature("opt", v)
    assert signature == "opt(cost, gradient, w0, b0, X, y)"


_UPDATE = Task(
    ("w", "b", "x", "y", "learning_rate=1.0"), {"b": "t", "y": "y"}, returns=(None, "t")
)


def test_a_bias_reaches_a_flipped_variant_as_the_threshold_and_comes_back():
    seen = {}

    def student(w, t, x, y, learning_rate=1.0):
        seen["t"], seen["y"] = t, y
        return w, np.float64(t - 1.0)

    v = _variant(labels="pm1", offset="flipped")
    w, b = Adapted(student, _UPDATE, v)(np.zeros(2), 0.25, np.ones(2), 0.0)
    assert (seen["t"], seen["y"]) == (-0.25, -1.0)  # t = −b; label 0 is −1
    assert b == 1.25  # b = −t = −(−0.25 − 1)


def test_a_threshold_as_a_0d_array_is_flipped_too_and_other_results_are_not():
    def student(w, t, x, y, learning_rate=1.0):
        return w, np.array(t + 2.0)

    w, b = Adapted(student, _UPDATE, _variant(offset="flipped"))(
        np.zeros(1), 1.0, np.ones(1), 1.0
    )
    assert b == -1.0  # t = −1, the student's −1 + 2 = 1, so b = −1
    np.testing.assert_array_equal(w, [0.0])
    assert (
        Adapted(student, _UPDATE, _variant(offset="usual"))(
            np.zeros(1), 1.0, np.ones(1), 1.0
        )[1]
        == 3.0
    )


def test_a_flipped_variant_names_the_threshold_bias_and_the_bias_t():
    v = _variant(offset="flipped")
    unit = Task(("x", "weights", "threshold"), {"threshold": "t"})
    assert unit.signature("mcculloch_pitts", v) == "mcculloch_pitts(x, weights, bias)"
    assert _UPDATE.signature("perceptron_update", v) == (
        "perceptron_update(w, t, x, y, learning_rate=1.0)"
    )


def test_a_handed_over_cost_rebuilt_from_its_plain_data_works_the_same():
    """What a grader sends into a student's kernel: the package function and
    plain JSON data, rebuilt there into the same translation."""
    seen = {}

    def student(cost, gradient, w0, b0, X, y):
        seen["cost"] = cost
        return (w0, b0), [cost(w0, b0, X, y, 0.0)]

    v = _variant(layout="cols", bias="b", objective="max")
    Adapted(student, _optimiser(("X", "y")), v)(
        _usual_cost, _usual_gradient, THETA0, X, Y
    )
    handed = seen["cost"]
    assert isinstance(handed, HandedOver) and handed.fn is _usual_cost
    plain = json.loads(json.dumps(handed.plain()))
    rebuilt = HandedOver(_usual_cost, **plain)
    w, b, Xv = np.array([1.0, -2.0]), 0.5, np.array([[3.0, 5.0], [4.0, 6.0]])
    assert rebuilt(w, b, Xv, Y, 0.0) == handed(w, b, Xv, Y, 0.0) == 3.5
    np.testing.assert_array_equal(_usual_cost.seen[1], X)


def test_a_handed_over_cost_called_as_in_the_book_says_what_it_takes():
    def student(cost, gradient, w0, b0, X, y):
        return (w0, b0), [cost(np.append(b0, w0), X, y, 0.0)]  # θ, not w, b

    v = _variant(bias="b")
    with pytest.raises(TypeError, match=r"_usual_cost: .*w, b where the book passes θ"):
        Adapted(student, _optimiser(("X", "y")), v)(
            _usual_cost, _usual_gradient, THETA0, X, Y
        )
