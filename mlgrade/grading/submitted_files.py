"""Reading what a student handed in: their id, their files, their timestamp.

A submission is untrusted all the way down. Its folder may hold symbolic
links (``nbgrader collect`` copies what it finds) to the master notebook or
the grading secret, hard links, pipes or devices, and its ``timestamp.txt``
may be anything. The grader runs with the instructor's rights, so it reads
only regular files that are no link of any kind, and never more than a
bounded number of bytes; everything else is reported, never read.
"""

import os
import stat
import unicodedata
from pathlib import Path

from mlgrade.insight import safe_text
from mlgrade.term.deadlines import DeadlineError, parse_time

#: The largest notebook read (a notebook with its outputs is rarely above a
#: few MB; a larger one is reported, not loaded into the grader).
MAX_NOTEBOOK_BYTES = 64 << 20
#: ``timestamp.txt`` and ``submission_secret.txt`` are one short line.
MAX_SMALL_FILE_BYTES = 4096
_SPECIAL_IDS = {".", "..", "..."}


class NotReadable(ValueError):
    """A submitted file that is not read: a link, a special file, too big."""


def student_id_problem(student):
    """Why ``student`` cannot be a student id (it names folders and CSV rows),
    or "" if it can."""
    if not student or not student.strip():
        return "empty student id"
    if student != student.strip():
        return "student id starts or ends with white space"
    if student in _SPECIAL_IDS or set(student) == {"."}:
        return "student id is only dots"
    if "/" in student or "\\" in student:
        return "student id holds a path separator"
    try:
        student.encode("utf-8")
    except UnicodeEncodeError:
        return "student id is not UTF-8 text"
    for char in student:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            return (
                "student id holds an invisible or control character "
                f"(U+{ord(char):04X})"
            )
    if len(student) > 200:
        return "student id longer than 200 characters"
    return ""


def shown(name):
    """A file or folder name as text for a report (undecodable bytes and
    control characters made visible)."""
    return safe_text.visible(name)


def read_file(path, limit):
    """The bytes of ``path`` if it is a regular file, no symbolic or hard
    link, of at most ``limit`` bytes; else :class:`NotReadable`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if Path(path).is_symlink():
            raise NotReadable("a symbolic link (not followed)") from None
        raise NotReadable(f"cannot be opened ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable("not a regular file")
        if info.st_nlink != 1:
            raise NotReadable("a hard link (not read)")
        if info.st_size > limit:
            raise NotReadable(f"larger than {limit} bytes")
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise NotReadable(f"larger than {limit} bytes")
    return data


def is_plain_file(path):
    """True if ``path`` is a regular file that is no symbolic link."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def is_plain_dir(path):
    """True if ``path`` is a folder that is no symbolic link."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def read_timestamp(folder):
    """(timestamp, problem) from ``folder/timestamp.txt``: its text, kept only
    if it is a date and time (nbgrader's or ISO 8601), else "" and why."""
    path = Path(folder, "timestamp.txt")
    if not os.path.lexists(path):
        return "", ""
    try:
        text = read_file(path, MAX_SMALL_FILE_BYTES).decode("utf-8").strip()
    except NotReadable as exc:
        return "", f"timestamp ignored: timestamp.txt is {exc}"
    except UnicodeDecodeError:
        return "", "timestamp ignored: timestamp.txt is not UTF-8 text"
    if not text:
        return "", "timestamp ignored: timestamp.txt is empty"
    if len(text) > 64 or not set(text) <= set("0123456789-:. TZUTCGM+"):
        return "", "timestamp ignored: timestamp.txt is not a date and time"
    try:
        parse_time(text)
    except DeadlineError:
        return "", "timestamp ignored: timestamp.txt is not a date and time"
    return text, ""
