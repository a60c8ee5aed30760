"""Submissions as an LMS downloads them, turned into nbgrader's layout.

"Download all submissions" in Canvas, Moodle or Blackboard gives a ``.zip``
(or, once unpacked, a folder) whose file names carry the student's id. It is
unpacked within limits by :mod:`mlgrade.classrun.archives` (each archive into a
folder of its own, so a file's path says whose upload held it); each
notebook's path is matched against nbgrader's ``zip_collect`` pattern (its
``named_regexp``, from the start of the path) and the notebook copied to
``submitted/<student>/<assignment>/``, in a private temporary course folder,
which the grader then reads like any other. The download itself is only
read.

Identity comes only from what the LMS wrote: the download's own file or
folder names (:func:`_lms_part`). A name a student chose inside their folder
or their archive never decides whose work a file is. What cannot be graded
(a rejected id, two files claiming one student's notebook, an attempt time
that is no date, what was not unpacked) becomes a problem of the run, never
an error that stops it.
"""

import collections
import contextlib
import re
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from mlgrade.classrun import archives
from mlgrade.grading import submitted_files

#: Matched against each file's path inside the download (``/``-separated).
#: Canvas: ``doejane_12345_67890_ps01-hypothesis.ipynb`` (``_LATE_`` after the
#: name when late): student id 12345, the LMS's user id. Moodle, flat or in a
#: folder per student: ``Jane Doe_12345_assignsubmission_file_ps01.ipynb``,
#: ``Jane Doe_12345_assignsubmission_file_/ps01.ipynb``: id 12345. Blackboard:
#: ``PS 01_jdoe_attempt_2026-11-20-12-00-00_ps01.ipynb``: id jdoe, with the
#: attempt's time.
DEFAULT_REGEXP = (
    r"(?:.*/)?[^/]*?_(?:LATE_)?(?P<student_id>[^/_]+)_"
    r"(?:\d+_|assignsubmission_[a-z]+_?/?|attempt_(?P<timestamp>[0-9-]+)_)"
    r"(?P<file_id>[^/]+)\Z"
)
ARCHIVES = (".zip", ".gz")
#: How each LMS names a download's files, for a run's default source: Moodle's
#: ``_assignsubmission_``, Blackboard's ``_attempt_<time>_``, Canvas's
#: ``<name>_[LATE_]<user id>_<submission id>_``.
_LMS_NAMES = [
    ("moodle", re.compile(r"_assignsubmission_")),
    ("blackboard", re.compile(r"_attempt_[0-9-]+_")),
    ("canvas", re.compile(r"(?:^|/)[^/_]+_(?:LATE_)?[0-9]+_[0-9]+_[^/]+$")),
]
_PENDING = "lms-download"  #: the assignment's folder until it is known


class SubmissionsError(ValueError):
    """The submissions cannot be read as nbgrader's layout or an LMS download."""


@dataclass
class Collected:
    folder: Path  #: in nbgrader's layout
    #: (path inside the download, why it was not graded), sorted
    unmatched: list = field(default_factory=list)
    assignment: str = ""  #: the assignment of an LMS download
    #: student id -> the file's path inside the download, for feedback uploads
    originals: dict = field(default_factory=dict)
    late: set = field(default_factory=set)  #: ids whose file Canvas marked _LATE_
    #: (student, problem, detail) of files found but not graded: rejected ids,
    #: duplicates, attempt times that are no date, what was not unpacked
    problems: list = field(default_factory=list)


def default_source(collected):
    """The source a run of ``collected`` belongs to unless ``--source`` says:
    ``exchange`` for nbgrader's layout (JupyterHub's exchange), else the LMS
    that named most files of the download (``canvas``, ``moodle``,
    ``blackboard``), or ``lms`` when no LMS names more than half. A majority,
    not every file: a student's own file name may look like another LMS's,
    and must not move the class's run to another source."""
    if not collected.assignment:
        return "exchange"
    kinds = collections.Counter(
        next((kind for kind, names in _LMS_NAMES if names.search(path)), "lms")
        for path in collected.originals.values()
    )
    kind, count = kinds.most_common(1)[0] if kinds else ("lms", 0)
    return kind if 2 * count > sum(kinds.values()) else "lms"


def check_regexp(regexp):
    """The compiled ``--lms-regexp``; it needs nbgrader's two named groups."""
    try:
        pattern = re.compile(regexp)
    except re.error as exc:
        raise SubmissionsError(
            f"--lms-regexp is not a valid regular expression ({exc}): {regexp!r}"
        ) from None
    missing = [g for g in ("student_id", "file_id") if g not in pattern.groupindex]
    if missing:
        raise SubmissionsError(
            "--lms-regexp must contain the named groups (?P<student_id>...) and "
            f"(?P<file_id>...); {' and '.join(missing)} missing in {regexp!r}"
        )
    return pattern


def is_nbgrader_layout(path, assignments):
    """True for a folder of ``<student>/<assignment>/`` folders.

    It is, if any ``<student>/<assignment>`` folder is named after one of the
    ``assignments``, or if nothing in it looks like an LMS download (archives
    or notebooks at the top, or folders holding notebooks).
    """
    path = Path(path)
    if not path.is_dir():
        return False
    children = [c for c in path.iterdir() if not c.name.startswith(".")]
    folders = [c for c in children if c.is_dir()]
    if any((c / name).is_dir() for c in folders for name in assignments):
        return True
    return not any(
        c.name.lower().endswith((".ipynb", *ARCHIVES))
        if c.is_file()
        else any(c.glob("*.ipynb"))
        for c in children
    )


@contextlib.contextmanager
def open_submissions(path, assignments, *, assignment=None, regexp=None):
    """Yield a :class:`Collected` whose folder is in nbgrader's layout.

    ``path`` is nbgrader's layout (used as it is), or an LMS download: an
    archive, or a folder of archives, notebooks or per-student folders.
    ``assignments`` maps the course's assignment names to their masters.
    """
    path = Path(path)
    if not path.exists():
        raise SubmissionsError(f"SUBMISSIONS: no such file or folder: {path}")
    if is_nbgrader_layout(path, assignments):
        if assignment is not None or regexp is not None:
            raise SubmissionsError(
                f"{path} is in nbgrader's layout (<student>/<assignment>/); "
                "--assignment and --lms-regexp are for an LMS download"
            )
        yield Collected(path)
        return
    if assignment is not None and assignment not in assignments:
        raise SubmissionsError(
            f"--assignment {assignment!r} is not in solutions/ "
            f"(there: {', '.join(sorted(assignments))})"
        )
    pattern = check_regexp(DEFAULT_REGEXP if regexp is None else regexp)
    if path.is_file():
        _check_archive(path)
    with tempfile.TemporaryDirectory(prefix="mlgrade-lms-") as tmp:
        yield _collect(path, Path(tmp), assignments, assignment, pattern)


def _check_archive(path):
    name = path.name.lower()
    if not name.endswith(ARCHIVES):
        raise SubmissionsError(
            f"SUBMISSIONS: {path} is a file but not an archive (.zip, .tar.gz); "
            "give the LMS download or a folder"
        )
    readable = zipfile.is_zipfile if name.endswith(".zip") else tarfile.is_tarfile
    try:
        ok = readable(path)
    except OSError as exc:
        raise SubmissionsError(f"SUBMISSIONS: cannot read {path}: {exc}") from None
    if not ok:
        raise SubmissionsError(f"SUBMISSIONS: {path} is not a readable archive")


def _lms_part(relative, containers):
    """(the parts of ``relative`` the LMS wrote, the parts a student chose).

    The first part is the download's own name; the next is the LMS's name
    for a student's file or folder (Canvas's ``doejane_12345_67890_...``,
    Moodle's ``Jane Doe_12345_assignsubmission_file_``); one more for the
    LMS's archives (``containers``) inside a folder download. Whatever lies
    below was named by the student, in a folder or in an archive they
    uploaded."""
    parts = relative.split("/")
    n = 3 if "/".join(parts[:2]) in containers else 2
    return parts[:n], parts[n:]


def _identify(pattern, relative, containers):
    """(student id, file name, timestamp text) of a file, or None; the
    student id comes from the LMS's part of the path only."""
    ext = Path(relative).suffix
    if ext != ".ipynb":  # as nbgrader's collector: notebooks only
        return None
    lms_part, own = _lms_part(relative, containers)
    if not own:
        match = pattern.match(relative)
        file_id = match["file_id"] if match else None
    else:  # the student's own names stand aside: a neutral name in their place
        match = pattern.match("/".join([*lms_part, "submission" + ext]))
        file_id = own[-1]
    if not match or not file_id or not match["student_id"]:
        return None
    groups = match.groupdict()
    name = Path(file_id).stem + ext  # nbgrader's rule: the file_id, as a notebook
    return groups["student_id"], name, groups.get("timestamp")


def _attempt_time(text):
    """nbgrader's parse of a file name's attempt time, or None and why."""
    from nbgrader.utils import parse_utc

    try:
        return parse_utc(text), ""
    except (ValueError, OverflowError, TypeError):
        return None, "timestamp ignored: the attempt time in the file name is no date"


@dataclass
class _Found:
    """What collecting a download found, before the files are copied."""

    files: dict = field(default_factory=dict)  #: (student, name) -> [(rel, time)]
    skipped: list = field(default_factory=list)  #: (rel, why)
    problems: list = field(default_factory=list)  #: (student, problem, detail)
    originals: dict = field(default_factory=dict)
    late: set = field(default_factory=set)


def _find(extracted, pattern, containers):
    found = _Found()
    paths = sorted(
        p.relative_to(extracted).as_posix() for p in extracted.rglob("*") if p.is_file()
    )
    for relative in paths:
        where = submitted_files.shown(relative)  # names the students chose
        info = _identify(pattern, relative, containers)
        if info is None:
            why = (
                "not a notebook"
                if not relative.lower().endswith(".ipynb")
                else "file name does not match the LMS pattern"
            )
            found.skipped.append((where, why))
            continue
        student, name, stamp = info
        why = submitted_files.student_id_problem(student)
        if not why and submitted_files.student_id_problem(name):
            why = "the notebook's name cannot name a file"
        if why:
            shown = submitted_files.shown(student)
            found.problems.append(
                (shown, "student id rejected", f"{where}: {why}; not graded")
            )
            continue
        time = None
        if stamp:
            time, why = _attempt_time(stamp)
            if why:
                found.problems.append((student, "timestamp ignored", f"{where}: {why}"))
        found.files.setdefault((student, name), []).append((relative, time))
        found.originals.setdefault(student, relative)
        if f"_LATE_{student}_" in _lms_part(relative, containers)[0][-1]:
            found.late.add(student)
    return found


def _one_each(found):
    """{(student, name): (rel, time)}: one file for each; two that claim one
    student's notebook are both reported, and neither is graded, unless
    attempt times tell the newer (as nbgrader keeps the newer)."""
    kept = {}
    for key, files in sorted(found.files.items()):
        times = [t for _, t in files]
        newest = max(times) if None not in times else None
        if len(files) == 1:
            kept[key] = files[0]
        elif newest is not None and times.count(newest) == 1:
            kept[key] = files[times.index(newest)]
            for rel, time in files:
                if time != newest:
                    older = submitted_files.shown(rel)
                    found.skipped.append((older, "an older attempt of the same file"))
        else:
            for rel, _ in files:
                found.problems.append(
                    (
                        key[0],
                        "duplicate submission",
                        f"{submitted_files.shown(rel)}: {len(files)} files claim "
                        f"{key[1]} of this "
                        "student; none is graded",
                    )
                )
            if found.originals.get(key[0]) in {r for r, _ in files}:
                found.originals.pop(key[0])
    return kept


def _zip_collect(download, root, pattern, limits=None):
    """Unpack ``download`` within ``limits`` and copy each student's notebooks
    to ``root/submitted/<student>/<pending>/``, as nbgrader's zip_collect
    does; (skipped files, problems, originals, late ids)."""
    extracted = root / "extracted"
    left_out, folders = archives.unpack(download, extracted, limits)
    # the LMS's own archives inside a folder download: their names carry no id
    containers = {
        f
        for f in folders
        if f.count("/") == 1 and download.is_dir() and not pattern.match(f + ".zip")
    }
    found = _find(extracted, pattern, containers)
    kept = _one_each(found)
    for (student, name), (relative, _) in kept.items():
        target = root / "submitted" / student / _PENDING
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(extracted / relative, target / name)
    times = {}
    for (student, _), (_, time) in kept.items():
        if time is not None and (student not in times or time > times[student]):
            times[student] = time
    for student, time in times.items():
        stamp = root / "submitted" / student / _PENDING / "timestamp.txt"
        stamp.write_text(time.isoformat(" "))
    problems = found.problems + [
        ("", "not unpacked", f"{p}: {why}") for p, why in left_out
    ]
    return sorted(found.skipped), problems, found.originals, found.late


def _named(download, assignments):
    """Assignments whose name, or its first word (``ps01``), names the download."""
    text = download.name.lower()
    found = set()
    for name in assignments:
        for word in {name.lower(), name.lower().split("-")[0]}:
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text):
                found.add(name)
    return found


def _infer(download, submitted, assignments):
    notebooks = {p.name for p in submitted.glob(f"*/{_PENDING}/*.ipynb")}
    seen = {n for n, a in assignments.items() if a.notebook in notebooks}
    named = _named(download, assignments)
    if len(named) == 1 and (not seen or named <= seen):
        return named.pop()
    if not named and len(seen) == 1:
        return seen.pop()
    evidence = []
    if named:
        evidence.append(f"its name suggests {', '.join(sorted(named))}")
    if seen:
        evidence.append(f"it holds notebooks of {', '.join(sorted(seen))}")
    raise SubmissionsError(
        f"cannot tell which assignment {download.name} is"
        f" ({'; '.join(evidence) or 'no name or notebook matches solutions/'}); "
        f"pass --assignment NAME (one of: {', '.join(sorted(assignments))})"
    )


def _collect(download, root, assignments, assignment, pattern):
    unmatched, problems, originals, late = _zip_collect(download, root, pattern)
    submitted = root / "submitted"
    if not any(submitted.glob(f"*/{_PENDING}/*")):
        shown = ", ".join(f for f, _ in unmatched[:5]) or "none"
        refused = "".join(f"; {detail}" for _, _, detail in problems[:5])
        raise SubmissionsError(
            f"no notebooks found in {download} whose names carry a student id "
            f"({len(unmatched)} files skipped: {shown}{refused}); "
            "check --lms-regexp"
        )
    if assignment is None:
        assignment = _infer(download, submitted, assignments)
    for folder in sorted(submitted.glob(f"*/{_PENDING}")):
        folder.rename(folder.parent / assignment)
    return Collected(submitted, unmatched, assignment, originals, late, problems)
