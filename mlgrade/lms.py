"""Submissions as an LMS downloads them, turned into nbgrader's layout.

"Download all submissions" in Canvas, Moodle or Blackboard gives a ``.zip``
(or, once unpacked, a folder) whose file names carry the student's id.
nbgrader's own ``zip_collect`` machinery (its extractor and file-name
collector plugins) unpacks it and copies each notebook to
``submitted/<student>/<assignment>/``, in a private temporary course folder;
the grader then reads that folder like any other. The download itself is
only read.
"""

import contextlib
import logging
import re
import shutil
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

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
        yield _collect(path, Path(tmp), assignments, assignment, pattern.pattern)


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


def _collector_class():
    """nbgrader's collector, shown paths relative to the download's root.

    Absolute paths would put the temporary folder's name before every file
    name (and into the match); files it skips are remembered for the report.
    Built on first use: importing nbgrader takes most of a second, which
    every grading process would otherwise pay for nbgrader-layout input too.
    """
    from nbgrader.plugins.zipcollect import FileNameCollectorPlugin

    class Collector(FileNameCollectorPlugin):
        root = ""
        skipped = None
        originals = None
        late = None

        def collect(self, submitted_file):
            relative = Path(submitted_file).relative_to(self.root).as_posix()
            info = super().collect(relative)
            if info is not None and relative.lower().endswith(".ipynb"):
                self.originals.setdefault(info["student_id"], relative)
                late = f"_LATE_{info['student_id']}_"
                if late in relative.rsplit("/", 1)[-1]:
                    self.late.add(info["student_id"])
            if info is None:
                why = (
                    "not a notebook"
                    if not relative.lower().endswith(".ipynb")
                    else "file name does not match the LMS pattern"
                )
                self.skipped.append((relative, why))
            return info

    return Collector


class _Log(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.errors = []

    def emit(self, record):
        self.errors.append(record.getMessage())


def _zip_collect(download, root, pattern):
    """nbgrader's zip_collect of ``download`` into course folder ``root``."""
    from nbgrader.apps.zipcollectapp import ZipCollectApp
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    archive = root / "downloaded" / _PENDING / "archive"
    archive.mkdir(parents=True)
    if download.is_dir():
        shutil.copytree(download, archive / download.name)
    else:  # nbgrader unpacks .zip and .gz, in lower case only
        shutil.copyfile(download, archive / (download.stem + download.suffix.lower()))
    log = logging.getLogger("mlgrade.lms")
    log.propagate = False
    log.setLevel(logging.WARNING)
    handler = _Log()
    log.addHandler(handler)
    config = Config()
    config.CourseDirectory.root = str(root)
    config.CourseDirectory.assignment_id = _PENDING
    config.FileNameCollectorPlugin.named_regexp = pattern
    config.ZipCollectApp.collector_plugin = _collector_class()
    app = ZipCollectApp(config=config, log=log)
    app.coursedir = CourseDirectory(parent=app)
    app.init_plugins()
    collector = app.collector_plugin_inst
    collector.root = str(root / "downloaded" / _PENDING / "extracted")
    collector.skipped = []
    collector.originals, collector.late = {}, set()
    try:
        app.extract_archive_files()
        app.process_extracted_files()
    except SystemExit:  # nbgrader's fail(): its message went to the log
        raise SubmissionsError(
            f"nbgrader zip_collect failed on {download.name}: "
            + "; ".join(handler.errors or ["(no message)"])
        ) from None
    except Exception as exc:  # an archive inside the download that is broken
        detail = str(exc).replace(f"{archive}/", "")
        raise SubmissionsError(
            f"cannot unpack {download.name}: {type(exc).__name__}: {detail}"
        ) from None
    finally:
        log.removeHandler(handler)
    return sorted(collector.skipped), collector.originals, collector.late


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
    unmatched, originals, late = _zip_collect(download, root, pattern)
    submitted = root / "submitted"
    if not any(submitted.glob(f"*/{_PENDING}/*")):
        shown = ", ".join(f for f, _ in unmatched[:5]) or "none"
        raise SubmissionsError(
            f"no notebooks found in {download} whose names carry a student id "
            f"({len(unmatched)} files skipped: {shown}); "
            "check --lms-regexp"
        )
    if assignment is None:
        assignment = _infer(download, submitted, assignments)
    for folder in sorted(submitted.glob(f"*/{_PENDING}")):
        folder.rename(folder.parent / assignment)
    return Collected(submitted, unmatched, assignment, originals, late)
