"""Self-checks for the graded assignments: feedback that names the mistake.

Each ``check_<name>(your_function)`` runs your re-implementation of the
``mllesson`` function of the same name on a few small, visible inputs,
compares it with the reference, and prints what it checked::

    3 checks passed for sigmoid: shape, dtype, values at z = 0, ±2.
    The hidden tests check the same on more inputs: inputs of other shapes.

Every property a task's hidden tests grade has its own visible check,
``check_<name>_<property>`` (``check_sigmoid_stable``,
``check_log_loss_clipping``, ``check_logistic_cost_vectorised``, …), run in
the test cell that grades it.

When a check fails it raises :class:`SelfCheckError` with the likely mistake
(a flipped sign, a missing 1/m, θ₀ regularised, …), your numbers and the
expected ones on the small visible case, and the book section to read. It
finds the mistake by computing the usual wrong versions of the function on the
same inputs and seeing which one your output matches. In a notebook the error
shows the line of your cell that ran the check, not the course's code.

The package's modules:

- :mod:`~mllesson.selfcheck.compare`: the tolerance, ``close``, ``diagnose``,
  central differences (``finite_difference``) and the vectorisation test
  (``count_lines``, ``is_vectorised``), shared with the hidden checks and the
  grader;
- :mod:`~mllesson.selfcheck.report`: the reporting engine (``Report``,
  ``call``, ``check_array``, ``check_value``, ``check_vectorised``);
- :mod:`~mllesson.selfcheck.mistakes`: the catalogues of usual mistakes
  (``*_MISTAKES``), which the hidden checks reuse, so that their failures are
  explained in the same words;
- :mod:`~mllesson.selfcheck.sections`: the book section of every task and of
  every catalogued mistake;
- :mod:`~mllesson.selfcheck.fixtures`: the visible problems, small networks
  and test functions that the self-checks and the hidden checks share;
- ``ps01`` … ``ps08``: the checks of each assignment.
"""

import functools

from . import mistakes
from .compare import ATOL, RTOL, close, count_lines, diagnose, is_vectorised
from .mistakes import *  # noqa: F403  (every catalogue: mistakes.__all__)
from .ps01 import (
    check_hypothesis,
    check_hypothesis_vectorised,
    check_predict,
    check_sigmoid,
    check_sigmoid_stable,
    check_sigmoid_vectorised,
)
from .ps02 import (
    check_log_loss,
    check_log_loss_clipping,
    check_log_loss_vectorised,
    check_logistic_cost,
    check_logistic_cost_stable,
    check_logistic_cost_vectorised,
    check_logistic_gradient,
    check_logistic_gradient_finite_differences,
    check_logistic_gradient_vectorised,
)
from .ps03 import (
    check_gradient_descent,
    check_sgd,
    check_sgd_converges,
    check_standardize,
    check_standardize_vectorised,
)
from .ps04 import (
    check_one_vs_all,
    check_predict_one_vs_all,
    check_predict_one_vs_all_vectorised,
    check_softmax,
    check_softmax_stable,
    check_softmax_vectorised,
)
from .ps05 import (
    check_map_feature,
    check_map_feature_vectorised,
)
from .ps06 import (
    check_mcculloch_pitts,
    check_mcculloch_pitts_vectorised,
    check_perceptron_fit,
    check_perceptron_fit_xor,
    check_perceptron_update,
)
from .ps07 import (
    check_forward,
    check_forward_stable,
    check_forward_vectorised,
    check_init_params,
    check_init_params_scale,
    check_init_params_seeding,
    check_leaky_relu,
    check_leaky_relu_vectorised,
    check_relu,
    check_relu_vectorised,
)
from .ps08 import (
    check_backward,
    check_backward_finite_differences,
    check_backward_vectorised,
    check_nn_cost,
    check_nn_cost_stable,
    check_numerical_gradient,
    check_relative_error,
)
from .report import SelfCheckError


# In an assignment with variants, every check takes the student's functions
# through the adapters of the variant their notebook's variant cell chose
# (imported on the first call: mllesson.variants itself uses this package).
def _checks_in_your_variant(names):
    for name in names:
        globals()[name] = _in_your_variant(globals()[name])


def _in_your_variant(check):
    @functools.wraps(check)
    def run(*args, **kwargs):
        from ..variants.notebook import in_your_variant

        return in_your_variant(check)(*args, **kwargs)

    return run


__all__ = [
    *mistakes.__all__,
    "ATOL",
    "RTOL",
    "SelfCheckError",
    "check_backward",
    "check_backward_finite_differences",
    "check_backward_vectorised",
    "check_forward",
    "check_forward_stable",
    "check_forward_vectorised",
    "check_gradient_descent",
    "check_hypothesis",
    "check_hypothesis_vectorised",
    "check_init_params",
    "check_init_params_scale",
    "check_init_params_seeding",
    "check_leaky_relu",
    "check_leaky_relu_vectorised",
    "check_log_loss",
    "check_log_loss_clipping",
    "check_log_loss_vectorised",
    "check_logistic_cost",
    "check_logistic_cost_stable",
    "check_logistic_cost_vectorised",
    "check_logistic_gradient",
    "check_logistic_gradient_finite_differences",
    "check_logistic_gradient_vectorised",
    "check_map_feature",
    "check_map_feature_vectorised",
    "check_mcculloch_pitts",
    "check_mcculloch_pitts_vectorised",
    "check_nn_cost",
    "check_nn_cost_stable",
    "check_numerical_gradient",
    "check_one_vs_all",
    "check_perceptron_fit",
    "check_perceptron_fit_xor",
    "check_perceptron_update",
    "check_predict",
    "check_predict_one_vs_all",
    "check_predict_one_vs_all_vectorised",
    "check_relative_error",
    "check_relu",
    "check_relu_vectorised",
    "check_sgd",
    "check_sgd_converges",
    "check_sigmoid",
    "check_sigmoid_stable",
    "check_sigmoid_vectorised",
    "check_softmax",
    "check_softmax_stable",
    "check_softmax_vectorised",
    "check_standardize",
    "check_standardize_vectorised",
    "close",
    "count_lines",
    "diagnose",
    "is_vectorised",
]

_checks_in_your_variant([n for n in __all__ if n.startswith("check_")])
