"""ps02-cost in variants: labels, layout of the examples, the bias."""

from .adapters import Task
from .dimensions import BIAS, LABELS, LAYOUT

ASSIGNMENT = "ps02-cost"
DIMENSIONS = (LABELS, LAYOUT, BIAS)

_COST = Task(("theta", "X", "y", "lam=0.0"), {"theta": "theta", "X": "X", "y": "y"})
TASKS = {
    "log_loss": Task(("y_true", "y_prob", "eps=1e-15"), {"y_true": "y"}),
    "logistic_cost": _COST,
    "logistic_gradient": Task(_COST.params, _COST.roles, returns="theta"),
}
