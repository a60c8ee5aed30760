"""ps04-multiclass in variants: class numbers, layout of the examples, the bias.

The softmax changes with the layout (with examples as columns, each column of
scores is normalised); one-vs-all training and prediction change with all
three. ``all_theta`` keeps one row per class in every variant; with a
separate b it is the pair ``(W, b)``, one bias per class.
"""

from .adapters import Task
from .dimensions import BIAS, CLASSES, LAYOUT, noted

ASSIGNMENT = "ps04-multiclass"

DIMENSIONS = (
    noted(
        CLASSES,
        c0="Row k of `all_theta` holds class k's weights.",
        c1="Row k − 1 of `all_theta` (of `W` and `b` with a separate bias) "
        "holds class k's weights: Python counts rows from 0.",
    ),
    noted(
        LAYOUT,
        cols="Scores `Z` have one column per example, so `softmax` normalises "
        "each column.",
    ),
    noted(
        BIAS,
        b="Here `one_vs_all` returns `(W, b)`: `W` with one row of weights per "
        "class and `b` with one bias per class.",
    ),
)

TASKS = {
    "softmax": Task(("Z",), {"Z": "Z"}, returns="Z"),
    "one_vs_all": Task(
        ("X", "y", "num_labels", "lam=0.0", "learning_rate=1.0", "n_iters=1000"),
        {"X": "X", "y": "c"},
        returns="Theta",
    ),
    "predict_one_vs_all": Task(
        ("all_theta", "X"), {"all_theta": "Theta", "X": "X"}, returns="chat"
    ),
}
