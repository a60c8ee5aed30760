"""Unpacking an LMS download without trusting anything inside it.

A download is the LMS's archive (or a folder), holding what students
uploaded, which may itself be archives. A student controls those: a 7 KB zip
can hold a 1 GiB entry, a nested fan-out can write gigabytes, a tar can hold
links to the grader's files or devices, a member name need not be text. So
the download is unpacked here, within :class:`ArchiveLimits`, and only
regular files and folders are ever written: links, devices, names that climb
out (``../``) or are no text are left out. Each archive is unpacked into a
folder of its own name (``work.zip`` into ``work/``), so that where a file
came from, and whose upload held it, stays visible in its path.

Whatever is left out is returned as (path inside the download, why), for the
run's problems; nothing here raises for what a student handed in.
"""

import os
import stat
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from mlgrade.insight.safe_text import visible

ARCHIVES = (".zip", ".tar.gz", ".tgz", ".gz")
_CHUNK = 1 << 16


@dataclass(frozen=True)
class ArchiveLimits:
    """How much one download may unpack to."""

    total_bytes: int = 4 << 30  #: all unpacked files together
    entries: int = 20_000  #: files and folders, all archives together
    depth: int = 3  #: the download, a student's archive, one archive inside that
    #: unpacked bytes per packed byte of one archive, once it has unpacked
    #: ``ratio_floor`` bytes (notebooks pack about 5:1, zip bombs 1000:1)
    ratio: int = 100
    ratio_floor: int = 1 << 20


class _Refused(Exception):
    """One file or archive is not unpacked (the message says why)."""

    def __init__(self, why, owner=None):
        super().__init__(why)
        self.owner = owner  #: the _Budget of the archive refused as a whole


@dataclass
class _Budget:
    """What one archive has unpacked, archives inside it included: a zip of
    small zips is held to its own size, not only each inner zip to theirs."""

    size: int  #: the archive's packed size
    parent: "_Budget | None" = None
    unpacked: int = 0
    #: False for the LMS's own download: each of its members is held to its
    #: own packed size instead, so that one student's bomb stops only itself
    whole: bool = True

    def chain(self):
        budget = self
        while budget is not None:
            yield budget
            budget = budget.parent


class _Stop(Exception):
    """A limit of the whole download is reached: nothing more is unpacked."""


@dataclass
class _Unpacking:
    limits: ArchiveLimits
    left_out: list = field(default_factory=list)  #: (path, why)
    folders: list = field(default_factory=list)  #: paths of unpacked archives
    written: int = 0
    entries: int = 0
    stopped: str = ""

    def count_entry(self):
        self.entries += 1
        if self.entries > self.limits.entries:
            raise _Stop(f"more than {self.limits.entries} files and folders")

    def add_bytes(self, n):
        self.written += n
        if self.written > self.limits.total_bytes:
            raise _Stop(f"more than {self.limits.total_bytes} bytes unpacked")


def is_archive(name):
    return str(name).lower().endswith(ARCHIVES)


def archive_stem(name):
    """``work`` for ``work.zip``, ``work.tar.gz``, ``work.tgz``, ``work.gz``."""
    lower = name.lower()
    for ext in (".tar.gz", ".tgz", ".zip", ".gz"):
        if lower.endswith(ext):
            return name[: -len(ext)] or "archive"
    return name


def _name_problem(part):
    if part in ("", ".", ".."):
        return "a path that leaves its folder"
    try:
        part.encode("utf-8")
    except UnicodeEncodeError:
        return "a name that is not UTF-8 text"
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in part):
        return "a name with control characters"
    return ""


def _parts(name):
    """The parts of an archive member's name, or _Refused if it is absolute,
    climbs out with ``..`` or is no text."""
    clean = name.replace("\\", "/").strip("/")
    if name.startswith(("/", "\\")) or not clean:
        raise _Refused("an absolute or empty path")
    parts = [p for p in clean.split("/") if p not in ("", ".")]
    for part in parts:
        why = _name_problem(part)
        if why:
            raise _Refused(why)
    return parts


def unpack(download, dest, limits=None):
    """Unpack ``download`` (an archive or a folder) under ``dest``; return
    ([(path inside the download, why)] of what was left out, [the folders
    archives were unpacked into]). The paths begin with the download's name
    without its extension."""
    job = _Unpacking(limits or ArchiveLimits())
    download = Path(download)
    try:
        if download.is_dir():
            _copy_folder(job, download, Path(dest, download.name), download.name, 0)
        else:
            name = archive_stem(download.name)
            _unpack_archive(job, download, Path(dest, name), name, 1, whole=False)
    except _Stop as exc:
        job.left_out.append((visible(download.name), f"unpacking stopped: {exc}"))
    return job.left_out, job.folders


def _copy_folder(job, src, dst, rel, depth):
    dst.mkdir(parents=True, exist_ok=True)
    for entry in sorted(os.scandir(src), key=lambda e: e.name):
        where = f"{rel}/{entry.name}"
        why = _name_problem(entry.name)
        if why:
            job.left_out.append((visible(where), f"not read: {why}"))
        elif entry.is_symlink():
            job.left_out.append((visible(where), "not read: a symbolic link"))
        elif entry.is_dir(follow_symlinks=False):
            job.count_entry()
            _copy_folder(job, Path(entry.path), dst / entry.name, where, depth)
        elif not entry.is_file(follow_symlinks=False):
            job.left_out.append((visible(where), "not read: not a regular file"))
        elif entry.stat(follow_symlinks=False).st_nlink != 1:
            job.left_out.append((visible(where), "not read: a hard link"))
        elif is_archive(entry.name):
            stem = archive_stem(entry.name)
            _unpack_archive(
                job, Path(entry.path), dst / stem, f"{rel}/{stem}", depth + 1
            )
        else:
            job.count_entry()
            flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
            with os.fdopen(os.open(entry.path, flags), "rb") as fh:
                _write(job, fh, dst / entry.name, where, None)


def _write(job, source, target, where, budget):
    """Copy ``source`` to a new file ``target`` within the limits; ``budget``
    is that of the archive it comes from (None for a plain file)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    try:
        fd = os.open(target, flags, 0o600)
    except FileExistsError:
        raise _Refused("a second file of the same name") from None
    done = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := source.read(_CHUNK):
                done += len(chunk)
                job.add_bytes(len(chunk))
                if budget is not None:
                    _check_ratio(job, budget, done)
                out.write(chunk)
    except (_Refused, _Stop):
        os.unlink(target)
        raise
    if budget is not None:
        for each in budget.chain():
            each.unpacked += done
    return done


def _check_ratio(job, budget, done):
    """_Refused for the innermost archive (of ``budget`` and those holding
    it) that, with ``done`` more bytes, unpacks more than its ratio allows:
    a student's archive is stopped before the download that holds it."""
    limits = job.limits
    for each in budget.chain():
        if not each.whole:
            continue
        unpacked = each.unpacked + done
        if unpacked > max(limits.ratio_floor, limits.ratio * each.size):
            why = f"unpacks to more than {limits.ratio} times its size"
            raise _Refused(why, owner=each)


def _unpack_archive(job, path, dst, rel, depth, parent=None, whole=True):
    """Unpack one archive into the folder ``dst``; a broken or oversized one
    is left out (what it had unpacked stays, and is graded as usual)."""
    job.count_entry()
    if depth > job.limits.depth:
        job.left_out.append(
            (
                visible(rel),
                f"not unpacked: nested deeper than {job.limits.depth} archives",
            )
        )
        return
    job.folders.append(rel)
    try:
        dst.mkdir(parents=True, exist_ok=True)
        state = _Budget(path.stat().st_size, parent, whole=whole)
        if path.name.lower().endswith(".zip") or zipfile.is_zipfile(path):
            _unpack_zip(job, path, dst, rel, depth, state)
        else:
            _unpack_tar(job, path, dst, rel, depth, state)
    except _Refused as exc:
        if exc.owner is not None and exc.owner is not state:
            raise  # an archive holding this one is stopped as a whole
        job.left_out.append((visible(rel), f"archive not unpacked further: {exc}"))
    except (OSError, EOFError, zipfile.BadZipFile, tarfile.TarError, ValueError) as exc:
        job.left_out.append(
            (visible(rel), f"not a readable archive ({type(exc).__name__})")
        )


def _member(job, dst, rel, name, state, opener, depth, packed_size=None):
    """Write one member; its own problems are left out, the archive goes on.
    ``packed_size``: the member's compressed size, where the archive says."""
    try:
        parts = _parts(name)
    except _Refused as exc:
        job.left_out.append((visible(f"{rel}/{name}"), f"not unpacked: {exc}"))
        return
    where = "/".join([rel, *parts])
    target = dst.joinpath(*parts)
    job.count_entry()
    budget = state
    if not state.whole:  # a member of the download: held to its own size
        # (a tar's members have no packed size: the download's limits hold)
        budget = _Budget(packed_size or 0, state, whole=packed_size is not None)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with opener() as source:
            _write(job, source, target, where, budget)
    except _Refused as exc:
        if exc.owner is not None and exc.owner is not budget:
            raise  # an archive as a whole is a bomb: stop it
        job.left_out.append((visible(where), f"not unpacked: {exc}"))
        return
    except (FileExistsError, NotADirectoryError):
        job.left_out.append((visible(where), "not unpacked: a file and a folder alike"))
        return
    if is_archive(parts[-1]):  # a student's archive inside: its own folder
        stem = archive_stem(parts[-1])
        nested = target.with_name(stem)
        where = "/".join([rel, *parts[:-1], stem])
        try:
            _unpack_archive(job, target, nested, where, depth + 1, budget)
        except _Refused as exc:  # archives inside it unpacked past its ratio
            if exc.owner is not budget:
                raise
            job.left_out.append((visible(where), f"not unpacked further: {exc}"))
        finally:
            target.unlink()


def _unpack_zip(job, path, dst, rel, depth, state):
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            kind = stat.S_IFMT(info.external_attr >> 16)  # 0: not recorded
            where = visible(f"{rel}/{info.filename}")
            if info.is_dir():
                continue  # folders come with their files
            if kind and kind != stat.S_IFREG:
                job.left_out.append((where, "not unpacked: a link or special file"))
                continue
            if info.flag_bits & 0x1:
                job.left_out.append((where, "not unpacked: encrypted"))
                continue
            opener = lambda info=info: archive.open(info)  # noqa: E731
            _member(
                job, dst, rel, info.filename, state, opener, depth, info.compress_size
            )


def _unpack_tar(job, path, dst, rel, depth, state):
    with tarfile.open(path, "r:*") as archive:
        for member in archive:
            where = visible(f"{rel}/{member.name}")
            if member.isdir():
                continue
            if not member.isreg():
                job.left_out.append((where, "not unpacked: a link or special file"))
                continue
            opener = lambda m=member: archive.extractfile(m)  # noqa: E731
            _member(job, dst, rel, member.name, state, opener, depth)
