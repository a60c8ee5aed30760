"""Two nbgrader preprocessors the course's ``nbgrader_config.py`` installs.

- :class:`OverwriteReleasedCells` replaces nbgrader's ``OverwriteCells`` in
  ``nbgrader autograde``. nbgrader records each test cell's checksum with its
  hidden tests, but releases it without them, so every untouched test cell
  was reported as "Attribute 'checksum' ... has changed!". A test cell
  exactly as released is now put back silently; an edited one is still
  reported (and overwritten, as before).
- :class:`HideHiddenTests` is added to ``nbgrader generate_feedback``. The
  autograded notebook holds the full test cells, so the feedback showed the
  hidden tests and tracebacks through the hidden checks. It removes the
  hidden part of every test cell and keeps, of an error, only its last line
  (the check's message, written to be safe to show).

:func:`configure` installs both on an nbgrader config object.
"""

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbformat.v4 import new_code_cell
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


def configure(c):
    """Install both preprocessors on the nbgrader config ``c``."""
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
