"""Two nbgrader preprocessors the course's ``nbgrader_config.py`` installs.

- :class:`OverwriteReleasedCells` replaces nbgrader's ``OverwriteCells`` in
  ``nbgrader autograde``. nbgrader records each test cell's checksum with its
  hidden tests, but releases it without them, so every untouched test cell
  was reported as "Attribute 'checksum' ... has changed!". A test cell
  exactly as released is now put back silently; an edited one is still
  reported (and overwritten, as before).
- :class:`AddVariantCell` is added to ``nbgrader generate_assignment``. For
  an assignment with variants (``variants.json`` beside its master), the
  student's notebook gets, after the cell that imports ``mllesson``, the cell
  that finds the student's id and shows their variant's task statement.
- :class:`HideHiddenTests` is added to ``nbgrader generate_feedback``. The
  autograded notebook holds the full test cells, so the feedback showed the
  hidden tests and tracebacks through the hidden checks. It removes the
  hidden part of every test cell and keeps, of an error, only its last line
  (the check's message, written to be safe to show).

:func:`configure` installs them on an nbgrader config object.
"""

import json
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor, Preprocessor
from nbformat.v4 import new_code_cell, new_markdown_cell
from nbgrader import utils
from nbgrader.api import MissingEntry
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    DeduplicateIds,
    OverwriteCells,
    OverwriteKernelspec,
)
from nbgrader.preprocessors.getgrades import GetGrades


def released_source(source):
    """A test cell's source as ``generate_assignment`` releases it."""
    cell = new_code_cell(source)
    ClearHiddenTests()._remove_hidden_test_region(cell)
    return cell.source


class OverwriteReleasedCells(OverwriteCells):
    """``OverwriteCells`` without a warning for an untouched test cell."""

    def preprocess_cell(self, cell, resources, cell_index):
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id is not None and utils.is_grade(cell):
            try:
                source = self.gradebook.find_source_cell(
                    grade_id, self.notebook_id, self.assignment_id
                ).source
            except MissingEntry:
                source = None
            if source is not None and cell.source == released_source(source):
                cell.source = source  # as released: restore the hidden part
        return super().preprocess_cell(cell, resources, cell_index)


class HideHiddenTests(ClearHiddenTests):
    """For feedback: hidden tests and tracebacks through them removed."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type == "code" and utils.is_grade(cell):
            self._remove_hidden_test_region(cell)
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    output["traceback"] = [f"{output['ename']}: {output['evalue']}"]
        return cell, resources


VARIANT_CELL = """\
# Your variant of this problem set follows from your student id. On the
# course's JupyterHub it is found for you; elsewhere, type the id your course
# uses for you (the one your grades are listed under) between the quotes.
from mllesson import variants

variants.mine({assignment!r}, salt={salt!r}, student_id="")
"""

VARIANT_INTRO = (
    "## Your variant\n\n"
    "Every student gets their own version of this problem set: the same tasks, "
    "with other conventions (such as how labels are written, how examples are "
    "laid out, where the bias lives). Run the next cell: it shows **your** "
    "conventions and "
    "the signatures to write, and the self-checks use them. Your work is graded "
    "in your variant, which the grader works out from your id, not from this "
    "notebook."
)


class AddVariantCell(Preprocessor):
    """The variant cell, in the student's notebook of an assignment with variants."""

    enabled = True  # nbconvert's preprocessors are off unless enabled

    def preprocess(self, nb, resources):
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        setting = folder / "variants.json"
        if not setting.is_file():
            return nb, resources
        salt = json.loads(setting.read_text(encoding="utf-8"))["salt"]
        assignment = resources.get("nbgrader", {}).get("assignment") or folder.name
        at = next(
            (
                i + 1
                for i, cell in enumerate(nb.cells)
                if cell.cell_type == "code" and "import mllesson" in cell.source
            ),
            0,
        )
        cells = [
            new_markdown_cell(VARIANT_INTRO),
            new_code_cell(VARIANT_CELL.format(assignment=assignment, salt=salt)),
        ]
        for cell, name in zip(cells, ("variant-intro", "variant-cell"), strict=True):
            cell.metadata["tags"] = ["variant"]
            cell.id = name  # the same release every time it is generated
        nb.cells[at:at] = cells
        return nb, resources


def configure(c):
    """Install the course's preprocessors on the nbgrader config ``c``."""
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory

    # The salt reaches students in their notebook's variant cell; the setting
    # file itself stays with the instructor.
    ignored = CourseDirectory.class_traits()["ignore"].default()
    c.CourseDirectory.ignore = [*ignored, "variants.json"]

    c.GenerateAssignment.preprocessors = [
        *GenerateAssignment.class_traits()["preprocessors"].default(),
        AddVariantCell,
    ]
    c.Autograde.sanitize_preprocessors = [
        ClearOutput,
        DeduplicateIds,
        OverwriteKernelspec,
        OverwriteReleasedCells,
        CheckCellMetadata,
    ]
    c.GenerateFeedback.preprocessors = [
        HideHiddenTests,
        GetGrades,
        CSSHTMLHeaderPreprocessor,
    ]
