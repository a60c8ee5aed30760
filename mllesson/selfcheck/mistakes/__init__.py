"""The usual mistakes of every assignment, as small named wrong functions.

Each ``*_MISTAKES`` catalogue is a list of ``(message, wrong_function)``
pairs. A wrong function takes the arguments of the function it imitates and
computes what a student with that mistake would return; a check that finds
the student's output equal to one of them prints its message
(:func:`~mllesson.selfcheck.compare.diagnose`). Wherever they can, the wrong
functions are built over the package's public functions, so that the right
part of a wrong answer is computed by the reference itself. The grader reads
the catalogues by name to sort failures into misconceptions.

A new mistake goes into the catalogue of its function: a wrong function and
the one sentence a student should read. The catalogues live in modules named
after the package module whose functions they imitate.
"""

from .features import (
    MAP_FEATURE_MISTAKES,
)
from .logistic import (
    COST_MISTAKES,
    GRADIENT_MISTAKES,
    HYPOTHESIS_MISTAKES,
    LOG_LOSS_MISTAKES,
    PREDICT_MISTAKES,
    SIGMOID_MISTAKES,
)
from .multiclass import (
    ONE_VS_ALL_MISTAKES,
    PREDICT_ONE_VS_ALL_MISTAKES,
    SOFTMAX_MISTAKES,
)
from .network import (
    BACKWARD_MISTAKES,
    FORWARD_MISTAKES,
    LEAKY_RELU_MISTAKES,
    NN_COST_MISTAKES,
    NUMERICAL_GRADIENT_MISTAKES,
    RELATIVE_ERROR_MISTAKES,
    RELU_MISTAKES,
)
from .optim import (
    GD_MISTAKES,
    SGD_MISTAKES,
    STANDARDIZE_MISTAKES,
)
from .perceptron import (
    MCCULLOCH_PITTS_MISTAKES,
    PERCEPTRON_FIT_MISTAKES,
    PERCEPTRON_UPDATE_MISTAKES,
)

__all__ = [
    "BACKWARD_MISTAKES",
    "COST_MISTAKES",
    "FORWARD_MISTAKES",
    "GD_MISTAKES",
    "GRADIENT_MISTAKES",
    "HYPOTHESIS_MISTAKES",
    "LEAKY_RELU_MISTAKES",
    "LOG_LOSS_MISTAKES",
    "MAP_FEATURE_MISTAKES",
    "MCCULLOCH_PITTS_MISTAKES",
    "NN_COST_MISTAKES",
    "NUMERICAL_GRADIENT_MISTAKES",
    "ONE_VS_ALL_MISTAKES",
    "PERCEPTRON_FIT_MISTAKES",
    "PERCEPTRON_UPDATE_MISTAKES",
    "PREDICT_MISTAKES",
    "PREDICT_ONE_VS_ALL_MISTAKES",
    "RELATIVE_ERROR_MISTAKES",
    "RELU_MISTAKES",
    "SGD_MISTAKES",
    "SIGMOID_MISTAKES",
    "SOFTMAX_MISTAKES",
    "STANDARDIZE_MISTAKES",
]
