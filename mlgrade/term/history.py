"""Runs over a term: what each graded, the newest per assignment and source,
what changed.

Every run folder ``<out>/<run-id>`` holds ``run.json`` (assignments, input,
source, time, commit, options, checks version) and ``results.jsonl`` (each
submission's result before overrides and penalties, with the key that decides
it). Beside the runs, ``<out>/<assignment>/history.csv`` lists every run of
that assignment with its *source* (where its submissions come from: the
exchange, a Canvas course or section, a Moodle course; see
:func:`check_source`), and ``<out>/<assignment>/latest`` links to the newest
run of any source. ``changes.csv`` compares a run with the previous run of the
same assignment *and source*, and ``--incremental`` reuses that source's
newest results whose notebook and checks are unchanged, so two routes or two
sections never mix.
"""

import csv
import hashlib
import json
import os
import re
import subprocess
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from mlgrade.insight.safe_text import write_csv

HISTORY_COLUMNS = [
    "time",
    "run_id",
    "input",
    "submissions",
    "reused",
    "commit",
    "source",
]
_SOURCE = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
CHANGES_COLUMNS = ["student_id", "assignment", "old_score", "new_score", "tasks"]
RESULTS = "results.jsonl"


def commit(course):
    """The course's git commit (``-dirty`` with uncommitted changes), or ""."""
    try:
        head = subprocess.run(
            ["git", "-C", str(course), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(course), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("-dirty" if dirty else "")


def result_key(job, checks_version):
    """What decides a submission's result: the notebook, the checks, the
    limits, the sandbox and the grader (the time is applied afterwards)."""
    parts = [
        job.student,
        job.assignment,
        job.digest,
        checks_version,
        json.dumps(asdict(job.limits), sort_keys=True),
        str(job.sandbox),
        hashlib.sha256(job.secret.encode()).hexdigest(),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def write_results(folder, results, keys):
    """``results.jsonl``: one line per submission, its key and its result."""
    with open(Path(folder, RESULTS), "w") as fh:
        for result in sorted(results, key=lambda r: (r.assignment, r.student)):
            key = keys.get((result.assignment, result.student), "")
            fh.write(json.dumps({"key": key, "result": result.to_dict()}) + "\n")


def read_results(folder):
    """key -> result dict, from a run folder's ``results.jsonl``."""
    path = Path(folder, RESULTS)
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text().splitlines():
        item = json.loads(line)
        if item.get("key"):
            out[item["key"]] = item["result"]
    return out


def check_source(name):
    """``name`` if it can name a source (``--source``): lower-case letters,
    digits, ``.``, ``_`` and ``-``, at most 64, starting with a letter or
    digit; else a ValueError."""
    if not isinstance(name, str) or not _SOURCE.fullmatch(name):
        raise ValueError(
            "--source must be 1 to 64 lower-case letters, digits, '.', '_' or "
            f"'-', starting with a letter or digit; got {name!r}"
        )
    return name


def runs_of(out, assignment, source=None):
    """The rows of ``<out>/<assignment>/history.csv``, oldest first: all of
    them, or those of ``source`` (a run recorded before sources were is of
    none)."""
    path = Path(out, assignment, "history.csv")
    if not path.is_file():
        return []
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    if source is None:
        return rows
    return [row for row in rows if (row.get("source") or "") == source]


def previous_run(out, assignment, rid, source=None):
    """The run of ``assignment`` (and ``source``, when given) graded last
    before ``rid`` was first graded (so a re-run of the same input compares
    with the same run), as a folder that still exists, or None."""
    rows = runs_of(out, assignment, source)
    first = next((i for i, row in enumerate(rows) if row["run_id"] == rid), len(rows))
    for row in reversed(rows[:first]):
        folder = Path(out, row["run_id"])
        if row["run_id"] != rid and (folder / "grades.csv").is_file():
            return folder
    return None


def latest(out, assignment, source=None):
    """The newest run folder of ``assignment`` (of ``source``, when given),
    or None."""
    if source is not None:
        for row in reversed(runs_of(out, assignment, source)):
            folder = Path(out, row["run_id"])
            if (folder / "grades.csv").is_file():
                return folder.resolve()
        return None
    link = Path(out, assignment, "latest")
    return link.resolve() if link.exists() else None


def sources_of(out, assignment):
    """source -> its newest run folder of ``assignment``, for every source
    that graded it."""
    names = {row.get("source") or "" for row in runs_of(out, assignment)} - {""}
    found = {name: latest(out, assignment, name) for name in sorted(names)}
    return {name: folder for name, folder in found.items() if folder is not None}


def _append(path, row):
    """Append ``row`` to a history file, bringing an older header (without
    the source column) up to date first."""
    rows = []
    if path.is_file():
        with open(path, newline="") as fh:
            rows = list(csv.reader(fh))
    if rows and rows[0] == HISTORY_COLUMNS:
        with open(path, "a", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerow(row)
        return
    width = len(HISTORY_COLUMNS)
    older = [(r + [""] * width)[:width] for r in rows[1:]]
    tmp = path.with_name(f".{path.name}-{os.getpid()}")
    with open(tmp, "w", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([HISTORY_COLUMNS, *older, row])
    tmp.replace(path)


def record(out, rid, assignments, input_name, submissions, reused, sha, source=""):
    """Append this run (of ``source``) to each assignment's history and point
    its ``latest``."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in sorted(assignments):
        folder = Path(out, name)
        folder.mkdir(parents=True, exist_ok=True)
        row = [now, rid, input_name, submissions, reused, sha, source]
        _append(folder / "history.csv", row)
        tmp = folder / f".latest-{os.getpid()}"
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(Path("..", rid))
        tmp.replace(folder / "latest")
    return now


def _scores(folder):
    with open(Path(folder, "grades.csv"), newline="") as fh:
        grades = {
            (r["assignment"], r["student_id"]): r["score"] for r in csv.DictReader(fh)
        }
    tasks = {}
    with open(Path(folder, "task_scores.csv"), newline="") as fh:
        for r in csv.DictReader(fh):
            tasks.setdefault((r["assignment"], r["student_id"]), {})[r["grade_id"]] = r[
                "score"
            ]
    return grades, tasks


def changes(new_folder, old_folders):
    """Rows of ``changes.csv``: every student whose score or any task score
    differs from the previous run of the same assignment (all of them when
    there is none). ``old_folders`` maps assignment -> previous run or None."""
    grades, tasks = _scores(new_folder)
    rows = []
    for name in sorted({a for a, _ in grades}):
        old = old_folders.get(name)
        old_grades, old_tasks = _scores(old) if old else ({}, {})
        keys = {k for k in grades if k[0] == name} | {
            k for k in old_grades if k[0] == name
        }
        for key in sorted(keys):
            before, after = old_grades.get(key, ""), grades.get(key, "")
            t_old, t_new = old_tasks.get(key, {}), tasks.get(key, {})
            moved = [
                f"{gid} {t_old.get(gid, '-')} -> {t_new.get(gid, '-')}"
                for gid in sorted(
                    t_old.keys() | t_new.keys(), key=lambda g: (g not in t_new, g)
                )
                if t_old.get(gid) != t_new.get(gid)
            ]
            if t_new and not t_old:  # a first grading: every task is new
                moved = ["first graded"]
            elif t_old and not t_new:
                moved = ["not graded in this run"]
            if before != after or moved:
                rows.append([key[1], name, before, after, "; ".join(moved)])
    return rows


def write_changes(folder, rows):
    write_csv(Path(folder, "changes.csv"), CHANGES_COLUMNS, rows)  # student ids
