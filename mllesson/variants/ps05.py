"""ps05-regularisation in variants: labels, layout of the examples, the bias.

The polynomial features change with the layout (one column per sample) and
the bias (no column of ones, since b stands apart); the regularised cost and
gradient change with all three, and with a separate b it is ``w`` that is
penalised, never ``b``.
"""

from .adapters import Task
from .dimensions import BIAS, LABELS, LAYOUT, noted

ASSIGNMENT = "ps05-regularisation"

DIMENSIONS = (
    LABELS,
    noted(LAYOUT, cols="`map_feature` returns one column per sample."),
    noted(
        BIAS,
        b="`map_feature` returns no column of ones, and the penalty is on `w` only.",
    ),
)

_COST = Task(("theta", "X", "y", "lam=0.0"), {"theta": "theta", "X": "X", "y": "y"})
TASKS = {
    "map_feature": Task(("x1", "x2", "degree=6"), {}, returns="X"),
    "logistic_cost": _COST,
    "logistic_gradient": Task(_COST.params, _COST.roles, returns="theta"),
}
