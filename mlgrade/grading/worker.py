"""Grading workers: jobs as JSON lines on stdin, results as JSON lines on stdout.

A worker imports the grader once, then forks a fresh child for every job, so
that the trusted side's state (imported check modules, seeds) never carries
over from one student to the next and a grader crash costs one submission.

While a child grades, the worker already forks the next one, which starts
its sandboxed kernel (about half a second) and then waits for its job: the
kernel is still used for one submission only, but its start-up overlaps the
grading before it. A spare whose assignment or limits do not fit the next
job is stopped, unused. The first job's child is forked as soon as the
kernels' packages are built, so that its kernel boots while the worker times
the master's solution on the checks; the child is handed those times with
its job.
"""

import hashlib
import json
import os
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from mlgrade.grading import submitted_files
from mlgrade.grading.course import (
    load_assignment,
)
from mlgrade.grading.grader import (
    grade,
    prelaunch,
    prepare_checks,
    prepare_kernels,
    use_reference_times,
)
from mlgrade.grading.job import Job
from mlgrade.grading.result import Failure, Result

#: The worker's own ends of its children's pipes, which a new child closes
#: (a child holding another's pipe open would hide that one's end).
_PARENT_FDS = set()


def _key(job):
    """What a pre-started kernel depends on."""
    return (job.course, job.assignment, job.limits, job.sandbox)


def _child(job, times, write_fd):
    try:
        sys.stdout = sys.stderr
        if times:
            use_reference_times(assignment_of(job), times)
        data = json.dumps(grade_job(job).to_dict()).encode()
    except BaseException:  # reported to the parent as a failed job
        traceback.print_exc()
        data = b""
    with os.fdopen(write_fd, "wb") as out:
        out.write(data)


class _Child:
    """A forked grading child; with ``like``, one that starts its kernel
    before its job arrives (a job like ``like``)."""

    def __init__(self, like=None):
        job_read, self._job_write = os.pipe()
        self._result_read, result_write = os.pipe()
        self.key = _key(like) if like is not None else None
        self.pid = os.fork()
        if self.pid == 0:
            for fd in _PARENT_FDS | {self._job_write, self._result_read}:
                os.close(fd)
            try:
                self._run(like, job_read, result_write)
            finally:
                os._exit(0)
        os.close(job_read)
        os.close(result_write)
        _PARENT_FDS.update((self._job_write, self._result_read))

    @staticmethod
    def _run(like, job_read, result_write):
        kernel = None
        if like is not None:
            try:
                sys.stdout = sys.stderr
                kernel = prelaunch(like)
            except Exception:  # the job then starts its own kernel
                traceback.print_exc()
        with os.fdopen(job_read, "rb") as pipe:
            line, times = pipe.readline(), pipe.readline()
        if line:
            job = Job.from_dict(json.loads(line))
            _child(job, json.loads(times or "null"), result_write)
        elif kernel is not None:  # not needed after all
            kernel.close()

    def grade(self, job, times=None):
        """Hand ``job`` over, with the master's ``times`` on its checks if
        known; its result as JSON text, or None if the child died."""
        lines = f"{json.dumps(job.to_dict())}\n{json.dumps(times)}\n"
        try:
            os.write(self._job_write, lines.encode())
        except OSError:  # the child is gone
            pass
        self._close(self._job_write)
        with os.fdopen(self._result_read, "rb") as pipe:
            data = pipe.read()
        _PARENT_FDS.discard(self._result_read)
        os.waitpid(self.pid, 0)
        try:
            json.loads(data)  # a child killed while writing leaves half a result
        except ValueError:
            return None
        return data.decode()

    def cancel(self):
        """Stop a spare that will not be used (it stops its kernel)."""
        self._close(self._job_write)
        self._close(self._result_read)
        os.waitpid(self.pid, 0)

    @staticmethod
    def _close(fd):
        if fd in _PARENT_FDS:
            _PARENT_FDS.discard(fd)
            os.close(fd)


def main():
    spare = None
    for line in sys.stdin:
        if not line.strip():
            continue
        job = Job.from_dict(json.loads(line))
        warm_up_kernels(job)
        child = spare if spare is not None and spare.key == _key(job) else None
        if spare is not None and child is None:
            spare.cancel()
        # A new child's kernel boots while the master is timed (the first
        # time only; later the times are known and this returns at once).
        child = child or _Child(like=job)
        times = warm_up_checks(job)
        # The next submission's kernel boots while this one is graded.
        spare = _Child(like=job)
        result = child.grade(job, times)
        sys.stdout.write((result or "null") + "\n")
        sys.stdout.flush()
    if spare is not None:
        spare.cancel()


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def failed_result(job, assignment, failure, note):
    result = Result(job.student, assignment.name)
    result.problems.append((failure, note[:300]))
    result.zero(assignment.tests, note, failure)
    return result


def warm_up_kernels(job):
    """Build the stripped packages of ``job``'s assignment's kernels; never
    fails (grading then just does the work itself)."""
    try:
        prepare_kernels(assignment_of(job))
    except Exception:
        traceback.print_exc()


def warm_up_checks(job):
    """Load the master's solution and time it on every check; the times
    (``{grade_id: seconds}``), or None if that failed (grading then times it
    itself)."""
    try:
        return prepare_checks(assignment_of(job), job.course)
    except Exception:
        traceback.print_exc()
        return None


def assignment_of(job):
    return load_assignment(Path(job.course, "solutions", job.assignment))


def grade_job(job):
    """Grade one job; a failure of the grader itself becomes an entry, not a crash."""
    assignment = assignment_of(job)
    if job.failure:  # discovery found it cannot be graded
        return failed_result(job, assignment, Failure(job.failure), job.note)
    if job.path is None:
        return failed_result(job, assignment, Failure.NO_NOTEBOOK, job.note)
    try:
        raw = submitted_files.read_file(job.path, submitted_files.MAX_NOTEBOOK_BYTES)
        result = grade(replace(job, digest=sha256_hex(raw)), assignment, raw)
        if job.note:
            result.problems.append((Failure.NOTEBOOK_NAME, job.note))
        return result
    except Exception as exc:  # the grader's own bug: keep grading the others
        traceback.print_exc()
        note = f"{type(exc).__name__}: {exc}"
        return failed_result(job, assignment, Failure.GRADER_ERROR, note)


def result_of_reply(job, data):
    """The Result of a worker's reply; a died job's process becomes an entry."""
    if data is None:  # the job's process died: report it, keep the others going
        note = "grader worker failed on this submission"
        return failed_result(job, assignment_of(job), Failure.GRADER_ERROR, note)
    return Result.from_dict(data)


if __name__ == "__main__":
    main()
