"""A student's variant in their notebook: who they are, and what they write.

The released notebook's variant cell calls :func:`mine`. It finds the
student's id, derives their variant, shows their task statement and makes the
variant the one the self-checks use (:func:`active`).
"""

import os
from pathlib import Path

from .adapters import Adapted
from .catalogue import spec, variant_for, variants_of

_ACTIVE = {}  #: assignment → the variant the self-checks use in this kernel


def find_student_id(typed=""):
    """``(id, where it came from)``: the id the student typed, else the
    environment's (``MLLESSON_STUDENT_ID``, a JupyterHub user), else the
    folder nbgrader puts a submission in (``<student>/<assignment>/``);
    ``("", "")`` if none is found."""
    if not isinstance(typed, str):
        raise TypeError(f"student_id: expected a str, got {type(typed).__name__}")
    if typed.strip():
        return typed.strip(), "typed in this notebook"
    for name in ("MLLESSON_STUDENT_ID", "JUPYTERHUB_USER"):
        if os.environ.get(name, "").strip():
            return os.environ[name].strip(), f"the environment ({name})"
    here = Path.cwd()
    if here.parent.parent.name in ("submitted", "autograded", "feedback"):
        return here.parent.name, "nbgrader's folder"
    return "", ""


def statement(variant):
    """The student's task statement for ``variant``, as Markdown."""
    module = spec(variant.assignment)
    lines = [f"**Your variant of {variant.assignment}: `{variant.id}`**", ""]
    for dimension in module.DIMENSIONS:
        lines.append(f"- {dimension.values[variant[dimension.name]]}")
    lines += ["", "Write your functions with these signatures:", ""]
    for name, task in module.TASKS.items():
        lines.append(f"- `{task.signature(name, variant)}`")
    return "\n".join(lines)


class StudentVariant(str):
    """The Markdown statement, shown as such by Jupyter; ``.variant`` is the
    :class:`~mllesson.variants.choice.Variant` itself."""

    def _repr_markdown_(self):
        return str(self)


def mine(assignment, salt, student_id=""):
    """Your variant of ``assignment``: shown, and used by the self-checks.

    ``student_id`` is your id as your course's roster has it; leave it empty
    on a JupyterHub, which knows it.
    """
    found, where = find_student_id(student_id)
    if found:
        variant = variant_for(assignment, salt, found)
        head = f"Student id `{found}` ({where})."
    else:
        variant = variants_of(assignment)[0]
        head = (
            "**No student id found: type yours between the quotes of "
            '`student_id=""` above and run this cell again.** Until then the '
            "self-checks use the usual conventions, which may not be yours."
        )
    _ACTIVE[assignment] = variant
    shown = StudentVariant(f"{head}\n\n{statement(variant)}")
    shown.variant = variant
    return shown


def active():
    """The variants :func:`mine` chose in this kernel, by assignment."""
    return dict(_ACTIVE)


def adapt(fn, task_name, variant):
    """``fn``, written for ``variant``, callable as in the usual conventions."""
    tasks = spec(variant.assignment).TASKS
    if task_name not in tasks or isinstance(fn, Adapted) or not callable(fn):
        return fn
    return Adapted(fn, tasks[task_name], variant)
