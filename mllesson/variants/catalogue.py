"""The assignments that have variants, and each one's dimensions and tasks."""

import importlib
import pkgutil
from pathlib import Path

from .choice import all_variants, derive


def _specs():
    """Assignment name → module name, from every ``psNN`` module's ``ASSIGNMENT``."""
    out = {}
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name.startswith("ps"):
            module = importlib.import_module(f".{info.name}", __package__)
            out[module.ASSIGNMENT] = info.name
    return out


#: Assignment name → the module of ``mllesson.variants`` that describes it.
SPECS = _specs()


def spec(assignment):
    """The module with ``DIMENSIONS`` and ``TASKS`` of ``assignment``."""
    if not isinstance(assignment, str):
        raise TypeError(f"assignment: expected a str, got {type(assignment).__name__}")
    if assignment not in SPECS:
        known = ", ".join(sorted(SPECS))
        raise ValueError(
            f"assignment: {assignment!r} has no variants; these do: {known}"
        )
    return importlib.import_module(f".{SPECS[assignment]}", __package__)


def variants_of(assignment):
    """Every variant of ``assignment``, the usual conventions first."""
    return all_variants(assignment, spec(assignment).DIMENSIONS)


def variant_for(assignment, salt, student_id):
    """The variant of ``student_id`` in ``assignment`` (see :func:`choice.derive`)."""
    return derive(salt, assignment, student_id, spec(assignment).DIMENSIONS)


def is_usual(variant):
    """Whether ``variant`` is the course without variants (every first value)."""
    return variant == variants_of(variant.assignment)[0]


def by_id(assignment, variant_id):
    """The variant of ``assignment`` whose short name is ``variant_id``."""
    for variant in variants_of(assignment):
        if variant.id == variant_id:
            return variant
    raise ValueError(f"variant_id: {assignment} has no variant {variant_id!r}")


def conventions_text(variant):
    """One plain sentence per dimension: what ``variant`` asks for."""
    return [
        d.values[variant[d.name]].replace("**", "").replace("`", "")
        for d in spec(variant.assignment).DIMENSIONS
    ]
