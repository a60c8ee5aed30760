"""Limits per kernel and failures named by the trusted side, on ps01 itself.

Each submission is the released ps01 notebook with some answer cells
written, graded in this process by :func:`mlgrade.grading.grader.grade` in the
sandbox, with the kernel's control group. A limit is reported only when the
sandbox's own accounting met it; what a student's exception is called or
says decides nothing.
"""

import hashlib
import re
from pathlib import Path

import nbformat
import pytest

from mlgrade.grading import grader
from mlgrade.grading.course import load_assignment
from mlgrade.grading.job import Job
from mlgrade.grading.result import Failure
from mlgrade.insight.categories import categorise
from mlgrade.sandbox import cgroups
from mlgrade.sandbox.kernel import Limits, bwrap_available
from tests.assignments.variants import usual_student

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "ps01-hypothesis"
TASKS = ["sigmoid", "hypothesis", "predict"]
LIMITS = Limits(wall=180.0, step=40.0)


def _cells(folder):
    nb = nbformat.read(ROOT / folder / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    return nb, {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}


def _master(grade_id):
    """The master's answer, without its solution markers."""
    source = _cells("solutions")[1][grade_id].source
    marker = re.compile(r"\s*### (BEGIN|END)")
    return "\n".join(ln for ln in source.splitlines() if not marker.match(ln))


# These tests write their answers in the course's usual conventions.
USUAL_STUDENT = usual_student(ASSIGNMENT)


def _submission(**answers):
    """The released notebook with the answer cells ``answers`` written."""
    nb, cells = _cells("exercises")
    for grade_id, source in answers.items():
        cells[grade_id].source = source
    return nbformat.writes(nb).encode()


def _grade(raw, limits=LIMITS):
    assert bwrap_available(), "bubblewrap is needed (scripts/install-bubblewrap.sh)"
    assignment = load_assignment(ROOT / "solutions" / ASSIGNMENT)
    digest = hashlib.sha256(raw).hexdigest()
    job = Job(USUAL_STUDENT, ASSIGNMENT, None, digest)
    job = job.graded_with(str(ROOT), limits, "k", True)
    return grader.grade(job, assignment, raw)


def _categories(result):
    return {t.grade_id: getattr(categorise(t), "name", None) for t in result.tasks}


def _problems(result):
    return [kind for kind, _ in result.problems]


@pytest.fixture(scope="module")
def group_allowed():
    group = cgroups.create(64 << 20, 8)
    assert group is not None, "the tests run as root, where a control group can be made"
    group.close()
    assert not any(Path(f).parent.exists() for f in group.procs_files())


def test_an_untouched_release_is_not_attempted_on_every_task():
    result = _grade(_submission())
    assert set(_categories(result).values()) == {"not attempted"}
    assert result.score == 0.0


def test_crashes_are_errors_whatever_the_exception_is_called_or_says():
    summed = "you summed instead of averaging (missing 1/m)."
    raw = _submission(
        # a typo inside the function: it crashes when called
        sigmoid="def sigmoid(z):\n    return 1 / (1 + np.exp(-zz))",
        # an exception merely named MemoryError
        hypothesis="def hypothesis(theta, X):\n    raise MemoryError('out of memory')",
        # a student's exception quoting a catalogued misconception
        predict="def predict(theta, X, threshold=0.5):\n"
        f"    raise RuntimeError({summed!r})",
    )
    result = _grade(raw)
    assert set(_categories(result).values()) == {"error"}, _categories(result)
    assert Failure.MEMORY_LIMIT not in _problems(result)
    predict = [t for t in result.tasks if t.grade_id.startswith("predict")]
    for task in predict:  # the student's words, shown to them as their own
        assert task.failure is Failure.ERROR and task.mistake == ""
        assert "raised RuntimeError" in task.message and summed in task.message


def test_a_cell_that_crashed_on_a_typo_leaves_errors_not_blanks():
    raw = _submission(sigmoid="def sigmoid(z):\n    retrun 1 / (1 + np.exp(-z))")
    categories = _categories(_grade(raw))
    assert {c for g, c in categories.items() if g.startswith("sigmoid")} == {"error"}


#: Three processes that each write 1.2 GB; the sigmoid is right only if the
#: sandbox killed one of them (so a grade tells what the limit did).
FORKED_MEMORY = """import subprocess, sys
_hog = "import numpy as np, time; a = np.ones(150_000_000); time.sleep(2)"
_children = [subprocess.Popen([sys.executable, "-c", _hog]) for _ in range(3)]
KILLED = sum(child.wait() == -9 for child in _children)
"""


def test_forked_children_share_the_kernels_memory_limit(group_allowed):
    sigmoid = FORKED_MEMORY + _master("sigmoid").replace(
        "def sigmoid(z):", "def sigmoid(z):\n    assert KILLED, 'none stopped'", 1
    )
    result = _grade(_submission(sigmoid=sigmoid, hypothesis=_master("hypothesis")))
    assert Failure.MEMORY_LIMIT in _problems(result), result.problems
    sigmoid_tasks = [t for t in result.tasks if t.grade_id.startswith("sigmoid")]
    assert all(t.score == t.max_score for t in sigmoid_tasks), sigmoid_tasks


#: A fork bomb of 300 sleeping processes; the sigmoid is right only if the
#: sandbox refused some of them.
FORK_BOMB = """import os, time
STARTED = 0
_pids = []
for _ in range(300):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(2)
        os._exit(0)
    _pids.append(pid)
for pid in _pids:
    os.waitpid(pid, 0)
STARTED = len(_pids)
"""


def test_a_fork_bomb_meets_the_kernels_process_limit(group_allowed):
    sigmoid = FORK_BOMB + _master("sigmoid").replace(
        "def sigmoid(z):", "def sigmoid(z):\n    assert STARTED < 300, 'unbounded'", 1
    )
    result = _grade(_submission(sigmoid=sigmoid))
    assert Failure.PROCESS_LIMIT in _problems(result), result.problems
    sigmoid_tasks = [t for t in result.tasks if t.grade_id.startswith("sigmoid")]
    assert all(t.score == t.max_score for t in sigmoid_tasks), sigmoid_tasks


def test_a_kernel_killed_for_memory_is_the_memory_limit(group_allowed):
    hog = "a = __import__('numpy').ones(400_000_000)  # 3.2 GB, written\n"
    raw = _submission(sigmoid=hog + _master("sigmoid"))
    result = _grade(raw)
    assert Failure.MEMORY_LIMIT in _problems(result), result.problems
    categories = _categories(result)
    assert {c for g, c in categories.items() if g.startswith("sigmoid")} == {
        "memory limit"
    }


def test_displayed_output_counts_towards_the_output_limit():
    flood = (
        "from IPython.display import display\n"
        "for _ in range(40):\n"
        "    display({'text/plain': 'x' * 50_000}, raw=True)\n"
    )
    result = _grade(_submission(sigmoid=flood + _master("sigmoid")))
    assert Failure.OUTPUT_LIMIT in _problems(result), result.problems
