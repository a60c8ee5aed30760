"""Feature engineering: the intercept column, polynomial features, scaling.

See the book, chapters "The hypothesis" (polynomial boundaries) and
"Gradient descent" (why scaling speeds convergence).
"""

import numpy as np

from ._validation import as_float_array, check_positive_int, check_X


def add_intercept(X):
    r"""Prepend a column of ones, so that ``theta[0]`` is the intercept.

    .. math:: X \mapsto [\mathbf{1} \mid X]

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)

    Returns
    -------
    ndarray of shape (n_samples, n_features + 1)

    Examples
    --------
    >>> from mllesson import add_intercept
    >>> add_intercept([[2.0, 3.0], [4.0, 5.0]])
    array([[1., 2., 3.],
           [1., 4., 5.]])
    """
    X = check_X(X)
    out = np.empty((X.shape[0], X.shape[1] + 1))
    out[:, 0] = 1.0
    out[:, 1:] = X
    return out


def map_feature(x1, x2, degree=6):
    r"""All monomials of two features up to ``degree``, after a column of ones.

    The columns are ``1``, then ``x1**(i-j) * x2**j`` for ``i = 1..degree`` and
    ``j = 0..i``, in that order: 28 columns at degree 6.

    .. math:: \phi(x_1, x_2) = [1, x_1, x_2, x_1^2, x_1 x_2, x_2^2, \dots, x_2^d]

    Parameters
    ----------
    x1, x2 : array-like of shape (n_samples,)
    degree : int, default=6

    Returns
    -------
    ndarray of shape (n_samples, (degree + 1) * (degree + 2) // 2)

    Examples
    --------
    >>> from mllesson import map_feature
    >>> map_feature([2.0], [3.0], degree=2)
    array([[1., 2., 3., 4., 6., 9.]])
    """
    x1 = as_float_array(x1, "x1", ndim=1)
    x2 = as_float_array(x2, "x2", ndim=1)
    degree = check_positive_int(degree, "degree")
    if x1.shape != x2.shape:
        raise ValueError(
            f"x1 and x2 have inconsistent numbers of samples: "
            f"{x1.shape[0]} != {x2.shape[0]}"
        )
    powers = [(i - j, j) for i in range(1, degree + 1) for j in range(i + 1)]
    out = np.empty((x1.shape[0], len(powers) + 1))
    out[:, 0] = 1.0
    for col, (p1, p2) in enumerate(powers, start=1):  # loop over columns only
        out[:, col] = x1**p1 * x2**p2
    return out


def standardize(X, mean=None, std=None):
    r"""Scale each column to zero mean and unit standard deviation.

    .. math:: x_j \mapsto (x_j - \mu_j) / \sigma_j

    Fit on the training set (leave ``mean`` and ``std`` as None), then pass the
    returned ``mean`` and ``std`` to transform test data the same way.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    mean, std : ndarray of shape (n_features,), optional
        Statistics from an earlier call. Both or neither.

    Returns
    -------
    X_scaled : ndarray of shape (n_samples, n_features)
    mean : ndarray of shape (n_features,)
    std : ndarray of shape (n_features,)
        Columns with zero spread get ``std = 1``, so they are only centred.

    Examples
    --------
    >>> from mllesson import standardize
    >>> Xs, mu, sd = standardize([[1.0, 10.0], [3.0, 10.0]])
    >>> Xs
    array([[-1.,  0.],
           [ 1.,  0.]])
    >>> standardize([[5.0, 12.0]], mu, sd)[0]
    array([[3., 2.]])
    """
    X = check_X(X)
    if (mean is None) != (std is None):
        raise ValueError("pass both mean and std, or neither")
    if mean is None:
        mean = X.mean(axis=0)
        std = X.std(axis=0)
        std = np.where(std > 0, std, 1.0)
    else:
        mean = as_float_array(mean, "mean", ndim=1)
        std = as_float_array(std, "std", ndim=1)
        for name, stat in (("mean", mean), ("std", std)):
            if stat.shape[0] != X.shape[1]:
                raise ValueError(
                    f"{name} has length {stat.shape[0]} but X has {X.shape[1]} columns"
                )
        if (std <= 0).any():
            raise ValueError("std must be positive in every column")
    return (X - mean) / std, mean, std
