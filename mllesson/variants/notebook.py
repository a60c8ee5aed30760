"""A student's variant in their notebook: who they are, and what they write.

The released notebook's variant cell calls :func:`mine`. It finds the
student's id, derives their variant, shows their task statement and makes the
variant the one the self-checks use (:func:`active`).
"""

import contextlib
import functools
import inspect
import io
import os
from pathlib import Path

from ..selfcheck.compare import CheckFailed
from .adapters import Adapted
from .catalogue import is_usual, spec, variant_for, variants_of

_ACTIVE = []  #: the variant :func:`mine` chose last in this kernel, if any


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
    _ACTIVE[:] = [variant]
    shown = StudentVariant(f"{head}\n\n{statement(variant)}")
    shown.variant = variant
    return shown


def active():
    """The variant :func:`mine` chose last in this kernel, or None."""
    return _ACTIVE[0] if _ACTIVE else None


def in_your_variant(check):
    """``check`` (a self-check), called with each student function adapted to
    the active variant: the same check then serves every variant."""
    signature = inspect.signature(check)

    @functools.wraps(check)
    def run(*args, **kwargs):
        variant = active()
        if variant is None:
            return check(*args, **kwargs)
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            return check(*args, **kwargs)  # the check's own error says what is wrong
        given = dict(bound.arguments)
        for name, value in given.items():
            bound.arguments[name] = adapt(value, name, variant)
        try:
            return check(*bound.args, **bound.kwargs)
        except CheckFailed as exc:
            if is_usual(variant):
                raise
            other = _answered_instead(check, signature, given, variant)
            if other is None:
                hint = (
                    "(The inputs and results above are written as the book writes "
                    f"them; your function got them in your variant's, `{variant.id}`.)"
                )
            else:
                hint = (
                    "Your function passes this check in the conventions of variant "
                    f"`{other.id}`, not of yours, `{variant.id}`: "
                    f"{_differences(other, variant)}."
                )
            raise type(exc)(f"{exc}\n{hint}", exc.kind, exc.mistake) from None

    return run


def _answered_instead(check, signature, given, variant):
    """The first other variant in which ``check`` passes the same functions."""
    others = [v for v in variants_of(variant.assignment) if v != variant]
    others.sort(
        key=lambda v: sum(
            a != b for a, b in zip(v.conventions, variant.conventions, strict=True)
        )
    )
    for other in others:  # the nearest first: the likeliest slip
        bound = signature.bind_partial()
        bound.arguments.update({n: adapt(v, n, other) for n, v in given.items()})
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                check(*bound.args, **bound.kwargs)
        except Exception:  # noqa: BLE001, S112  (fails there too: try the next)
            continue
        return other
    return None


def _differences(other, variant):
    """What the two variants write differently, in the student's words."""
    module = spec(variant.assignment)
    return "; ".join(
        "in yours, " + d.values[variant[d.name]].split(":")[0].replace("**", "")
        for d in module.DIMENSIONS
        if other[d.name] != variant[d.name]
    )


def adapt(fn, task_name, variant):
    """``fn``, written for ``variant``, callable as in the usual conventions."""
    tasks = spec(variant.assignment).TASKS
    if task_name not in tasks or isinstance(fn, Adapted) or not callable(fn):
        return fn
    if is_usual(variant):  # the course's own conventions: nothing to translate
        return fn
    return Adapted(fn, tasks[task_name], variant)
