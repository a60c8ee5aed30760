"""ps02-cost in variants: labels, layout of the examples, the bias."""

ASSIGNMENT = "ps02-cost"

from .adapters import Task
from .dimensions import BIAS, LABELS, LAYOUT

DIMENSIONS = (LABELS, LAYOUT, BIAS)

_COST = Task(("theta", "X", "y", "lam=0.0"), {"theta": "theta", "X": "X", "y": "y"})
TASKS = {
    "log_loss": Task(("y_true", "y_prob", "eps=1e-15"), {"y_true": "y"}),
    "logistic_cost": _COST,
    "logistic_gradient": Task(_COST.params, _COST.roles, returns="theta"),
}
