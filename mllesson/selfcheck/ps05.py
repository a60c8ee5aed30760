"""Self-checks of ps05, regularisation (map_feature).

The regularised cost and gradient are checked by
:func:`~mllesson.selfcheck.ps02.check_logistic_cost`,
:func:`~mllesson.selfcheck.ps02.check_logistic_cost_stable` and
:func:`~mllesson.selfcheck.ps02.check_logistic_gradient` with
``regularised=True``.

Each check runs the student's function on small visible inputs, compares it
with the ``mllesson`` function of the same name and names the likely mistake.
"""

import numpy as np

from .. import features
from .mistakes import MAP_FEATURE_MISTAKES
from .report import Report, call, check_array, check_value, check_vectorised

__all__ = ["check_map_feature", "check_map_feature_vectorised"]


def check_map_feature(map_feature):
    """Self-check for ``map_feature(x1, x2, degree=6)``."""
    r = Report("map_feature")
    x1, x2 = np.array([2.0, -1.0, 0.5]), np.array([3.0, 0.5, -2.0])
    out = call(r, map_feature, x1.copy(), x2.copy(), 2)
    check_value(
        r,
        out,
        features.map_feature(x1, x2, 2),
        (x1, x2, 2),
        MAP_FEATURE_MISTAKES,
        "at degree 2",
    )
    check_array(r, out, (3, 6))
    r.ok("columns at degree 2")
    out = call(r, map_feature, x1.copy(), x2.copy())
    check_value(
        r,
        out,
        features.map_feature(x1, x2),
        (x1, x2),
        MAP_FEATURE_MISTAKES,
        "at the default degree 6",
    )
    check_array(r, out, (3, 28), what="the result at the default degree")
    r.ok("28 columns at degree 6")
    r.done("degrees 1 to 6, m = 1 to 50")


def _samples(m):
    x = np.linspace(-1.0, 1.0, m)
    return x, np.sin(3 * x), 3


def check_map_feature_vectorised(map_feature):
    """Self-check: no Python loop over the samples (loops over powers are fine)."""
    r = Report("map_feature")
    check_vectorised(r, map_feature, _samples, features.map_feature, "the samples")
    r.done()
