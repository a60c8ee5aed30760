"""Grade a whole class: find the submissions, grade them in parallel, report.

The submissions folder is only read. Every output of a run goes to its own
folder ``<out>/<run-id>``, where the run id is a hash of everything that
determines the grades (the submissions, the master notebooks and check code,
the limits, the grader); the folder is written elsewhere first and then moved
into place, so a re-run of the same input replaces it with identical files and
runs never mix. ``<out>/latest`` points at the newest run.
"""

import concurrent.futures
import hashlib
import json
import multiprocessing
import os
import secrets
import shutil
import traceback
from pathlib import Path

from tqdm import tqdm

from . import __version__, report
from .course import load_course, read_submission
from .grader import Result, TaskResult, grade

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
                    "assignment": assignment,
                    "raw": raw,
                    "digest": _sha(raw),
                    "note": note,
                    "missing": path is None,
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


def run_id(jobs, course, limits, secret, sandbox):
    h = hashlib.sha256()
    for job in jobs:
        h.update(
            f"{job['student']}\0{job['assignment'].name}\0{job['digest']}"
            f"\0{job['timestamp']}\n".encode()
        )
    h.update(course_digest(course).encode())
    h.update(repr((limits, sandbox, __version__, _sha(secret.encode()))).encode())
    return h.hexdigest()[:12]


def _safe_grade(job):
    """Grade one job; a failure of the grader itself becomes an entry, not a crash."""
    try:
        if job["missing"]:
            result = Result(job["student"], job["assignment"].name)
            result.problems.append(("no notebook", job["note"]))
            result.tasks = [
                TaskResult(t.grade_id, 0.0, t.points, job["note"])
                for t in job["assignment"].tests
            ]
            return result
        result = grade(job)
        if job["note"]:
            result.problems.append(("notebook name", job["note"]))
        return result
    except Exception as exc:  # the grader's own bug: keep grading the others
        result = Result(job["student"], job["assignment"].name)
        detail = f"{type(exc).__name__}: {exc}"
        result.problems.append(("grader error", detail[:300]))
        result.tasks = [
            TaskResult(t.grade_id, 0.0, t.points, "not graded (grader error)")
            for t in job["assignment"].tests
        ]
        traceback.print_exc()
        return result


def grade_class(
    submissions,
    course=".",
    out="grading",
    jobs=None,
    limits=None,
    sandbox=True,
    progress=True,
):
    """Grade every submission; return the run's output folder."""
    from .sandbox import Limits

    limits = limits or Limits()
    course = str(Path(course).resolve())
    assignments = load_course(course)
    work, unknown = discover(submissions, assignments)
    secret = load_secret(out)
    rid = run_id(work, course, limits, secret, sandbox)
    for job in work:
        job.update(course=course, limits=limits, secret=secret, sandbox=sandbox)
    n_jobs = jobs or os.cpu_count() or 1
    results = [None] * len(work)
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(
        n_jobs, mp_context=context, max_tasks_per_child=8
    ) as pool:
        futures = {pool.submit(_safe_grade, job): i for i, job in enumerate(work)}
        bar = tqdm(
            total=len(work), desc="grading", unit="submission", disable=not progress
        )
        for future in concurrent.futures.as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except Exception as exc:  # the worker process itself died
                results[i] = _safe_grade(
                    {**work[i], "missing": True, "note": f"grader worker failed: {exc}"}
                )
            bar.update()
        bar.close()
    return _publish(out, rid, results, unknown, assignments, limits, sandbox)


def _publish(out, rid, results, unknown, assignments, limits, sandbox):
    out = Path(out)
    tmp = out / f".tmp-{rid}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    report.write_all(tmp, results, unknown, assignments)
    meta = {
        "run_id": rid,
        "grader": __version__,
        "sandbox": "bubblewrap" if sandbox else "none",
        "limits": vars(limits) if hasattr(limits, "__dict__") else str(limits),
        "submissions": len(results),
    }
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
    return final
