"""The usual mistakes of the polynomial features of regularisation (ps05).

See :mod:`mllesson.selfcheck.mistakes` for what a catalogue is.
"""

import numpy as np

from ...features import map_feature


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
