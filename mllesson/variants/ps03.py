"""ps03-gradient-descent in variants: layout of the examples, the bias, and
whether the optimisers descend a cost or climb its negative.

The optimisers take the cost and its gradient as arguments: those reach a
student's function in the student's conventions (:class:`~.adapters.Fn`).
``gradient_descent`` passes ``X`` and ``y`` on untouched, so the layout does
not change it, and they go to its costs as they are.
"""

from .adapters import Fn, Task
from .dimensions import BIAS, LAYOUT, OBJECTIVE

ASSIGNMENT = "ps03-gradient-descent"

DIMENSIONS = (LAYOUT, BIAS, OBJECTIVE)


def _optimiser(data, *params):
    """An optimiser's task: its cost and gradient see X and y in the roles
    ``data`` (the roles the optimiser itself gives them)."""
    roles = ("theta", *data, None)
    return Task(
        ("cost", "gradient", "theta0", "X", "y", "*", *params),
        {
            "cost": Fn(roles, "J"),
            "gradient": Fn(roles, "dJ"),
            "theta0": "theta",
            **dict(zip(("X", "y"), data, strict=True)),
        },
        returns=("theta", "J"),
    )


TASKS = {
    "gradient_descent": _optimiser(
        (None, None), "learning_rate=0.1", "n_iters=100", "lam=0.0"
    ),
    "sgd": _optimiser(
        ("X", "y"),
        "learning_rate=0.1",
        "epochs=10",
        "batch_size=32",
        "lam=0.0",
        "shuffle=True",
        "rng=None",
    ),
    "standardize": Task(("X", "mean=None", "std=None"), {"X": "F"}, ("F", None, None)),
}
