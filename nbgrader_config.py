"""nbgrader's settings for the course.

Instructors edit the master notebooks in ``solutions/`` and run
``make exercises``, which calls ``nbgrader generate_assignment`` to write the
student versions into ``exercises/``. The gradebook and nbgrader's working
folders (``submitted/``, ``autograded/``, ``feedback/``) stay out of git.

The hidden tests import the grading-side package ``hiddenchecks`` from the
top of this repository, which is not part of the installed ``mllesson``
package that students get. Every kernel that nbgrader starts inherits
``PYTHONPATH``, so putting the repository on it here is enough.
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (nbgrader injects get_config)

ROOT = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "mllesson"
c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"

# Grading kernels run student code for a while; a runaway cell stops here.
c.ExecutePreprocessor.timeout = 120

_paths = [str(ROOT), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(p for p in _paths if p))

# No "checksum has changed" warning on an untouched test cell, and feedback
# without the hidden tests: see mlgrade/authoring/nbgrader_plugins.py.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from mlgrade.authoring.nbgrader_plugins import configure  # noqa: E402

configure(c)
