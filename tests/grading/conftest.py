import pytest

from mlgrade.sandbox.kernel import bwrap_available

from .fixture_course import write_course, write_submissions
from .test_mlgrade_e2e import _checksums, _grade

# The fixture course's check package is imported by the grader, not by pytest.
collect_ignore = ["fixtures"]


@pytest.fixture(scope="session")
def graded_catalogue(tmp_path_factory):
    """One mlgrade run over the whole catalogue, shared by the end-to-end test
    and the agreement with nbgrader, so that the catalogue is graded once."""
    assert bwrap_available(), (
        "bubblewrap must be installed (scripts/install-bubblewrap.sh)"
    )
    tmp = tmp_path_factory.mktemp("grading")
    course = write_course(tmp / "course")
    submissions = write_submissions(tmp / "submissions")
    before = _checksums(submissions)
    run = _grade(submissions, course, tmp / "out")
    return {
        "tmp": tmp,
        "course": course,
        "submissions": submissions,
        "before": before,
        "run": run,
    }
