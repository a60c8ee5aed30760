"""The shared input checks: what they accept, and the words they refuse with."""

import numpy as np
import pytest

from mllesson._base import BaseEstimator, ClassifierMixin, NotFittedError
from mllesson._validation import (
    as_float_array,
    check_binary_labels,
    check_class_labels,
    check_consistent_length,
    check_non_negative_float,
    check_option,
    check_positive_float,
    check_positive_int,
    check_rng,
    check_theta,
    check_X,
)

# --- as_float_array ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ([1, 2, 3], [1.0, 2.0, 3.0]),
        (np.array([1, 2], dtype=np.int8), [1.0, 2.0]),
        (np.array([0.5], dtype=np.float32), [0.5]),
        ([True, False], [1.0, 0.0]),
        (2.5, 2.5),
    ],
)
def test_as_float_array_returns_float64(value, expected):
    out = as_float_array(value, "a")
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize(
    ("value", "kwargs", "error", "message"),
    [
        ("12", {}, TypeError, r"^a must be numeric array-like, got str"),
        (b"12", {}, TypeError, r"^a must be numeric array-like, got bytes"),
        ([1, "x"], {}, TypeError,
         r"^a must contain numbers, got dtype <U\d+ \(first element: np.str_\('1'\)\)"),
        ([None], {}, TypeError,
         r"^a must contain numbers, got dtype object \(first element: None\)"),
        (np.array([], dtype=object), {}, TypeError,
         r"^a must contain numbers, got dtype object$"),
        ([{"x": 1}], {}, TypeError, r"^a must contain numbers, got dtype object"),
        ([1j], {}, TypeError, r"^a must be real-valued, got complex dtype complex128"),
        ([[1.0, 2.0], [3.0]], {}, ValueError, r"^a could not be read as an array"),
        ([1.0, 2.0], {"ndim": 2}, ValueError,
         r"^a must be 2-D, got a 1-D array of shape \(2,\)"),
        (np.zeros((1, 1, 1)), {"ndim": (1, 2)}, ValueError,
         r"^a must be 1-D or 2-D, got a 3-D array of shape \(1, 1, 1\)"),
        ([], {}, ValueError, r"^a is empty \(shape \(0,\)\); expected data"),
        ([1.0, np.nan, np.inf], {}, ValueError,
         r"^a contains NaN; expected finite numbers"),
        ([1.0, -np.inf], {}, ValueError,
         r"^a contains infinity; expected finite numbers"),
        ([1e308 * 10], {}, ValueError, r"^a contains infinity"),
    ],
)  # fmt: skip
def test_as_float_array_refuses(value, kwargs, error, message):
    with pytest.raises(error, match=message):
        as_float_array(value, "a", **kwargs)


def test_as_float_array_allows_empty_on_request():
    assert as_float_array([], "a", allow_empty=True).shape == (0,)


def test_check_X_and_theta():
    X = check_X([[1, 2], [3, 4]])
    assert X.shape == (2, 2) and X.dtype == np.float64
    with pytest.raises(ValueError, match=r"^X must be 2-D, got a 1-D array"):
        check_X([1.0, 2.0])
    with pytest.raises(ValueError, match=r"^W must be 2-D"):
        check_X([1.0, 2.0], name="W")
    np.testing.assert_array_equal(check_theta([1, 2], 2), [1.0, 2.0])
    with pytest.raises(
        ValueError,
        match=r"^theta has length 2 but X has 3 columns; they must match "
        r"\(did you forget add_intercept\?\)$",
    ):
        check_theta([1.0, 2.0], 3)


def test_check_consistent_length():
    check_consistent_length(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(
        ValueError, match=r"^X and y have inconsistent numbers of samples: 3 != 2$"
    ):
        check_consistent_length(np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match=r"^A and b have inconsistent numbers"):
        check_consistent_length(np.zeros(3), np.zeros(4), names=("A", "b"))


# --- labels -----------------------------------------------------------------------


def test_check_binary_labels():
    np.testing.assert_array_equal(check_binary_labels([0, 1, 1, True]), [0, 1, 1, 1])
    with pytest.raises(
        ValueError, match=r"^y must contain only the labels 0 and 1, got \[-1.0, 2.0\]"
    ):
        check_binary_labels([0, 2, -1, 1, 2])
    with pytest.raises(ValueError, match=r"^t must contain only the labels 0 and 1"):
        check_binary_labels([0.5], name="t")


@pytest.mark.parametrize(
    ("y", "n_classes", "labels", "k"),
    [
        ([0, 2, 1, 2], None, [0, 2, 1, 2], 3),
        ([0.0, 1.0], None, [0, 1], 2),
        ([0, 0], 4, [0, 0], 4),
    ],
)
def test_check_class_labels_accepts(y, n_classes, labels, k):
    out, n = check_class_labels(y, n_classes)
    assert out.dtype == np.int64 and n == k
    np.testing.assert_array_equal(out, labels)


@pytest.mark.parametrize(
    ("y", "n_classes", "error", "message"),
    [
        ([0, 1.5], None, ValueError, r"^y must contain integer class labels 0..K-1$"),
        ([-1, 0, 1], None, ValueError,
         r"^y must contain labels in 0..1, got values from -1 to 1$"),
        ([0, 3], 3, ValueError,
         r"^y must contain labels in 0..2, got values from 0 to 3"),
        ([0, 1e20], None, ValueError,
         r"^y must contain labels in 0..K-1, got values from 0 to 1e\+20"),
        ([0, 1e20], 3, ValueError, r"^y must contain labels in 0..2"),
        ([0, 1], 0, ValueError, r"^num_labels must be a positive integer, got 0"),
        ([0, 1], 2.0, TypeError, r"^num_labels must be a positive integer, got 2.0"),
        ([], None, ValueError, r"^y is empty"),
        ([[0, 1]], None, ValueError, r"^y must be 1-D"),
    ],
)  # fmt: skip
def test_check_class_labels_refuses(y, n_classes, error, message):
    with pytest.raises(error, match=message):
        check_class_labels(y, n_classes)


# --- scalars ----------------------------------------------------------------------


@pytest.mark.parametrize("value", [1, 7, np.int64(3), np.uint8(2)])
def test_check_positive_int_accepts(value):
    out = check_positive_int(value, "n")
    assert out == value and type(out) is int


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0, ValueError, r"^n must be a positive integer, got 0$"),
        (-3, ValueError, r"^n must be a positive integer, got -3$"),
        (1.0, TypeError, r"^n must be a positive integer, got 1.0$"),
        (True, TypeError, r"^n must be a positive integer, got True$"),
        ("3", TypeError, r"^n must be a positive integer, got '3'$"),
        (None, TypeError, r"^n must be a positive integer, got None$"),
    ],
)
def test_check_positive_int_refuses(value, error, message):
    with pytest.raises(error, match=message):
        check_positive_int(value, "n")


@pytest.mark.parametrize("value", [1e-300, 0.5, 3, np.float32(0.25), np.int64(2)])
def test_check_positive_float_accepts(value):
    out = check_positive_float(value, "alpha")
    assert out == value and type(out) is float


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (0.0, ValueError, r"^alpha must be a positive finite number, got 0.0$"),
        (-1, ValueError, r"^alpha must be a positive finite number, got -1$"),
        (np.nan, ValueError, r"^alpha must be a positive finite number, got nan$"),
        (np.inf, ValueError, r"^alpha must be a positive finite number, got inf$"),
        (False, TypeError, r"^alpha must be a positive number, got False$"),
        ("0.1", TypeError, r"^alpha must be a positive number, got '0.1'$"),
        ([0.1], TypeError, r"^alpha must be a positive number, got \[0.1\]$"),
        (1j, TypeError, r"^alpha must be a positive number, got 1j$"),
    ],
)
def test_check_positive_float_refuses(value, error, message):
    with pytest.raises(error, match=message):
        check_positive_float(value, "alpha")


def test_check_non_negative_float():
    assert check_non_negative_float(0, "lam") == 0.0
    assert check_non_negative_float(2.5, "lam") == 2.5
    with pytest.raises(ValueError, match=r"^lam must be a non-negative finite number"):
        check_non_negative_float(-1e-12, "lam")
    with pytest.raises(ValueError, match=r"^lam must be a non-negative finite number"):
        check_non_negative_float(np.inf, "lam")
    with pytest.raises(TypeError, match=r"^lam must be a non-negative number, got 'a'"):
        check_non_negative_float("a", "lam")


def test_check_option():
    assert check_option("gd", "solver", ("gd", "sgd")) == "gd"
    message = r"^solver must be one of 'gd', 'sgd'; got 'GD'"
    with pytest.raises(ValueError, match=message):
        check_option("GD", "solver", ("gd", "sgd"))
    with pytest.raises(ValueError, match=r"^solver must be one of 'gd'; got None"):
        check_option(None, "solver", ("gd",))
    # an array is refused by name, not by numpy's "truth value ... ambiguous"
    with pytest.raises(ValueError, match=r"^solver must be one of 'gd'; got array"):
        check_option(np.array(["gd", "gd"]), "solver", ("gd",))


# --- rng ------------------------------------------------------------------------------


def test_check_rng_accepts_none_seeds_and_generators():
    assert isinstance(check_rng(None), np.random.Generator)
    # the same seed gives the same stream, as numpy's own default_rng does
    np.testing.assert_array_equal(check_rng(42).random(3),
                                  np.random.default_rng(42).random(3))  # fmt: skip
    np.testing.assert_array_equal(check_rng(np.int64(42)).random(3),
                                  np.random.default_rng(42).random(3))  # fmt: skip
    gen = np.random.default_rng(0)
    assert check_rng(gen) is gen  # a Generator is used, not copied


@pytest.mark.parametrize(
    "rng",
    ["42", 4.2, True, np.random.RandomState(0), [1, 2]],
    # fixed ids: a RandomState's repr holds its address, which differs between
    # pytest-xdist's workers, and they must collect the same tests
    ids=["str", "float", "bool", "RandomState", "list"],
)
def test_check_rng_refuses(rng):
    with pytest.raises(
        TypeError,
        match=r"^rng must be None, an int seed or a numpy.random.Generator, got ",
    ):
        check_rng(rng)


# --- estimator base -------------------------------------------------------------------


class _Toy(ClassifierMixin, BaseEstimator):
    def __init__(self, a=1, b=None, c=(1, 2)):
        self.a, self.b, self.c = a, b, c

    def fit(self, X, y):
        self.n_ = 1
        return self

    def predict(self, X):
        self._check_fitted("n_")
        return np.zeros(self._check_n_features(X, 2).shape[0], dtype=np.int64)


def test_base_estimator_params_and_repr():
    assert _Toy().get_params() == {"a": 1, "b": None, "c": (1, 2)}
    assert repr(_Toy()) == "_Toy()"
    assert repr(_Toy(c=(1, 2))) == "_Toy()"  # equal to the default, left out
    assert repr(_Toy(a=2, c=np.array([1, 2]))) == "_Toy(a=2, c=array([1, 2]))"


def test_base_estimator_fitted_checks_and_score():
    with pytest.raises(NotFittedError, match=r"^this _Toy is not fitted yet; call fit"):
        _Toy().predict([[1.0, 2.0]])
    assert issubclass(NotFittedError, ValueError)
    toy = _Toy().fit(None, None)
    with pytest.raises(ValueError, match=r"^X has 3 features, but _Toy was fitted"):
        toy.predict([[1.0, 2.0, 3.0]])
    # predictions are all 0: two right out of four
    assert toy.score(np.zeros((4, 2)), [0, 1, 0, 1]) == 0.5
    with pytest.raises(ValueError, match=r"^y has shape \(3,\) but predictions have"):
        toy.score(np.zeros((4, 2)), [0, 1, 0])
    with pytest.raises(ValueError, match=r"^y contains NaN"):
        toy.score(np.zeros((2, 2)), [0, np.nan])


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_finite_check_finds_one_bad_entry_in_either_memory_order(order, bad):
    a = np.asfortranarray(np.ones((7, 5))) if order == "F" else np.ones((7, 5))
    a[3, 2] = bad
    with pytest.raises(ValueError, match="^a contains (NaN|infinity)"):
        as_float_array(a, "a")


def test_finite_check_accepts_huge_finite_entries_whose_squares_overflow():
    # The fast check sums squares; 1e200**2 overflows, so the exact check decides.
    a = np.array([[1e200, -1e300], [3.0, 1e-300]])
    out = as_float_array(a, "a")
    assert out is a
    strided = np.ones((6, 6))[::2, ::3]  # neither C- nor F-contiguous
    strided[1, 1] = np.nan
    with pytest.raises(ValueError, match="^a contains NaN"):
        as_float_array(strided, "a")


@pytest.mark.parametrize(
    "odd", [5e-324, -5e-324, 1 - 2**-53, 1 + 2**-52, 1e200, -1e200]
)
def test_binary_labels_refuse_values_next_to_0_and_1_and_huge_ones(odd):
    with pytest.raises(ValueError, match="^y must contain only the labels 0 and 1"):
        check_binary_labels(np.array([0.0, odd, 1.0]))
    assert check_binary_labels(np.array([0.0, 1.0, 1.0])).tolist() == [0, 1, 1]


@pytest.mark.parametrize(("bad", "word"), [(np.nan, "NaN"), (np.inf, "infinity")])
def test_binary_labels_name_nan_and_infinity_before_the_label_rule(bad, word):
    with pytest.raises(ValueError, match=f"^y contains {word}; expected finite"):
        check_binary_labels(np.array([0.0, 1.0, bad]))
