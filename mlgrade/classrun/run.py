"""Grade a whole class: find the submissions, grade them in parallel, report.

The submissions folder is only read. Every output of a run goes to its own
folder ``<out>/<run-id>``, where the run id is a hash of everything that
determines the grades (the submissions, the master notebooks and check code,
the limits, the grader); the folder is written elsewhere first and then moved
into place, so a re-run of the same input replaces it with identical files and
runs never mix. ``<out>/latest`` points at the newest run; each run is
recorded in its assignments' history with its source (see
:mod:`mlgrade.term.history`).
"""

import concurrent.futures
import hashlib
import json
import os
import queue
import secrets
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from tqdm import tqdm

from mlgrade import __version__
from mlgrade.classrun import lms
from mlgrade.grading import submitted_files, variants
from mlgrade.grading.course import (
    grade_id,
    load_course,
    read_submission,
)
from mlgrade.grading.job import Job
from mlgrade.grading.result import Failure
from mlgrade.grading.worker import result_of_reply, sha256_hex
from mlgrade.insight import dashboard, similarity, tables
from mlgrade.sandbox.kernel import Limits
from mlgrade.term import context as term_context
from mlgrade.term import history

SECRET_FILE = ".secret"


def _bytes(text):
    """``text`` as bytes, with any undecodable file-name bytes as they were."""
    return text.encode("utf-8", "surrogateescape")


def _folders(folder, problems, student=None):
    """The folders in ``folder`` that are no link, hidden ones left out; a
    linked folder becomes a row of ``problems`` (it is never read)."""
    out = []
    for path in sorted(Path(folder).iterdir()):
        if path.is_symlink() and path.is_dir():
            who = student if student is not None else path.name
            where = path.name if student is None else f"{student}/{path.name}"
            problems.append(
                _row(
                    who,
                    "" if student is None else path.name,
                    "linked folder",
                    f"{submitted_files.shown(where)} is a symbolic link: not read",
                )
            )
        elif submitted_files.is_plain_dir(path) and not path.name.startswith("."):
            out.append(path)
        elif student is None and submitted_files.is_plain_dir(path):
            # a student id of dots only, or hidden: reported, never dropped
            problems.append(
                _row(
                    path.name,
                    "",
                    "student id rejected",
                    f"{submitted_files.shown(path.name)}: a hidden folder, not graded",
                )
            )
    return out


def _row(student, assignment, problem, detail):
    return [submitted_files.shown(student), assignment, problem, detail]


def _pick_notebook(folder, expected):
    """(path, note): the notebook to grade; path None if there is none. A
    name that is a link is picked too, and then refused when read."""
    if os.path.lexists(folder / expected):
        return folder / expected, None
    notebooks = sorted(p for p in folder.glob("*.ipynb") if os.path.lexists(p))
    if len(notebooks) == 1:
        shown = submitted_files.shown(notebooks[0].name)  # a name the student chose
        return notebooks[0], f"graded {shown} (expected {expected})"
    if not notebooks:
        return None, "no notebook submitted"
    return None, f"{len(notebooks)} notebooks and none named {expected}"


def _guess(raw, assignments, own):
    try:
        cells = read_submission(raw)
    except ValueError:
        return None
    ids = {grade_id(c) for c in cells} - {None}
    for name, other in assignments.items():
        if name != own and ids & set(other.answers):
            return name
    return None


def _job(student, folder, assignment, assignments):
    """The :class:`Job` of one submission folder, and its problem rows."""
    problems = []
    stamp, why = submitted_files.read_timestamp(folder)
    if why:
        problems.append(_row(student, assignment.name, "timestamp ignored", why))
    job = Job(student, assignment.name, None, sha256_hex(b""), timestamp=stamp)
    try:
        path, note = _pick_notebook(folder, assignment.notebook)
        if path is None:
            return replace(job, note=note), problems
        raw = submitted_files.read_file(path, submitted_files.MAX_NOTEBOOK_BYTES)
        guess = _guess(raw, assignments, folder.name)
    except submitted_files.NotReadable as exc:
        note = f"unreadable: {submitted_files.shown(path.name)} is {exc}"
        return replace(job, note=note, failure=Failure.UNREADABLE.value), problems
    except Exception as exc:  # anything else a notebook can do to discovery
        note = f"unreadable: {type(exc).__name__} while reading the notebook"
        return replace(job, note=note, failure=Failure.UNREADABLE.value), problems
    job = replace(job, path=str(path), digest=sha256_hex(raw), note=note, guess=guess)
    return job, problems


def discover(submissions, assignments):
    """(jobs, unknown, problems) from nbgrader's
    ``<student>/<assignment>/<nb>.ipynb``: a :class:`Job` per submission,
    (student, folder) per unknown assignment, and problems.csv rows for what
    cannot be graded (links, rejected ids, a timestamp that is no date)."""
    jobs, unknown, problems = [], [], []
    for student in _folders(submissions, problems):
        why = submitted_files.student_id_problem(student.name)
        if why:
            detail = f"{submitted_files.shown(student.name)}: {why}; not graded"
            problems.append(_row(student.name, "", "student id rejected", detail))
            continue
        for folder in _folders(student, problems, student.name):
            assignment = assignments.get(folder.name)
            if assignment is None:
                unknown.append((student.name, submitted_files.shown(folder.name)))
                continue
            job, found = _job(student.name, folder, assignment, assignments)
            jobs.append(job)
            problems.extend(found)
    return jobs, unknown, problems


def course_digest(course):
    """A hash of the masters and of the course's Python code outside the venv."""
    h = hashlib.sha256()
    root = Path(course)
    paths = sorted(root.glob("solutions/*/*.ipynb")) + sorted(root.glob("*/*.py"))
    paths += sorted(root.glob("solutions/*/variants.json"))  # whose variant is whose
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


def run_id(jobs, course, options, secret, unmatched=()):
    """The run's id: a hash of everything that decides its grades (the
    jobs, LMS files left ungraded, the course, ``options``' limits and
    sandbox, the grader's version, the secret)."""
    h = hashlib.sha256()
    for job in jobs:
        refused = f"\0{job.failure}\0{job.note}" if job.failure else ""
        h.update(
            _bytes(
                f"{job.student}\0{job.assignment}\0{job.digest}"
                f"\0{job.timestamp}{refused}\n"
            )
        )
    for row in unmatched:  # files of an LMS download, problems found, not graded
        h.update(_bytes("\0".join(map(str, row)) + "\n"))
    h.update(course_digest(course).encode())
    digest = sha256_hex(secret.encode())
    settings = (options.limits, options.sandbox, __version__, digest)
    h.update(repr(settings).encode())
    return h.hexdigest()[:12]


class _Worker:
    """A ``python -m mlgrade.grading.worker`` process that grades jobs one at a time."""

    def __init__(self):
        self.proc = None

    def grade(self, job):
        if self.proc is None or self.proc.poll() is not None:
            here = str(Path(__file__).resolve().parents[2])
            path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")]))
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "mlgrade.grading.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONPATH": path},
            )
        try:
            self.proc.stdin.write(json.dumps(job.to_dict()) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
            data = json.loads(line) if line else None
        except (OSError, ValueError):
            data = None
        return result_of_reply(job, data)

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            self.proc.wait()


@dataclass(frozen=True)
class RunOptions:
    """How to grade a class (``python -m mlgrade``'s options)."""

    limits: Limits = Limits()
    sandbox: bool = True  #: bubblewrap around the kernels
    jobs: int | None = None  #: local worker processes (default: one per core)
    progress: bool = True  #: show a progress bar
    #: a ``distributed.Client``: grade on that Dask cluster instead of ``jobs``
    #: local processes (see :mod:`mlgrade.classrun.distributed`)
    cluster: object = None
    #: an LMS download's assignment and file-name pattern (:mod:`mlgrade.classrun.lms`)
    assignment: str | None = None
    lms_regexp: str | None = None
    #: deadlines, a roster, overrides, ``--incremental`` (:mod:`mlgrade.term.context`)
    term: term_context.TermOptions | None = None


@dataclass(frozen=True)
class _Class:
    """A run's fixed inputs: where the course is, its assignments, where the
    run goes, and how to grade."""

    course: str
    assignments: dict
    out: str
    options: RunOptions


@dataclass(frozen=True)
class _Found:
    """What a run grades (``jobs``) and what it found but cannot grade."""

    jobs: list  #: [Job]
    unknown: list  #: (student, folder) of a folder naming no assignment
    unmatched: list  #: (assignment, file, why) of an LMS download's other files
    #: problems.csv rows (student, assignment, problem, detail) of what was
    #: found but cannot be graded: links, rejected ids, bad timestamps
    problems: list = ()


def grade_class(submissions, course=".", out="grading", options=None):
    """Grade every submission; return the run's output folder.

    ``submissions`` is nbgrader's layout or an LMS download (see
    :mod:`mlgrade.classrun.lms`, which uses ``options.assignment`` and
    ``options.lms_regexp``); ``options`` is a :class:`RunOptions`.
    """
    options = options or RunOptions()
    course = str(Path(course).resolve())
    assignments = load_course(course)
    for name in assignments:  # a broken variants.json stops the run before grading
        variants.salt(course, name)
    term = options.term or term_context.TermOptions()
    loaded = term.load(out)  # a bad option file stops the run before grading
    with lms.open_submissions(
        submissions,
        assignments,
        assignment=options.assignment,
        regexp=options.lms_regexp,
    ) as collected:
        unmatched = [
            (collected.assignment, name, why) for name, why in collected.unmatched
        ]
        source = term_context.Source(collected, term, loaded, str(submissions))
        jobs, unknown, problems = discover(collected.folder, assignments)
        problems = [
            [student, collected.assignment, kind, detail]
            for student, kind, detail in collected.problems
        ] + problems
        found = _Found(jobs, unknown, unmatched, problems)
        return _grade_all(_Class(course, assignments, out, options), found, source)


def _grade_all(where, found, source):
    """Grade ``found.jobs`` (reusing results with ``--incremental``) and
    publish the run; its folder."""
    course, options = where.course, where.options
    secret = load_secret(where.out)
    rid = run_id(
        found.jobs, course, options, secret, [*found.unmatched, *found.problems]
    )
    jobs = [
        job.graded_with(course, options.limits, secret, options.sandbox)
        for job in found.jobs
    ]
    # The term's options, and the results --incremental can reuse.
    checks = course_digest(course)
    ctx, reused = term_context.for_run(source, jobs, where, checks)
    term_digest = term_context.run_digest(source)
    if term_digest:  # deadlines, roster, overrides, LMS names change the outputs
        rid = sha256_hex(f"{rid}{term_digest}".encode())[:12]
    results = [None] * len(jobs)
    for i, result in reused.items():
        results[i] = result
    todo = [i for i in range(len(jobs)) if i not in reused]
    bar = tqdm(
        total=len(jobs),
        initial=len(reused),
        desc="grading",
        unit="submission",
        disable=not options.progress,
    )
    # One assignment after another, not student by student: a worker's
    # pre-started kernel fits only the assignment it was started for.
    todo.sort(key=lambda i: jobs[i].assignment)
    jobs_todo = [jobs[i] for i in todo]
    if options.cluster is not None:
        graded = _grade_on_cluster(jobs_todo, course, options.cluster, bar.update)
    else:
        graded = _grade_locally(jobs_todo, options.jobs, bar.update)
    bar.close()
    for i, result in zip(todo, graded, strict=True):
        results[i] = result
    return _publish(where, rid, results, found, ctx)


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
    from mlgrade.classrun.distributed import grade_on_cluster

    data = grade_on_cluster(work, course, cluster, progress=progress)
    return [result_of_reply(job, d) for job, d in zip(work, data, strict=True)]


def _publish(where, rid, results, found, ctx):
    """Write the run's files into ``<out>/<rid>``, point ``latest`` at it and
    record it in each assignment's history; the run's folder."""
    out = Path(where.out)
    tmp = out / f".tmp-{rid}-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    tables.write_all(
        tmp,
        results,
        found.unknown,
        where.assignments,
        found.unmatched,
        term=ctx,
        problems=found.problems,
    )
    pairs, skipped = similarity.write_table(
        tmp, results, where.assignments, where.course
    )
    dashboard.write(tmp, results, where.course, pairs, skipped)
    meta = {
        "run_id": rid,
        "grader": __version__,
        "sandbox": "bubblewrap" if where.options.sandbox else "none",
        "limits": asdict(where.options.limits),
        "submissions": len(results),
    }
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
    # the newest run of each assignment, and its history
    history.record(
        out,
        rid,
        meta["assignments"],
        ctx.input_name,
        len(results),
        ctx.reused,
        meta["commit"],
        ctx.source,
    )
    return final
