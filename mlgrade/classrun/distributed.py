"""Grade on an existing Dask distributed cluster: one task per submission.

``python -m mlgrade SUBMISSIONS --scheduler tcp://HOST:8786`` (or
``--scheduler-file PATH``, the convention of dask-jobqueue and dask-mpi)
sends every submission to the cluster as a task. A task carries all it needs,
so the workers share no disk with the instructor's machine:

- the notebook's bytes and the job (limits, the course's grading secret), in
  the task itself;
- the course, as one small archive (the masters in ``solutions/``, the
  course's Python packages such as ``hiddenchecks`` and ``mllesson``, and
  this grader's own source), sent once as a task of its own that every
  grading task depends on. The scheduler keeps its definition, so a lost copy
  is rebuilt.

On the worker, the archive is unpacked into a private temporary folder (once
per worker and course), and the submission is graded exactly as a local run
grades it: by a ``python -m mlgrade.grading.worker`` process of the worker's Python
that forks a child per submission, which starts the same bubblewrap
sandboxes. Only the result (a plain dict) comes back; the report is written
here, by the same code as a local run, so the outputs are identical.

A worker that dies mid-run loses nothing: the scheduler runs its tasks again
elsewhere (grading is deterministic, so a re-run gives the same result).
Workers need the course's Python environment (``.venv`` or an image built
from ``requirements.txt``) and bubblewrap, nothing else.
"""

import base64
import hashlib
import io
import os
import sys
import tarfile
from pathlib import Path

#: Top-level folders of the course never sent to workers.
_NOT_SENT = {"tests", "benchmarks", "book", "exercises", "scripts"}


def course_archive(course):
    """The course as ``(digest, tar.gz bytes)``: what a worker needs to grade.

    Holds ``solutions/*/*.ipynb``, the course's top-level Python packages
    (``*/__init__.py`` folders, their ``.py`` files) and this grader's source.
    Built with fixed times and owners, so the same course gives the same bytes.
    """
    root = Path(course)
    grader = Path(__file__).resolve().parents[1]
    files = [(p, p.relative_to(root)) for p in sorted(root.glob("solutions/*/*.ipynb"))]
    for init in sorted(root.glob("*/__init__.py")):
        package = init.parent
        if package.name.startswith(".") or package.name in _NOT_SENT:
            continue
        if package.resolve() == grader:
            continue
        files += [(p, p.relative_to(root)) for p in sorted(package.rglob("*.py"))]
    files += [
        (p, Path("mlgrade", p.relative_to(grader)))
        for p in sorted(grader.rglob("*.py"))
    ]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
        for path, name in files:
            if "__pycache__" in name.parts:
                continue
            data = path.read_bytes()
            info = tarfile.TarInfo(str(name))
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    data = buffer.getvalue()
    return hashlib.sha256(data).hexdigest()[:16], data


def connect(scheduler=None, scheduler_file=None):
    """A ``distributed.Client`` of the cluster at ``scheduler`` or in the file."""
    try:
        from distributed import Client
    except ImportError as exc:  # pragma: no cover - pinned in requirements.txt
        raise RuntimeError(
            "grading on a cluster needs dask's distributed package "
            "(pip install -r requirements.txt)"
        ) from exc
    if scheduler_file is not None:
        return Client(scheduler_file=str(scheduler_file), timeout="60s")
    return Client(scheduler, timeout="60s")


def grade_on_cluster(jobs, course, client, progress=None):
    """Grade ``jobs`` (:class:`mlgrade.grading.job.Job`) on the cluster; their result
    dicts (None where the grading process died), in the order of ``jobs``.

    ``progress`` is called once per finished submission.
    """
    from distributed import as_completed

    digest, archive = course_archive(course)
    # bytes() of bytes is a copy: a builtin, so the scheduler can rebuild it.
    course_task = client.submit(bytes, archive, key=f"mlgrade-course-{digest}")
    grade_task = _ByValue(_grade_task)
    futures = {}
    for i, job in enumerate(jobs):
        raw = Path(job.path).read_bytes() if job.path else None
        # The task is plain data: the workers need no grader to unpickle it.
        task = {**job.to_dict(), "path": None, "course": None}
        task["raw_b64"] = base64.b64encode(raw).decode() if raw is not None else None
        key = f"mlgrade-{digest}-{i}-{job.student}-{job.assignment}"
        future = client.submit(
            grade_task, digest, course_task, task, key=key[:200], pure=False
        )
        futures[future] = i
    results = [None] * len(jobs)
    for future in as_completed(futures):
        results[futures[future]] = future.result()
        if progress is not None:
            progress()
    return results


class _ByValue:
    """A function that crosses to the scheduler and workers by value.

    Dask pickles a task with the standard pickle, which refers to a function
    by its module: the workers would need this grader installed. This
    wrapper unpickles, wherever it goes, as the function itself, rebuilt
    from cloudpickle's by-value copy (its code, not its module's name).
    """

    def __init__(self, function):
        import cloudpickle

        module = sys.modules[function.__module__]
        cloudpickle.register_pickle_by_value(module)
        try:
            self.payload = cloudpickle.dumps(function)
        finally:
            cloudpickle.unregister_pickle_by_value(module)
        self.function = function

    def __call__(self, *args, **kwargs):
        return self.function(*args, **kwargs)

    def __reduce__(self):
        import cloudpickle

        return cloudpickle.loads, (self.payload,)


# --- on the worker: only the standard library and what is passed in ------------


def _grade_task(digest, archive, task):
    """Grade one submission on a Dask worker; the worker's result dict."""
    import json
    import shutil
    import subprocess
    import tempfile
    import threading

    from distributed import get_worker

    if task["sandbox"] and shutil.which("bwrap") is None:
        import socket

        raise RuntimeError(
            f"the Dask worker on {socket.gethostname()} has no bubblewrap (bwrap); "
            "install it there (scripts/install-bubblewrap.sh)"
        )
    worker = get_worker()
    lock = worker.__dict__.setdefault("_mlgrade_lock", threading.Lock())
    with lock:
        courses = worker.__dict__.setdefault("_mlgrade_courses", {})
        if digest not in courses:
            folder = tempfile.mkdtemp(prefix=f"mlgrade-course-{digest}-")
            with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
                tar.extractall(folder, filter="data")
            courses[digest] = folder
        folder = courses[digest]
        # One grading process per worker thread, kept for the next submission.
        procs = worker.__dict__.setdefault("_mlgrade_processes", {})
        key = (digest, threading.get_ident())
        proc = procs.get(key)
        if proc is None or proc.poll() is not None:
            env = {**os.environ, "PYTHONPATH": folder}
            proc = subprocess.Popen(
                [sys.executable, "-m", "mlgrade.grading.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
                cwd=folder,
            )
            procs[key] = proc
    scratch = tempfile.mkdtemp(prefix="mlgrade-submission-")
    try:
        job = {k: v for k, v in task.items() if k != "raw_b64"}
        job["course"] = folder
        if task["raw_b64"] is not None:
            path = Path(scratch, "submission.ipynb")
            path.write_bytes(base64.b64decode(task["raw_b64"]))
            job["path"] = str(path)
        proc.stdin.write(json.dumps(job) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        return json.loads(line) if line else None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
