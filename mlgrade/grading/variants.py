"""Which variant a submission is graded as: from the course, never the notebook.

An assignment has variants when its folder in ``solutions/`` holds
``variants.json`` (``{"salt": "..."}``). The grader derives each student's
variant from that salt, the assignment and the student id that the LMS's
download or nbgrader's ``submitted/<student>/`` gives; whatever the notebook
says about itself is never read. A class without the file is graded as it
always was.
"""

import functools
import json
from pathlib import Path

import nbformat

from mlgrade.grading.markers import scaffold_lines
from mllesson import variants

SETTING = "variants.json"


class VariantSettingError(ValueError):
    """``variants.json`` is there but unusable: the run stops before grading."""


def salt(course, assignment):
    """The variant salt of ``assignment`` (a name), or None without variants."""
    path = Path(course, "solutions", assignment, SETTING)
    if not path.is_file():
        return None
    try:
        value = json.loads(path.read_text(encoding="utf-8"))["salt"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise VariantSettingError(
            f'{path}: expected {{"salt": "..."}} ({type(exc).__name__}: {exc})'
        ) from None
    if not isinstance(value, str) or not value.strip():
        raise VariantSettingError(f"{path}: the salt must be a non-empty string")
    if assignment not in variants.SPECS:
        raise VariantSettingError(
            f"{path}: {assignment} has no variants described in mllesson.variants"
        )
    return value


def variant_of(course, assignment, student):
    """The :class:`~mllesson.variants.Variant` ``student`` is graded as, or None."""
    value = salt(course, assignment)
    if value is None:
        return None
    return variants.variant_for(assignment, value, student)


def adapted(functions, variant):
    """``functions`` ({name: function}) as the checks call them: through the
    variant's adapters (unchanged without a variant)."""
    if variant is None:
        return dict(functions)
    return {n: variants.adapt(f, n, variant) for n, f in functions.items()}


def untouched_answers(course, assignment, found):
    """The grade_ids of ``found`` ({grade_id: the student's answer}) left as
    released. In a variant whose signature differs from the release's, such a
    stub fails on its arguments before it reaches ``raise
    NotImplementedError``; the grader still reports it as not attempted."""
    scaffolds = _scaffolds(str(course), assignment.name, assignment.notebook)
    return {
        gid
        for gid, source in found.items()
        if gid in scaffolds
        and {line.strip() for line in source.splitlines() if line.strip()}
        <= scaffolds[gid]
    }


@functools.lru_cache(maxsize=16)
def _scaffolds(course, name, notebook):
    """{grade_id: the lines a student receives} of a master's answer cells,
    read once per worker process."""
    master = nbformat.read(Path(course, "solutions", name, notebook), as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: scaffold_lines(cell.source)
        for cell in master.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }
