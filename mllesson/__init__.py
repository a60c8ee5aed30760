"""mllesson: reference implementations for a course on classification and
neural networks.

Every algorithm of the course is a pure numpy function here, with a thin
scikit-learn-style estimator on top. The book explains each one; the graded
assignments ask students to re-implement them.
"""

from .activations import (
    leaky_relu,
    leaky_relu_grad,
    relu,
    relu_grad,
    sigmoid,
    sigmoid_grad,
    softmax,
    softmax_grad,
    step,
    step_grad,
    tanh,
    tanh_grad,
)
from .features import add_intercept, map_feature, standardize
from .gradcheck import (
    GradientCheckRecord,
    GradientCheckReport,
    gradient_check,
    numerical_gradient,
    relative_error,
)
from .linear import (
    LinearRegression,
    linear_cost,
    linear_cost_gradient,
    linear_gradient,
    normal_equation,
)
from .logistic import (
    LogisticRegression,
    hypothesis,
    logistic_cost,
    logistic_cost_gradient,
    logistic_gradient,
    predict,
    sigmoid_mse_cost,
)
from .losses import log_loss
from .mlp import MLPClassifier
from .multiclass import (
    OneVsRestClassifier,
    SoftmaxRegression,
    one_hot,
    one_vs_all,
    predict_one_vs_all,
    predict_softmax,
    softmax_cost,
    softmax_cost_gradient,
    softmax_gradient,
    softmax_proba,
)
from .network import (
    ForwardCache,
    backward,
    copy_params,
    flat_cost_gradient,
    flatten,
    forward,
    init_params,
    layer_sizes_of,
    nn_cost,
    nn_cost_gradient,
    unflatten,
)
from .optim import DivergenceWarning, gradient_descent, sgd
from .perceptron import (
    LOGIC_GATES,
    TRUTH_TABLE_INPUTS,
    XOR_NETWORK,
    ConvergenceWarning,
    Perceptron,
    ThresholdUnit,
    UnitSearch,
    mcculloch_pitts,
    perceptron_fit,
    perceptron_update,
    search_single_unit,
    threshold_network,
    xor_network,
)

__version__ = "0.1.0"

# Submodules with heavier dependencies (matplotlib, scikit-learn's data) load on
# first use, so `import mllesson` stays numpy-only: `mllesson.plotting` works
# after a plain `import mllesson`, as does `from mllesson import plotting`.
_LAZY_SUBMODULES = ("datasets", "plotting")


def __getattr__(name):
    if name in _LAZY_SUBMODULES:
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ConvergenceWarning",
    "DivergenceWarning",
    "ForwardCache",
    "GradientCheckRecord",
    "GradientCheckReport",
    "LOGIC_GATES",
    "LinearRegression",
    "LogisticRegression",
    "MLPClassifier",
    "OneVsRestClassifier",
    "Perceptron",
    "SoftmaxRegression",
    "TRUTH_TABLE_INPUTS",
    "ThresholdUnit",
    "UnitSearch",
    "XOR_NETWORK",
    "add_intercept",
    "backward",
    "copy_params",
    "flat_cost_gradient",
    "flatten",
    "forward",
    "gradient_check",
    "gradient_descent",
    "hypothesis",
    "init_params",
    "layer_sizes_of",
    "leaky_relu",
    "leaky_relu_grad",
    "linear_cost",
    "linear_cost_gradient",
    "linear_gradient",
    "log_loss",
    "logistic_cost",
    "logistic_cost_gradient",
    "logistic_gradient",
    "map_feature",
    "mcculloch_pitts",
    "nn_cost",
    "nn_cost_gradient",
    "normal_equation",
    "numerical_gradient",
    "one_hot",
    "one_vs_all",
    "perceptron_fit",
    "perceptron_update",
    "predict",
    "predict_one_vs_all",
    "predict_softmax",
    "relative_error",
    "relu",
    "relu_grad",
    "search_single_unit",
    "sgd",
    "sigmoid",
    "sigmoid_grad",
    "sigmoid_mse_cost",
    "softmax",
    "softmax_cost",
    "softmax_cost_gradient",
    "softmax_grad",
    "softmax_gradient",
    "softmax_proba",
    "standardize",
    "step",
    "step_grad",
    "tanh",
    "tanh_grad",
    "threshold_network",
    "unflatten",
    "xor_network",
]
