"""The committed student notebooks are up to date and leak nothing."""

import nbformat
import pytest

from .course import ASSIGNMENTS, ROOT, secret_lines

EXERCISES = ROOT / "exercises"


def _comparable(nb):
    # What a student sees and what nbgrader relies on; not execution counts,
    # outputs or notebook-level metadata that Jupyter rewrites on save.
    return [
        (cell.cell_type, cell.source, dict(cell.metadata.get("nbgrader", {})))
        for cell in nb.cells
    ]


def test_every_assignment_is_released():
    released = sorted(p.name for p in EXERCISES.iterdir() if p.is_dir())
    assert released == ASSIGNMENTS


@pytest.mark.slow
@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_exercises_match_a_fresh_generation(course, name):
    fresh = nbformat.read(course / "exercises" / name / f"{name}.ipynb", as_version=4)
    committed = nbformat.read(EXERCISES / name / f"{name}.ipynb", as_version=4)
    # The test course has no variants; the variant cell nbgrader adds where
    # the assignment has them is compared by test_authoring's up-to-date test.
    committed.cells = [
        c for c in committed.cells if "variant" not in c.metadata.get("tags", [])
    ]
    assert _comparable(committed) == _comparable(fresh), (
        f"exercises/{name} is out of date: run `make exercises` and commit it"
    )


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_exercises_leak_no_solution_or_hidden_test(name):
    text = (EXERCISES / name / f"{name}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "hiddenchecks"):
        assert marker not in text
    nb = nbformat.read(EXERCISES / name / f"{name}.ipynb", as_version=4)
    student = "\n".join(cell.source for cell in nb.cells)
    secret = secret_lines(name)
    assert secret, "the master has solution code to protect"
    leaked = sorted(line for line in secret if line in student)
    assert not leaked


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_released_folder_holds_only_the_notebook(name):
    # Anything else in solutions/<name>/ would be copied to the students too.
    files = sorted(p.name for p in (EXERCISES / name).iterdir())
    assert files == [f"{name}.ipynb"]
