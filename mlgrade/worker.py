"""Grading workers: jobs as JSON lines on stdin, results as JSON lines on stdout.

A worker imports the grader once, then forks a fresh child for every job, so
that the trusted side's state (imported check modules, seeds) never carries
over from one student to the next and a grader crash costs one submission.
"""

import json
import os
import sys
import traceback

from .job import Job
from .run import grade_job, warm_up


def _child(job, write_fd):
    try:
        sys.stdout = sys.stderr
        data = json.dumps(grade_job(job).to_dict()).encode()
    except BaseException:  # reported to the parent as a failed job
        traceback.print_exc()
        data = b""
    with os.fdopen(write_fd, "wb") as out:
        out.write(data)
    os._exit(0)


def grade_forked(job):
    """Grade ``job`` in a forked child; its result as JSON text, or None if
    the child died."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(job, write_fd)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        json.loads(data)  # a child killed while writing leaves half a result
    except ValueError:
        return None
    return data.decode()


def main():
    for line in sys.stdin:
        if line.strip():
            job = Job.from_dict(json.loads(line))
            warm_up(job)
            result = grade_forked(job)
            sys.stdout.write((result or "null") + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
