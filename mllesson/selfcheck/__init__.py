"""Self-checks for the graded assignments: feedback that names the mistake.

Each ``check_<name>(your_function)`` runs your re-implementation of the
``mllesson`` function of the same name on a few small, visible inputs,
compares it with the reference, and prints what it checked::

    3 checks passed for sigmoid: shape, dtype, values at z = 0, ±2.
    Not checked here: very large |z|, vectorisation. The hidden tests check more.

When a check fails it raises :class:`SelfCheckError` with the likely mistake
(a flipped sign, a missing 1/m, θ₀ regularised, …). It finds the mistake by
computing the usual wrong versions of the function on the same inputs and
seeing which one your output matches. It never shows an expected value.

The package's modules:

- :mod:`~mllesson.selfcheck.compare`: the tolerance, ``close``, ``diagnose``
  and the vectorisation test (``count_lines``, ``is_vectorised``), shared with
  the hidden checks and the grader;
- :mod:`~mllesson.selfcheck.report`: the reporting engine (``Report``,
  ``call``, ``check_array``, ``check_value``);
- :mod:`~mllesson.selfcheck.mistakes`: the catalogues of usual mistakes
  (``*_MISTAKES``), which the hidden checks reuse, so that their failures are
  explained in the same words;
- ``ps01`` … ``ps08``: the checks of each assignment.
"""

from . import mistakes
from .compare import ATOL, RTOL, close, count_lines, diagnose, is_vectorised
from .mistakes import *  # noqa: F403  (every catalogue: mistakes.__all__)
from .ps01 import check_hypothesis, check_predict, check_sigmoid
from .ps02 import check_log_loss, check_logistic_cost, check_logistic_gradient
from .ps03 import check_gradient_descent, check_sgd, check_standardize
from .ps04 import check_one_vs_all, check_predict_one_vs_all, check_softmax
from .ps05 import check_map_feature
from .ps06 import check_mcculloch_pitts, check_perceptron_fit, check_perceptron_update
from .ps07 import check_forward, check_init_params, check_leaky_relu, check_relu
from .ps08 import (
    check_backward,
    check_nn_cost,
    check_numerical_gradient,
    check_relative_error,
)
from .report import SelfCheckError

__all__ = [
    *mistakes.__all__,
    "ATOL",
    "RTOL",
    "SelfCheckError",
    "check_backward",
    "check_forward",
    "check_gradient_descent",
    "check_hypothesis",
    "check_init_params",
    "check_leaky_relu",
    "check_log_loss",
    "check_logistic_cost",
    "check_logistic_gradient",
    "check_map_feature",
    "check_mcculloch_pitts",
    "check_nn_cost",
    "check_numerical_gradient",
    "check_one_vs_all",
    "check_perceptron_fit",
    "check_perceptron_update",
    "check_predict",
    "check_predict_one_vs_all",
    "check_relative_error",
    "check_relu",
    "check_sgd",
    "check_sigmoid",
    "check_softmax",
    "check_standardize",
    "close",
    "count_lines",
    "diagnose",
    "is_vectorised",
]
