"""Per-student variants of the assignments.

An assignment with variants gives each student their own conventions (the
labels, the layout of the examples, where the bias lives, ...), derived from
the course's salt, the assignment and the student's id
(:mod:`~mllesson.variants.choice`). Checks are written once in the usual
conventions and reach a student's function through small adapters
(:mod:`~mllesson.variants.adapters`). :mod:`~mllesson.variants.catalogue`
lists the assignments that have variants; ``psNN`` describes each one;
:mod:`~mllesson.variants.notebook` is the student's side (``mine``).
"""

from .adapters import Adapted, Task
from .catalogue import (
    SPECS,
    by_id,
    conventions_text,
    is_usual,
    spec,
    variant_for,
    variants_of,
)
from .choice import Dimension, Variant
from .notebook import (
    active,
    adapt,
    find_student_id,
    in_your_variant,
    mine,
    statement,
)

__all__ = [
    "SPECS",
    "Adapted",
    "Dimension",
    "Task",
    "Variant",
    "active",
    "by_id",
    "conventions_text",
    "adapt",
    "find_student_id",
    "in_your_variant",
    "is_usual",
    "mine",
    "spec",
    "statement",
    "variant_for",
    "variants_of",
]
