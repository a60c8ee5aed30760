"""One reading of nbgrader's markers, checked against nbgrader itself.

Every master's cells go through nbgrader's own preprocessors
(``guards.student_version``); what ``mlgrade.grading.markers`` says a student
receives must be exactly that.
"""

from types import SimpleNamespace

import nbformat
import pytest

from mlgrade.authoring import guards
from mlgrade.grading import markers
from mlgrade.term.feedback import assignment_text

MASTERS = guards.masters()


def _pairs(path):
    master = nbformat.read(path, as_version=4)
    student = guards.student_version(master)
    return list(zip(master.cells, student.cells, strict=True))


def _meta(cell):
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.parent.name)
def test_released_test_is_what_nbgrader_releases(path):
    tests = [(m, s) for m, s in _pairs(path) if _meta(m).get("grade")]
    assert any(markers.BEGIN_HIDDEN in m.source for m, _ in tests)
    for master, student in tests:
        released = "\n".join(line.rstrip() for line in student.source.splitlines())
        assert markers.released_test(master.source) == released.strip()


@pytest.mark.parametrize("path", MASTERS, ids=lambda p: p.parent.name)
def test_scaffold_is_what_nbgrader_releases(path):
    answers = [
        (m, s)
        for m, s in _pairs(path)
        if _meta(m).get("solution") and m.cell_type == "code"
    ]
    assert answers
    for master, student in answers:
        released = {line.strip() for line in student.source.splitlines()} - {""}
        scaffold = markers.scaffold_lines(master.source)
        assert released <= scaffold
        # Nothing of the solution is taken for scaffold.
        assert scaffold - released <= set(markers.STUB_LINES)


def test_lines_after_a_hidden_block_are_visible():
    source = '"""Checks x."""\nassert x\n### BEGIN HIDDEN TESTS\nassert y\n'
    source += "### END HIDDEN TESTS\nassert z"
    assert markers.released_test(source) == '"""Checks x."""\nassert x\nassert z'


def test_feedback_shows_the_released_docstring(tmp_path):
    # A test cell whose docstring follows a hidden block: the student's page
    # takes its text from what was released, not from the first part only.
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(
        "### BEGIN HIDDEN TESTS\nsecret_check()\n### END HIDDEN TESTS\n"
        '"""Checks the shape of the result."""\nassert True'
    )
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "f_shape", "points": 1}
    nb.cells = [cell]
    folder = tmp_path / "solutions" / "ps99-x"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "ps99-x.ipynb")
    assignment = SimpleNamespace(name="ps99-x", notebook="ps99-x.ipynb")
    text = assignment_text(tmp_path, assignment).tests["f_shape"]
    assert text.checks == "Checks the shape of the result."
    assert "secret_check" not in str(text)
