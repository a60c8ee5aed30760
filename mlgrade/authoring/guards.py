"""Authoring guards for the master notebooks in ``solutions/``.

nbgrader trusts its markers blindly: a misspelt ``### BEGIN SOLUTON`` makes
it replace the whole cell, signature and docstring too, by
``raise NotImplementedError()``; a solution line above ``### BEGIN
SOLUTION`` is released to the students; a task heading's "(N points)" can
drift from its grade cells. Each of these is an :class:`AuthoringError`
naming the file and the cell. ``make exercises`` runs these guards before
generating, and the fast test suite runs them on every master.

Run ``python -m mlgrade.authoring.guards [solutions/psNN-name ...]`` to check.
"""

import ast
import re
import sys
from pathlib import Path

import nbformat

from mlgrade.grading.markers import MARKERS

ROOT = Path(__file__).resolve().parents[2]

#: A comment line that looks like a marker: BEGIN or END (any case), or
#: SOLUTION or HIDDEN, after one or more '#'.
_LOOKS_LIKE_MARKER = re.compile(
    r"^\s*#+\s*(BEGIN|END|.*\bSOLUT|.*\bHIDDEN\s*TEST)", re.IGNORECASE
)
_POINTS = re.compile(r"\((\d+(?:\.\d+)?) points?\)")
_TASK = re.compile(r"^#+\s*Task\b", re.IGNORECASE)


class AuthoringError(ValueError):
    """A master notebook would be released or graded other than it reads."""


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def _where(path, index, cell):
    gid = _meta(cell).get("grade_id")
    label = f"cell {index + 1}" + (f" ({gid})" if gid else "")
    try:
        shown = Path(path).resolve().relative_to(ROOT)
    except ValueError:
        shown = path
    return f"{shown}, {label}"


def _marker_errors(path, index, cell):
    """Misspelt, misplaced or unbalanced markers in one cell."""
    where = _where(path, index, cell)
    meta = _meta(cell)
    errors, open_block, blocks = [], None, set()
    for number, line in enumerate(cell.source.splitlines(), start=1):
        text = line.strip()
        if text in MARKERS:
            kind, edge = MARKERS[text]
            if edge == "begin":
                if open_block:
                    errors.append(f"{where}: line {number} opens {kind} inside "
                                  f"an open {open_block} block.")  # fmt: skip
                open_block = kind
            else:
                if open_block != kind:
                    errors.append(f"{where}: line {number}: '{text}' without its "
                                  "BEGIN.")  # fmt: skip
                open_block = None
            blocks.add(kind)
        elif _LOOKS_LIKE_MARKER.match(line):
            errors.append(
                f"{where}: line {number}: '{text}' looks like a marker but is not "
                f"one of {', '.join(repr(m) for m in MARKERS)}."
            )
    if open_block:
        errors.append(f"{where}: the {open_block} block is never closed.")
    if "SOLUTION" in blocks and not meta.get("solution"):
        errors.append(f"{where}: SOLUTION markers outside a solution cell.")
    if "HIDDEN TESTS" in blocks and not meta.get("grade"):
        errors.append(f"{where}: HIDDEN TESTS markers outside a grade cell.")
    if meta.get("solution") and cell.cell_type == "code" and "SOLUTION" not in blocks:
        errors.append(
            f"{where}: a solution cell without '### BEGIN SOLUTION' / "
            "'### END SOLUTION'; nbgrader would replace the whole cell."
        )
    return errors


def _points_errors(path, nb):
    """Each task heading's "(N points)" equals the points of its grade cells."""
    errors, heading, total = [], None, 0.0

    def close():
        if heading is not None and heading[1] != total:
            errors.append(
                f"{_where(path, heading[0], nb.cells[heading[0]])}: the heading "
                f"says {heading[1]:g} points, its grade cells give {total:g}."
            )

    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if _TASK.match(line):
                    close()
                    found = _POINTS.search(line)
                    heading = (index, float(found.group(1))) if found else None
                    if not found:
                        errors.append(f"{_where(path, index, cell)}: the task "
                                      "heading gives no '(N points)'.")  # fmt: skip
                    total = 0.0
        elif _meta(cell).get("grade"):
            total += float(_meta(cell).get("points", 0))
    close()
    return errors


def student_version(nb, folder=None):
    """What ``nbgrader generate_assignment`` releases, computed here.

    The same preprocessors in the same order, without the gradebook; the
    fast tests compare it with the committed ``exercises/``. ``folder`` is the
    master's folder (where ``variants.json`` switches variants on).
    """
    from nbgrader.preprocessors import (
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ClearSolutions,
        ComputeChecksums,
        LockCells,
    )

    from mlgrade.authoring.nbgrader_plugins import AddVariantCell

    nb = nbformat.from_dict(nb)
    resources = {"metadata": {"path": str(folder)}} if folder else {}
    for step in (
        LockCells(),
        ClearSolutions(),
        ClearOutput(),
        ComputeChecksums(),
        ClearHiddenTests(),
        ClearMarkScheme(),
        ComputeChecksums(),
        AddVariantCell(),
    ):
        nb, resources = step.preprocess(nb, resources)
    return nb


def _released_code_errors(path, index, cell):
    """A released solution cell may hold signatures, docstrings and the raise.

    Anything else inside a function is answer code outside the markers.
    """
    where = _where(path, index, cell)
    errors = []
    for node in ast.walk(ast.parse(cell.source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        body = list(node.body)
        if body and isinstance(body[0], ast.Expr):
            if isinstance(getattr(body[0], "value", None), ast.Constant):
                body = body[1:]  # the docstring
        for stmt in body:
            is_stub = isinstance(
                stmt, ast.Raise
            ) and "NotImplementedError" in ast.unparse(stmt)
            if not is_stub:
                errors.append(
                    f"{where}: line {stmt.lineno} of {node.name}() reaches the "
                    f"students: '{ast.unparse(stmt).splitlines()[0]}'. Move it "
                    "between '### BEGIN SOLUTION' and '### END SOLUTION'."
                )
    return errors


def check_master(path):
    """Every authoring error of one master notebook (an empty list if none)."""
    nb = nbformat.read(path, as_version=4)
    errors = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            errors += _marker_errors(path, index, cell)
    errors += _points_errors(path, nb)
    if errors:  # the release below would be wrong anyway
        return errors
    for index, cell in enumerate(student_version(nb).cells):
        if _meta(cell).get("solution") and cell.cell_type == "code":
            errors += _released_code_errors(path, index, cell)
    return errors


def masters(folders=()):
    """The master notebooks of the given folders, or of all of ``solutions/``."""
    folders = [Path(f) for f in folders] or sorted(ROOT.glob("solutions/ps*/"))
    return [p for f in folders for p in sorted(Path(f).glob("*.ipynb"))]


def main(argv=None):
    errors = []
    for path in masters(sys.argv[1:] if argv is None else argv):
        errors += check_master(path)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
