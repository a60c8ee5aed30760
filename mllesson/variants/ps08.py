"""ps08-backpropagation in variants: layout of the examples (and of the
one-hot targets), orientation of W, the biases apart or folded into W.
numerical_gradient and relative_error work on any array and are the same in
every variant."""

from .adapters import Task
from .dimensions import LAYER_BIAS, NETWORK_LAYOUT, WEIGHTS

ASSIGNMENT = "ps08-backpropagation"

DIMENSIONS = (NETWORK_LAYOUT, WEIGHTS, LAYER_BIAS)

_NETWORK = ("lam=0.0", 'hidden="relu"', 'output="softmax"')
TASKS = {
    "nn_cost": Task(
        ("params", "X", "Y", *_NETWORK), {"params": "params", "X": "F", "Y": "Z"}
    ),
    "backward": Task(
        ("params", "cache", "Y", *_NETWORK),
        {"params": "params", "cache": "cache", "Y": "Z"},
        returns="params",
    ),
    "numerical_gradient": Task(("f", "x", "eps=1e-4"), {}),
    "relative_error": Task(("a", "b"), {}),
}
