"""Intercept column, polynomial features and scaling, against scikit-learn."""

import numpy as np
import pytest
from sklearn.preprocessing import PolynomialFeatures, StandardScaler

from mllesson import add_intercept, map_feature, standardize

# --- add_intercept ------------------------------------------------------------------


def test_add_intercept_by_hand():
    out = add_intercept([[2, 3], [4, 5]])
    np.testing.assert_array_equal(out, [[1.0, 2.0, 3.0], [1.0, 4.0, 5.0]])
    assert out.dtype == np.float64


@pytest.mark.parametrize(
    ("X", "error", "message"),
    [
        ([1.0, 2.0], ValueError, r"^X must be 2-D, got a 1-D array of shape \(2,\)"),
        (np.zeros((0, 2)), ValueError, r"^X is empty \(shape \(0, 2\)\)"),
        ([[1.0, np.nan]], ValueError, r"^X contains NaN"),
        ([[1.0, np.inf]], ValueError, r"^X contains infinity"),
        ([["a", "b"]], TypeError, r"^X must contain numbers, got dtype <U1"),
        ("abc", TypeError, r"^X must be numeric array-like, got str"),
    ],
)
def test_add_intercept_rejects_bad_input(X, error, message):
    with pytest.raises(error, match=message):
        add_intercept(X)


# --- map_feature ------------------------------------------------------------------


def test_map_feature_degree_2_order_by_hand():
    # x1 = 2, x2 = 3: [1, x1, x2, x1^2, x1 x2, x2^2] = [1, 2, 3, 4, 6, 9]
    np.testing.assert_array_equal(map_feature([2.0], [3.0], degree=2),
                                  [[1.0, 2.0, 3.0, 4.0, 6.0, 9.0]])  # fmt: skip


@pytest.mark.parametrize(
    ("degree", "n_columns"), [(1, 3), (2, 6), (3, 10), (4, 15), (5, 21), (6, 28)]
)
def test_map_feature_column_count(degree, n_columns):
    assert map_feature([0.5, 1.0], [2.0, -1.0], degree=degree).shape == (2, n_columns)


@pytest.mark.parametrize(
    ("i", "j", "column", "value"),
    [
        # Terms of degree i start after 1 + 2 + ... + i = i(i+1)/2 columns.
        (1, 0, 1, 2.0),  # x1 = 2
        (3, 2, 8, 2.0 * 9.0),  # x1 x2^2 = 2 * 9 = 18
        (4, 1, 11, 8.0 * 3.0),  # x1^3 x2 = 8 * 3 = 24
        (6, 0, 21, 64.0),  # x1^6 = 64
        (6, 3, 24, 8.0 * 27.0),  # x1^3 x2^3 = 216
        (6, 6, 27, 729.0),  # x2^6 = 729, the last of 28 columns
    ],
)
def test_map_feature_degree_6_columns_by_hand(i, j, column, value):
    # column i(i+1)/2 + j holds x1^(i-j) * x2^j; here x1 = 2, x2 = 3
    assert column == i * (i + 1) // 2 + j
    assert map_feature([2.0], [3.0])[0, column] == value


@pytest.mark.parametrize("degree", [1, 2, 6])
def test_map_feature_matches_sklearn_polynomial_features(degree):
    # scikit-learn orders two-feature monomials the same way: by total degree,
    # then by falling power of x1.
    rng = np.random.default_rng(degree)
    x1, x2 = rng.uniform(-1.5, 1.5, size=(2, 30))
    reference = PolynomialFeatures(degree).fit_transform(np.c_[x1, x2])
    np.testing.assert_allclose(map_feature(x1, x2, degree=degree), reference,
                               rtol=1e-13)  # fmt: skip


@pytest.mark.parametrize(
    ("x1", "x2", "degree", "error", "message"),
    [
        ([1.0, 2.0], [1.0], 2, ValueError,
         r"^x1 and x2 have inconsistent numbers of samples: 2 != 1"),
        ([[1.0]], [1.0], 2, ValueError, r"^x1 must be 1-D, got a 2-D array"),
        ([1.0], 2.0, 2, ValueError, r"^x2 must be 1-D, got a 0-D array"),
        ([1.0], [np.nan], 2, ValueError, r"^x2 contains NaN"),
        ([], [], 2, ValueError, r"^x1 is empty"),
        (["a"], [1.0], 2, TypeError, r"^x1 must contain numbers"),
        ([1.0], [1.0], 0, ValueError, r"^degree must be a positive integer, got 0"),
        ([1.0], [1.0], 2.0, TypeError, r"^degree must be a positive integer, got 2.0"),
        ([1.0], [1.0], True, TypeError, r"^degree must be a positive integer, got Tr"),
    ],
)  # fmt: skip
def test_map_feature_rejects_bad_input(x1, x2, degree, error, message):
    with pytest.raises(error, match=message):
        map_feature(x1, x2, degree=degree)


# --- standardize ------------------------------------------------------------------


def test_standardize_statistics_by_hand():
    X = np.array([[0.0, 5.0], [2.0, 5.0], [4.0, 5.0]])
    Xs, mean, std = standardize(X)
    # column 0: mean (0+2+4)/3 = 2, variance (4+0+4)/3 = 8/3 (population, ddof=0)
    # column 1: constant, so it is only centred (std reported as 1)
    np.testing.assert_allclose(mean, [2.0, 5.0])
    np.testing.assert_allclose(std, [np.sqrt(8 / 3), 1.0])
    np.testing.assert_allclose(Xs[:, 0], np.array([-2.0, 0.0, 2.0]) / np.sqrt(8 / 3))
    np.testing.assert_array_equal(Xs[:, 1], [0.0, 0.0, 0.0])


@pytest.mark.parametrize("seed", range(3))
def test_standardize_matches_sklearn_and_transforms_test_data(seed):
    rng = np.random.default_rng(seed)
    X_train = rng.normal(loc=[50.0, -3.0, 0.0], scale=[10.0, 0.1, 2.0], size=(40, 3))
    X_test = rng.normal(size=(7, 3))
    scaler = StandardScaler().fit(X_train)
    Xs, mean, std = standardize(X_train)
    np.testing.assert_allclose(Xs, scaler.transform(X_train), atol=1e-12)
    np.testing.assert_allclose(mean, scaler.mean_)
    np.testing.assert_allclose(std, scaler.scale_)
    Xt, mean_again, std_again = standardize(X_test, mean, std)
    np.testing.assert_allclose(Xt, scaler.transform(X_test), atol=1e-12)
    np.testing.assert_array_equal(mean_again, mean)  # the given statistics are kept
    np.testing.assert_array_equal(std_again, std)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mean": np.zeros(2)}, r"^pass both mean and std, or neither"),
        ({"std": np.ones(2)}, r"^pass both mean and std, or neither"),
        ({"mean": np.zeros(3), "std": np.ones(2)},
         r"^mean has length 3 but X has 2 columns"),
        ({"mean": np.zeros(2), "std": np.ones(1)},
         r"^std has length 1 but X has 2 columns"),
        ({"mean": np.zeros(2), "std": [1.0, 0.0]},
         r"^std must be positive in every column"),
        ({"mean": np.zeros(2), "std": [1.0, -2.0]},
         r"^std must be positive in every column"),
        ({"mean": [0.0, np.nan], "std": np.ones(2)}, r"^mean contains NaN"),
        ({"mean": np.zeros((1, 2)), "std": np.ones(2)}, r"^mean must be 1-D"),
    ],
)  # fmt: skip
def test_standardize_rejects_bad_statistics(kwargs, message):
    with pytest.raises(ValueError, match=message):
        standardize(np.ones((3, 2)), **kwargs)


def test_standardize_rejects_bad_X():
    with pytest.raises(ValueError, match=r"^X must be 2-D, got a 1-D array"):
        standardize([1.0, 2.0, 3.0])
