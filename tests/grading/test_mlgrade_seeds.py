"""Grading-time inputs: a pass on the submission's own seed stands; a check the
master's solution fails on those inputs is graded on its published seed.

The student's function runs in this process, behind the same proxy the
sandboxed kernel uses (the proxy tests' ``LocalKernel``).
"""

import sys

import numpy as np
import pytest

from mlgrade.grading import grader
from mlgrade.grading.course import Assignment
from mlgrade.grading.course import TestCell as Cell
from mlgrade.grading.job import Job
from mlgrade.grading.result import Result

from .test_mlgrade_proxy_calls import LocalKernel

#: The check draws x from its seed and fails on x >= 0.7 even for the
#: master's solution (a "hard draw"); its published seed, 0, draws 0.64.
CHECK = '''import numpy as np


def doubles(double):
    x = np.random.default_rng(0).random()
    assert double(x) == 2 * x, "double(x) is not 2 x"
    assert x < 0.7, "a hard draw"
'''


def _mix(hard):
    """A mixed seed whose draw is hard (or not)."""
    for mix in range(1000):
        x = np.random.default_rng([mix, 0]).random()
        if (x >= 0.7) == hard:
            return mix
    raise AssertionError("no such seed")


@pytest.fixture
def session(tmp_path, monkeypatch):
    (tmp_path / "seedcheck_fixture.py").write_text(CHECK)
    monkeypatch.syspath_prepend(str(tmp_path))
    __import__("seedcheck_fixture")  # as the master's setup cells import checks
    test = Cell(
        "doubles",
        1.0,
        "import seedcheck_fixture\nseedcheck_fixture.doubles(double)",
        ("double",),
    )
    assignment = Assignment("ps00-seeds", "x.ipynb", [], [], [], [test], "d")
    monkeypatch.setitem(
        grader._REFERENCE, (assignment.name, "d"), {"double": lambda x: 2 * x}
    )
    job = Job("s", assignment.name, None, "", course=str(tmp_path), secret="k")
    s = grader._Session(job, assignment, "", Result("s", assignment.name))
    s.namespace = {"__name__": "checks", "np": np}
    yield s
    sys.modules.pop("seedcheck_fixture", None)


def _grade(session, double, mix):
    session.mix = mix
    kernel = LocalKernel({"double": double})
    kernel.dead, kernel.call_limit = None, None
    (phase,) = grader._phases(session.package, session.groups, session.own)
    graded = session._run_tests(kernel, phase, session.result)
    return graded["doubles"].score, kernel


def test_a_pass_on_the_submissions_own_inputs_stands(session):
    assert _grade(session, lambda x: 2 * x, _mix(hard=False))[0] == 1.0


def test_a_hard_draw_falls_back_to_the_published_inputs(session):
    calls = []

    def double(x):
        calls.append(x)
        return 2 * x

    score, _ = _grade(session, double, _mix(hard=True))
    assert score == 1.0  # the master fails there too: graded on seed 0
    assert len(calls) == 2 and calls[-1] == np.random.default_rng(0).random()


def test_a_wrong_answer_scores_nothing_on_either_inputs(session):
    assert _grade(session, lambda x: 3 * x, _mix(hard=False))[0] == 0.0
    assert _grade(session, lambda x: 3 * x, _mix(hard=True))[0] == 0.0
