import pytest

from .course import make_course


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """A temporary nbgrader course with every assignment generated."""
    return make_course(tmp_path_factory.mktemp("course"))
