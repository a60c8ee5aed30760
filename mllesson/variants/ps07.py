"""ps07-feedforward in variants: layout of the examples, orientation of W,
the biases apart or folded into W. relu and leaky_relu are elementwise and
the same in every variant."""

from .adapters import Task
from .dimensions import LAYER_BIAS, NETWORK_LAYOUT, WEIGHTS

ASSIGNMENT = "ps07-feedforward"

DIMENSIONS = (NETWORK_LAYOUT, WEIGHTS, LAYER_BIAS)

TASKS = {
    "relu": Task(("z",), {}),
    "leaky_relu": Task(("z", "alpha=0.01"), {}),
    "init_params": Task(
        ("layer_sizes", 'method="xavier"', "epsilon=0.12", "rng=None"),
        {},
        returns="params",
    ),
    "forward": Task(
        ("params", "X", 'hidden="relu"', 'output="softmax"'),
        {"params": "params", "X": "F"},
        returns=("F", "cache"),
    ),
}
