"""The grader's typed state at its process edges: jobs, results, failure kinds."""

import hashlib
import json
from types import SimpleNamespace

import pytest

from mlgrade.classrun.run import RunOptions, run_id
from mlgrade.grading import grader
from mlgrade.grading.job import Job
from mlgrade.grading.result import Failure, Result, TaskResult
from mlgrade.insight import categories, tables
from mlgrade.sandbox.kernel import Limits

#: One line of a run's results.jsonl as runs before the failure kinds wrote it.
OLD_RESULT = {
    "student": "s1",
    "assignment": "ps01-hypothesis",
    "tasks": [
        {
            "grade_id": "sigmoid_values",
            "score": 0.0,
            "max_score": 2.0,
            "message": "Your code did not finish within the time limit.",
            "wrong_values": "",
        },
        {
            "grade_id": "hypothesis_values",
            "score": 1.0,
            "max_score": 1.0,
            "message": "",
            "wrong_values": "",
        },
    ],
    "problems": [["time limit", "a cell did not finish within 8 s"]],
    "cell_errors": ["cell 3: NameError: name 'x' is not defined"],
    "tampering": [],
    "answers": [["sigmoid", "def sigmoid(z):\n    return z\n"]],
    "timestamp": "2026-11-30 10:00:00",
}


def test_an_old_result_reads_back_typed_and_writes_the_same_json():
    result = Result.from_dict(json.loads(json.dumps(OLD_RESULT)))
    assert result.problems == [(Failure.TIME_LIMIT, "a cell did not finish within 8 s")]
    assert result.problems[0][0] is Failure.TIME_LIMIT
    assert [t.failure for t in result.tasks] == [None, None]
    assert (result.score, result.max_score) == (1.0, 3.0)
    # Its category was not recorded, and is not guessed from the message.
    rows = [tables.task_row(result, t) for t in result.tasks]
    assert [r[5] for r in rows] == ["not recorded (an older run)", ""]
    assert json.dumps(result.to_dict()) == json.dumps(OLD_RESULT)


def test_a_failure_crosses_json_as_its_name():
    result = Result("s1", "ps01-hypothesis")
    result.note(Failure.KILLED, "x" * 400)
    result.note(Failure.KILLED, "x" * 400)  # noted once
    result.zero([SimpleNamespace(grade_id="t", points=2.0)], "m", Failure.KERNEL_DIED)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["problems"] == [["killed (time or memory)", "x" * 300]]
    assert data["tasks"][0]["failure"] == "kernel died"
    back = Result.from_dict(data)
    assert back == result and back.tasks[0].failure is Failure.KERNEL_DIED


def test_a_job_crosses_json_unchanged():
    job = Job("s1", "ps01-hypothesis", "/x/s1.ipynb", "ab" * 32, timestamp="t")
    job = job.graded_with("/course", Limits(wall=30.0, step=8.0), "secret", False)
    data = json.loads(json.dumps(job.to_dict()))
    assert data["limits"]["wall"] == 30.0 and data["course"] == "/course"
    assert Job.from_dict(data) == job
    with pytest.raises(AttributeError):
        job.student = "s2"  # frozen: a job does not change shape mid-flight


def test_run_id_hashes_the_same_input_as_before():
    """The run id is a hash of the jobs, the course, the settings and the
    secret, spelled out here as runs have always computed it."""
    jobs = [Job("s1", "a1", None, "d1", timestamp="t1"), Job("s2", "a1", "p", "d2")]
    limits = Limits(wall=30.0)
    course = "/nonexistent-course"  # no masters, no code: the digest of nothing
    expected = hashlib.sha256()
    expected.update(b"s1\0a1\0d1\0t1\ns2\0a1\0d2\0\n")
    expected.update(b"a\0f.ipynb\0not a notebook\n")
    expected.update(hashlib.sha256().hexdigest().encode())
    secret = hashlib.sha256(b"k").hexdigest()
    expected.update(repr((limits, False, "1.0", secret)).encode())
    options = RunOptions(limits=limits, sandbox=False)
    rid = run_id(jobs, course, options, "k", [("a", "f.ipynb", "not a notebook")])
    assert rid == expected.hexdigest()[:12]


@pytest.mark.parametrize(
    "why, failure, category",
    [
        ("timeout", Failure.TIME_LIMIT, categories.TIME_LIMIT),
        (
            "the kernel died: its CPU time limit",
            Failure.TIME_LIMIT,
            categories.TIME_LIMIT,
        ),
        (
            "the kernel died: its memory limit",
            Failure.MEMORY_LIMIT,
            categories.MEMORY_LIMIT,
        ),
        ("the kernel died: a kill", Failure.KILLED, categories.KERNEL_DIED),
        ("the kernel died: a segmentation fault", None, categories.KERNEL_DIED),
        # The sandbox's accounting decides, not the words of the reason.
        ("out of memory, time limit", Failure.KERNEL_DIED, categories.KERNEL_DIED),
    ],
)
def test_a_stopped_kernel_is_categorised_as_the_sandbox_accounted(
    why, failure, category
):
    task = grader._stopped(SimpleNamespace(grade_id="t", points=1.0), why, failure)
    assert categories.categorise(task) is category


def test_the_graders_own_failure_wins_over_the_wording_of_its_message():
    message = "KeyError: 'raised ValueError'"  # a grader bug quoting a student's
    task = TaskResult("t", 0.0, 1.0, message, failure=Failure.GRADER_ERROR)
    row = tables.task_row(Result("s", "a"), task)
    assert row[5:7] == ["grader error", "grader"]
