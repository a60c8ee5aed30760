"""The master assignments and the student notebooks matched against them.

The master notebook in ``solutions/<assignment>/`` is authoritative: its
answer cells (nbgrader ``solution`` cells) say which student code runs, its
test cells (``grade`` cells, with ``points``) say what is graded and how. A
student's copies of the test cells, their markdown and the cell types they
chose are ignored.
"""

import ast
import builtins
import collections
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from mlgrade.grading.markers import released_test
from mlgrade.grading.result import Failure


@dataclass
class TestCell:
    grade_id: str
    points: float
    source: str  #: the master's source, visible and hidden parts
    names: tuple  #: student functions it uses, in order of first use
    visible: str = ""  #: the source students get (hidden tests removed)


@dataclass
class Assignment:
    name: str
    notebook: str  #: file name of the notebook
    setup: list  #: sources of the master's read-only code cells, in order
    answers: list  #: grade_ids of the answer cells, in order
    layout: list  #: ("setup", source) and ("answer", grade_id), in master order
    tests: list = field(default_factory=list)
    digest: str = ""

    @property
    def max_score(self):
        return sum(t.points for t in self.tests)


def _nbgrader(cell):
    """A cell's nbgrader metadata: {} unless it is a mapping (a student's
    notebook may hold any JSON there: a string, a list, null)."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    found = meta.get("nbgrader") if isinstance(meta, dict) else None
    return found if isinstance(found, dict) else {}


def grade_id(cell):
    """A cell's nbgrader ``grade_id`` if it is a string, else None."""
    found = _nbgrader(cell).get("grade_id")
    return found if isinstance(found, str) else None


def _free_names(source, defined):
    """Names a test cell reads but neither defines nor gets from the setup."""
    tree = ast.parse(source)
    assigned = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned.add(node.id)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            assigned |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            assigned.add(node.name)
        elif isinstance(node, ast.arg):
            assigned.add(node.arg)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            name = node.id
            if name in assigned or name in defined or hasattr(builtins, name):
                continue
            if name not in out:
                out.append(name)
    return tuple(out)


def _setup_names(sources):
    names = set()
    for source in sources:
        tree = ast.parse(source)
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                names |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, ast.FunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def notebook_changes(assignment, cells):
    """(kind, detail) for each way the student's notebook departs from the
    master's structure. Grading ignores all of them (the master decides); they
    are listed so an instructor sees what a student did."""
    tests = {t.grade_id: t for t in assignment.tests}
    seen, edited, retyped = collections.Counter(), [], []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        gid = grade_id(cell)
        if gid not in tests and gid not in assignment.answers:
            continue
        seen[gid] += 1
        if cell.get("cell_type") != "code" and gid not in retyped:
            retyped.append(gid)
        elif gid in tests and released_test(_source(cell)) != tests[gid].visible:
            if gid not in edited:
                edited.append(gid)
    out = []
    deleted = [gid for gid in tests if gid not in seen]
    doubled = [gid for gid, n in seen.items() if n > 1]
    for kind, ids in [
        (Failure.TEST_CELLS_DELETED, deleted),
        (Failure.CELLS_DUPLICATED, doubled),
        (Failure.TEST_CELLS_EDITED, edited),
        (Failure.CELL_TYPES_CHANGED, retyped),
    ]:
        if ids:
            out.append((kind, ", ".join(ids) + " (graded from the master)"))
    return out


def load_assignment(folder):
    """Read ``folder`` (``solutions/<name>``) into an :class:`Assignment`."""
    folder = Path(folder)
    notebooks = sorted(p for p in folder.glob("*.ipynb"))
    if len(notebooks) != 1:
        raise ValueError(
            f"{folder}: expected one master notebook, found {len(notebooks)}"
        )
    path = notebooks[0]
    raw = path.read_bytes()
    nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    setup, answers, tests, layout = [], [], [], []
    for cell in nb.cells:
        meta = _nbgrader(cell)
        if cell.cell_type != "code":
            continue
        if meta.get("solution"):
            answers.append(meta["grade_id"])
            layout.append(("answer", meta["grade_id"]))
        elif meta.get("grade"):
            tests.append((meta["grade_id"], float(meta.get("points", 0)), cell.source))
        else:
            setup.append(cell.source)
            layout.append(("setup", cell.source))
    defined = _setup_names(setup)
    cells = [
        TestCell(gid, pts, src, _free_names(src, defined), released_test(src))
        for gid, pts, src in tests
    ]
    return Assignment(
        name=folder.name,
        notebook=path.name,
        setup=setup,
        answers=answers,
        layout=layout,
        tests=cells,
        digest=hashlib.sha256(raw).hexdigest(),
    )


def load_course(course):
    """Every assignment under ``<course>/solutions``, by name."""
    out = {}
    for folder in sorted(Path(course, "solutions").iterdir()):
        if folder.is_dir() and list(folder.glob("*.ipynb")):
            out[folder.name] = load_assignment(folder)
    return out


class UnreadableNotebook(ValueError):
    """The submission is not a readable notebook."""


def _plain_v4(raw):
    """A version 4 notebook as plain JSON, or None. nbformat refuses one whose
    cell has metadata that is no mapping (a list, null); that cell's metadata
    is then ignored (:func:`_nbgrader`) and the other cells still count."""
    try:
        nb = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if isinstance(nb, dict) and nb.get("nbformat") == 4:
        return nb
    return None


def read_submission(raw):
    """Parse a submitted notebook from bytes, however broken it is."""
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as exc:  # any parse failure means the same to the student
        nb = _plain_v4(raw)
        if nb is None:
            raise UnreadableNotebook(
                f"not a readable notebook ({type(exc).__name__})"
            ) from None
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise UnreadableNotebook("the notebook has no cells")
    return cells


def _source(cell):
    source = cell.get("source", "")
    if isinstance(source, list):
        source = "".join(str(s) for s in source)
    return str(source)


#: Where an error is cited when its cell is not in the student's notebook.
RELEASED_CELL = "a released cell"


def notebook_numbers(cells, code):
    """Where each piece of ``code`` (:func:`rebuild`'s) is in the student's
    notebook: its cell's number counting every cell from the top, or None for
    a released cell the notebook no longer holds. Errors are cited by these
    numbers everywhere, so a student finds the cell an instructor names."""
    position = {}
    for number, cell in enumerate(cells, start=1):
        if isinstance(cell, dict):
            position.setdefault(_source(cell).strip(), number)
    return [position.get(source.strip()) for source in code]


def rebuild(assignment, cells):
    """The code to execute for a submission, and which answers were found.

    Master setup cells run with the master's source; the student's answer
    cells (matched by ``grade_id``, whatever their cell type) and the code
    cells they added run with theirs; every test cell, and any cell carrying
    another assignment's nbgrader id, is left out. Order follows the master,
    with each added cell after the answer that precedes it in the student's
    notebook.
    """
    answers = set(assignment.answers)
    known_setup = {s.strip() for s in assignment.setup}
    by_answer = {gid: [] for gid in assignment.answers}
    before_first = []
    current = None
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        meta = _nbgrader(cell)
        gid = grade_id(cell)
        source = _source(cell)
        if gid in answers:
            by_answer[gid].append(source)
            current = gid
        elif meta or cell.get("cell_type") != "code":
            continue  # a test cell, a setup cell, markdown: the master decides
        elif source.strip() and source.strip() not in known_setup:
            (by_answer[current] if current else before_first).append(source)
    found = {
        gid: "\n\n".join(by_answer[gid]) for gid in assignment.answers if by_answer[gid]
    }
    code = []
    for kind, value in assignment.layout:
        if kind == "setup":
            code.append(value)
            continue
        code.extend(before_first)
        before_first = []
        code.extend(by_answer[value])
    return code + before_first, found
