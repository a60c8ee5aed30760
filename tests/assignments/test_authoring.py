"""Authoring guards, fast: markers, points headings, leaks, an up-to-date release.

Each guard is shown to fire on the mistake it exists for, written into a
copy of a real master, with the file and the cell named.
"""

import functools
import importlib
import re

import nbformat
import pytest

from mlgrade.authoring import guards

from .course import ASSIGNMENTS, ROOT
from .test_exercises import _comparable


def _path(name):
    return ROOT / "solutions" / name / f"{name}.ipynb"


@functools.cache
def _released(name):
    return guards.student_version(
        nbformat.read(_path(name), as_version=4), _path(name).parent
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_master_passes_every_guard(name):
    assert guards.check_master(_path(name)) == []


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_exercises_are_up_to_date(name):
    committed = nbformat.read(
        ROOT / "exercises" / name / f"{name}.ipynb", as_version=4
    )
    assert _comparable(committed) == _comparable(_released(name)), (
        f"exercises/{name} is out of date: run `make exercises A={name}` "
        "and commit it"
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_committed_exercises_hold_no_answer_code(name):
    path = ROOT / "exercises" / name / f"{name}.ipynb"
    nb = nbformat.read(path, as_version=4)
    errors = [
        error
        for i, cell in enumerate(nb.cells)
        if cell.metadata.get("nbgrader", {}).get("solution")
        for error in guards._released_code_errors(path, i, cell)
    ]
    assert errors == []


def _broken(tmp_path, edit, name="ps02-cost"):
    """A copy of a master with one authoring mistake; the guard's errors."""
    nb = nbformat.read(_path(name), as_version=4)
    edit(nb)
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return guards.check_master(path)


def _cell(nb, gid):
    (cell,) = [
        c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid
    ]
    return cell


def _replace(grade_id, old, new):
    def edit(nb):
        cell = _cell(nb, grade_id)
        assert old in cell.source
        cell.source = cell.source.replace(old, new, 1)

    return edit


def test_a_misspelt_solution_marker_names_file_and_cell(tmp_path):
    errors = _broken(
        tmp_path,
        _replace("logistic_cost", "### BEGIN SOLUTION", "### BEGIN SOLUTON"),
    )
    assert errors
    assert all("ps02-cost.ipynb, cell" in e and "(logistic_cost)" in e for e in errors)
    assert any("'### BEGIN SOLUTON' looks like a marker" in e for e in errors)


def test_a_misspelt_hidden_tests_marker_is_an_error(tmp_path):
    errors = _broken(
        tmp_path,
        _replace("log_loss_clipping", "### END HIDDEN TESTS", "### END HIDDEN TEST"),
    )
    assert any("(log_loss_clipping)" in e and "never closed" in e for e in errors)


def test_an_unbalanced_marker_is_an_error(tmp_path):
    errors = _broken(tmp_path, _replace("log_loss", "\n    ### END SOLUTION", ""))
    assert any("(log_loss)" in e and "SOLUTION block is never closed" in e
               for e in errors)  # fmt: skip


def test_a_solution_line_above_the_marker_is_caught(tmp_path):
    def edit(nb):
        cell = _cell(nb, "logistic_gradient")
        lines = cell.source.splitlines()
        begin = lines.index("    ### BEGIN SOLUTION")
        lines[begin], lines[begin + 1] = lines[begin + 1], lines[begin]
        cell.source = "\n".join(lines)

    errors = _broken(tmp_path, edit)
    assert len(errors) == 1
    assert "(logistic_gradient)" in errors[0]
    assert "'m = X.shape[0]'" in errors[0] and "reaches the students" in errors[0]


def test_a_points_heading_that_disagrees_with_its_cells(tmp_path):
    def edit(nb):
        _cell(nb, "logistic_cost_stable").metadata["nbgrader"]["points"] = 2

    errors = _broken(tmp_path, edit)
    assert len(errors) == 1
    assert "the heading says 4 points, its grade cells give 5" in errors[0]
    assert "ps02-cost.ipynb, cell" in errors[0]


def _tasks(name):
    """[(function, points of its grade cells)] in the master's order."""
    out = []
    for cell in nbformat.read(_path(name), as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            out.append([meta["grade_id"], 0])
        elif meta.get("grade"):
            out[-1][1] += meta["points"]
    return out


def test_the_readme_lists_every_assignment_as_it_is():
    rows = {}
    for line in (ROOT / "solutions" / "README.md").read_text().splitlines():
        if line.startswith("| `ps"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = (cells[2], cells[3])
    want = {
        name: (
            ", ".join(f"`{fn}` ({pts:g})" for fn, pts in _tasks(name)),
            f"{sum(pts for _, pts in _tasks(name)):g}",
        )
        for name in ASSIGNMENTS
    }
    assert rows == want


PROPERTY_CELL = re.compile(
    r"_(vectorised|stable|clipping|inputs|restores|labels|seeding|shapes)$"
)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_property_cell_has_a_mutant_breaking_only_it(name):
    """The gate (test_grading.py) shows each one loses just that property."""
    module = importlib.import_module(f".mutants.{name[:4]}", __package__)
    cells = {
        cell.metadata["nbgrader"]["grade_id"]
        for cell in nbformat.read(_path(name), as_version=4).cells
        if cell.metadata.get("nbgrader", {}).get("grade")
    }
    properties = {gid for gid in cells if PROPERTY_CELL.search(gid)}
    covered = {gid for lost in module.PROPERTY.values() for gid in lost}
    assert properties <= covered
    assert set(module.PROPERTY) <= set(module.MUTANTS)
    for lost in module.PROPERTY.values():
        assert lost & properties and lost <= cells
