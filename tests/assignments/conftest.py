import sys

import pytest

from .course import ROOT, make_course

# The hidden checks and the authoring guards (hiddenchecks/) sit beside the
# package, at the top of the repository.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    """A temporary nbgrader course with every assignment generated."""
    return make_course(tmp_path_factory.mktemp("course"))
