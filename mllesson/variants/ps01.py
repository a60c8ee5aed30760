"""ps01-hypothesis in variants: labels, layout of the examples, the bias.

``sigmoid`` is the same in every variant (a number in, a number out); the
hypothesis changes with the layout and the bias, the predictions with all
three.
"""

from .adapters import Task
from .dimensions import BIAS, LABELS, LAYOUT

ASSIGNMENT = "ps01-hypothesis"

DIMENSIONS = (LABELS, LAYOUT, BIAS)

TASKS = {
    "sigmoid": Task(("z",), {}),
    "hypothesis": Task(("theta", "X"), {"theta": "theta", "X": "X"}),
    "predict": Task(
        ("theta", "X", "threshold=0.5"), {"theta": "theta", "X": "X"}, returns="yhat"
    ),
}
