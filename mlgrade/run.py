"""Grade a whole class: find the submissions, grade them in parallel, report.

The submissions folder is only read. Every output of a run goes to its own
folder ``<out>/<run-id>``, where the run id is a hash of everything that
determines the grades (the submissions, the master notebooks and check code,
the limits, the grader); the folder is written elsewhere first and then moved
into place, so a re-run of the same input replaces it with identical files and
runs never mix. ``<out>/latest`` points at the newest run.
"""

import concurrent.futures
import dataclasses
import hashlib
import json
import os
import queue
import secrets
import shutil
import subprocess
import sys
import traceback
from pathlib import Path

from tqdm import tqdm

from . import __version__, dashboard, history, lms, report
from . import term as term_
from .course import load_assignment, load_course, read_submission
from .grader import Result, TaskResult, grade, prepare_kernels
from .sandbox import Limits

SECRET_FILE = ".secret"


def _sha(data):
    return hashlib.sha256(data).hexdigest()


def _student_dirs(folder):
    return sorted(
        p for p in Path(folder).iterdir() if p.is_dir() and not p.name.startswith(".")
    )


def _pick_notebook(folder, expected):
    if (folder / expected).is_file():
        return folder / expected, None
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if len(notebooks) == 1:
        return notebooks[0], f"graded {notebooks[0].name} (expected {expected})"
    if not notebooks:
        return None, "no notebook submitted"
    return None, f"{len(notebooks)} notebooks and none named {expected}"


def _guess(raw, assignments, own):
    try:
        cells = read_submission(raw)
    except ValueError:
        return None
    ids = {
        ((c.get("metadata") or {}).get("nbgrader") or {}).get("grade_id")
        for c in cells
        if isinstance(c, dict)
    }
    for name, other in assignments.items():
        if name != own and ids & set(other.answers):
            return name
    return None


def discover(submissions, assignments):
    """(jobs, unknown) from nbgrader's ``<student>/<assignment>/<nb>.ipynb``."""
    jobs, unknown = [], []
    for student in _student_dirs(submissions):
        for folder in _student_dirs(student):
            assignment = assignments.get(folder.name)
            if assignment is None:
                unknown.append((student.name, folder.name))
                continue
            path, note = _pick_notebook(folder, assignment.notebook)
            raw = path.read_bytes() if path is not None else b""
            stamp = folder / "timestamp.txt"
            jobs.append(
                {
                    "student": student.name,
                    "assignment": assignment.name,
                    "path": str(path) if path is not None else None,
                    "digest": _sha(raw),
                    "note": note,
                    "timestamp": stamp.read_text().strip()[:64]
                    if stamp.is_file()
                    else "",
                    "guess": _guess(raw, assignments, folder.name) if raw else None,
                }
            )
    return jobs, unknown


def course_digest(course):
    """A hash of the masters and of the course's Python code outside the venv."""
    h = hashlib.sha256()
    root = Path(course)
    paths = sorted(root.glob("solutions/*/*.ipynb")) + sorted(root.glob("*/*.py"))
    for path in paths:
        if ".venv" in path.parts or "mlgrade" in path.parts:
            continue
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def load_secret(out):
    """The course's grading secret: random once, then reused (idempotent runs)."""
    path = Path(out, SECRET_FILE)
    if not path.is_file():
        Path(out).mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(16) + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


def run_id(jobs, course, limits, secret, sandbox, unmatched=()):
    h = hashlib.sha256()
    for job in jobs:
        h.update(
            f"{job['student']}\0{job['assignment']}\0{job['digest']}"
            f"\0{job['timestamp']}\n".encode()
        )
    for row in unmatched:  # files of an LMS download that were not graded
        h.update(("\0".join(row) + "\n").encode())
    h.update(course_digest(course).encode())
    h.update(repr((limits, sandbox, __version__, _sha(secret.encode()))).encode())
    return h.hexdigest()[:12]


def _failed(job, assignment, kind, note):
    result = Result(job["student"], assignment.name)
    result.problems.append((kind, note[:300]))
    result.tasks = [
        TaskResult(t.grade_id, 0.0, t.points, note) for t in assignment.tests
    ]
    return result


def warm_up(job):
    """Prepare, in a long-lived worker, what every submission of ``job``'s
    assignment needs; never fails (grading then just does the work itself)."""
    try:
        path = Path(job["course"], "solutions", job["assignment"])
        prepare_kernels(load_assignment(path))
    except Exception:
        traceback.print_exc()


def grade_job(job):
    """Grade one job; a failure of the grader itself becomes an entry, not a crash."""
    assignment = load_assignment(Path(job["course"], "solutions", job["assignment"]))
    if job["path"] is None:
        return _failed(job, assignment, "no notebook", job["note"])
    try:
        raw = Path(job["path"]).read_bytes()
        limits = Limits(**job["limits"])
        result = grade(
            {
                **job,
                "assignment": assignment,
                "raw": raw,
                "limits": limits,
                "digest": _sha(raw),
            }
        )
        if job["note"]:
            result.problems.append(("notebook name", job["note"]))
        return result
    except Exception as exc:  # the grader's own bug: keep grading the others
        traceback.print_exc()
        return _failed(job, assignment, "grader error", f"{type(exc).__name__}: {exc}")


def _result(job, data):
    """The Result of a worker's reply; a died job's process becomes an entry."""
    if data is None:  # the job's process died: report it, keep the others going
        folder = Path(job["course"], "solutions", job["assignment"])
        assignment = load_assignment(folder)
        note = "grader worker failed on this submission"
        return _failed(job, assignment, "grader error", note)
    return Result.from_dict(data)


class _Worker:
    """A ``python -m mlgrade.worker`` process that grades jobs one at a time."""

    def __init__(self):
        self.proc = None

    def grade(self, job):
        if self.proc is None or self.proc.poll() is not None:
            here = str(Path(__file__).resolve().parents[1])
            path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mlgrade.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": path},
            )
        try:
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
            data = json.loads(line) if line else None
        except (OSError, ValueError):
            data = None
        return _result(job, data)

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait()


def grade_class(
    submissions,
    course=".",
    out="grading",
    jobs=None,
    limits=None,
    sandbox=True,
    progress=True,
    assignment=None,
    lms_regexp=None,
    term=None,
    cluster=None,
):
    """Grade every submission; return the run's output folder.

    ``submissions`` is nbgrader's layout or an LMS download (see
    :mod:`mlgrade.lms`, which uses ``assignment`` and ``lms_regexp``).
    ``term`` (:class:`mlgrade.term.TermOptions`) adds deadlines, a roster,
    overrides and ``--incremental``.
    ``cluster``, a ``distributed.Client``, grades on a Dask cluster instead of
    ``jobs`` local processes (see :mod:`mlgrade.distributed`).
    """
    limits = limits or Limits()
    course = str(Path(course).resolve())
    assignments = load_course(course)
    term = term or term_.TermOptions()
    loaded = term.load(out)  # a bad option file stops the run before grading
    with lms.open_submissions(
        submissions, assignments, assignment=assignment, regexp=lms_regexp
    ) as collected:
        unmatched = [
            (collected.assignment, name, why) for name, why in collected.unmatched
        ]
        source = {"collected": collected, "term": term, "loaded": loaded}
        source["name"] = str(submissions)
        return _grade_all(
            collected.folder,
            assignments,
            course,
            out,
            jobs,
            limits,
            sandbox,
            progress,
            unmatched,
            source,
            cluster,
        )


def _grade_all(
    submissions,
    assignments,
    course,
    out,
    jobs,
    limits,
    sandbox,
    progress,
    unmatched,
    source=None,
    cluster=None,
):
    work, unknown = discover(submissions, assignments)
    secret = load_secret(out)
    rid = run_id(work, course, limits, secret, sandbox, unmatched)
    for job in work:
        job.update(
            course=course,
            limits=dataclasses.asdict(limits),
            secret=secret,
            sandbox=sandbox,
        )
    ctx, reused = (None, {})
    if source is not None:  # the term's options; results --incremental can reuse
        checks = course_digest(course)
        ctx, reused = term_.for_run(source, work, out, course, assignments, checks)
    term_digest = term_.run_digest(source) if source else ""
    if term_digest:  # deadlines, roster, overrides, LMS names change the outputs
        rid = _sha(f"{rid}{term_digest}".encode())[:12]
    results = [None] * len(work)
    for i, result in reused.items():
        results[i] = result
    todo = [i for i in range(len(work)) if i not in reused]
    bar = tqdm(
        total=len(work),
        initial=len(reused),
        desc="grading",
        unit="submission",
        disable=not progress,
    )
    jobs_todo = [work[i] for i in todo]
    if cluster is not None:
        graded = _grade_on_cluster(jobs_todo, course, cluster, bar.update)
    else:
        graded = _grade_locally(jobs_todo, jobs, bar.update)
    bar.close()
    for i, result in zip(todo, graded, strict=True):
        results[i] = result
    return _publish(
        out,
        rid,
        results,
        unknown,
        assignments,
        limits,
        sandbox,
        unmatched,
        ctx,
        work,
        course,
    )


def _grade_locally(work, jobs, progress):
    """Results of ``work`` graded by ``jobs`` worker processes on this machine;
    ``progress`` is called once per finished submission."""
    n_jobs = jobs or os.cpu_count() or 1
    results = [None] * len(work)
    workers = [_Worker() for _ in range(n_jobs)]
    idle = queue.Queue()
    for worker in workers:
        idle.put(worker)

    def run(job):
        worker = idle.get()
        try:
            return worker.grade(job)
        finally:
            idle.put(worker)

    with concurrent.futures.ThreadPoolExecutor(n_jobs) as pool:
        futures = {pool.submit(run, job): i for i, job in enumerate(work)}
        for future in concurrent.futures.as_completed(futures):
            results[futures[future]] = future.result()
            progress()
    for worker in workers:
        worker.close()
    return results


def _grade_on_cluster(work, course, cluster, progress):
    """Results of ``work`` graded as tasks on a Dask cluster; ``progress`` is
    called once per finished submission."""
    from .distributed import grade_on_cluster

    data = grade_on_cluster(work, course, cluster, progress=progress)
    return [_result(job, d) for job, d in zip(work, data, strict=True)]


def _publish(
    out,
    rid,
    results,
    unknown,
    assignments,
    limits,
    sandbox,
    unmatched=(),
    ctx=None,
    work=(),
    course=".",
):
    out = Path(out)
    tmp = out / f".tmp-{rid}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    report.write_all(tmp, results, unknown, assignments, unmatched, term=ctx)
    dashboard.write(tmp, results, assignments, course)  # and similarity.csv
    meta = {
        "run_id": rid,
        "grader": __version__,
        "sandbox": "bubblewrap" if sandbox else "none",
        "limits": dataclasses.asdict(limits),
        "submissions": len(results),
    }
    if ctx is not None:
        ctx.finish(tmp, rid)
        meta.update(ctx.describe(rid, ctx.input_name))
    (tmp / "run.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    final = out / rid
    if final.exists():
        old = out / f".old-{rid}-{os.getpid()}"
        final.rename(old)
        tmp.rename(final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(final)
    latest = out / "latest"
    tmp_link = out / f".latest-{os.getpid()}"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(rid)
    tmp_link.replace(latest)
    if ctx is not None:  # the newest run of each assignment, and its history
        history.record(
            out,
            rid,
            meta["assignments"],
            ctx.input_name,
            len(results),
            ctx.reused,
            meta["commit"],
        )
    return final
