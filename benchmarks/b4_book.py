"""B4. The book build: cold and warm wall time of ``make book``, per chapter.

The build runs in a throw-away clone of the committed repository (so that it
never touches the working tree's ``_build``, which others may be building),
sharing the working tree's ``.venv`` through a symlink. ``make -o
.venv/.installed book`` runs exactly ``make book`` without re-installing the
shared environment. The chapters import the clone's own ``mllesson``
(``PYTHONPATH``).

- cold: ``_build`` removed (no execution cache, no HTML); target 60 s;
- warm: run again with nothing changed; target 15 s;
- per chapter: the execution seconds jupyter-cache recorded in the cold build.

MathJax, a git-ignored asset that ``scripts/build-book.sh`` fetches from the
npm registry once per clone, is copied from the working tree when it is there,
so the cold build times the book rather than the download.
"""

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ._common import ROOT, Row, python

TARGET_COLD = ("<=", 60.0)
TARGET_WARM = ("<=", 15.0)
MATHJAX = Path("book/_static/mathjax")
BUILD = ["make", "-o", ".venv/.installed", "book"]


def clone(dest):
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(dest)], check=True)
    (dest / ".venv").symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
    if (ROOT / MATHJAX / "tex-chtml.js").is_file():
        shutil.copytree(ROOT / MATHJAX, dest / MATHJAX)
        return True
    return False


def timed_build(repo, cmd):
    env = dict(os.environ, PYTHONPATH=str(repo), MPLBACKEND="Agg")
    env.pop("MAKEFLAGS", None)  # a parent make's flags (e.g. -n) must not leak in
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
    return elapsed, proc.returncode, tail


def chapter_times(repo):
    """Execution seconds per chapter, from the build's jupyter-cache."""
    from jupyter_cache import get_cache

    path = repo / "_build" / ".jupyter_cache"
    if not path.is_dir():
        return {}
    times = {}
    for record in get_cache(str(path)).list_cache_records():
        uri = Path(record.uri)
        name = str(uri.relative_to(repo)) if uri.is_relative_to(repo) else uri.name
        times[name] = (record.data or {}).get("execution_seconds")
    return dict(sorted(times.items()))


# What ``--quick`` runs instead of the book: it leaves a jupyter-cache with one
# executed "chapter", as a real build does, in a fraction of a second.
STAND_IN = """
import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
cache = get_cache("_build/.jupyter_cache")
uri = __import__("os").path.abspath("book/intro.md")
cache.cache_notebook_bundle(
    CacheBundleIn(nb, uri, data={"execution_seconds": 0.01}),
    check_validity=False, overwrite=True)
"""


def run(quick=False, cmd=None, keep=False):
    """Cold and warm builds in a fresh clone. ``cmd`` replaces ``make book``;
    ``quick`` runs a stand-in that only writes a jupyter-cache record."""
    if cmd is None:
        cmd = [python(), "-c", STAND_IN] if quick else BUILD
    tmp = Path(tempfile.mkdtemp(prefix="mllesson-b4-"))
    repo = tmp / "repo"
    try:
        had_mathjax = clone(repo)
        shutil.rmtree(repo / "_build", ignore_errors=True)
        cold, cold_rc, cold_log = timed_build(repo, cmd)
        chapters = chapter_times(repo)
        warm, warm_rc, warm_log = timed_build(repo, cmd)
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    rows = []
    for label, secs, rc, target in (
        ("cold (empty cache)", cold, cold_rc, TARGET_COLD),
        ("warm (no change)", warm, warm_rc, TARGET_WARM),
    ):
        ok = rc == 0
        rows.append(
            Row(
                "B4", f"book build, {label}", secs if ok else None,
                ratio=secs if ok else None, target=target,
                note="" if ok else f"build failed (exit {rc})",
            )  # fmt: skip
        )
    total_exec = sum(t for t in chapters.values() if t)
    rows.append(
        Row(
            "B4", f"chapter execution, {len(chapters)} chapters (sum)",
            total_exec if chapters else None,
            note="" if chapters else "no jupyter-cache records",
        )  # fmt: skip
    )
    for name, secs in chapters.items():
        rows.append(Row("B4", f"  executing {Path(name).stem}", secs))
    details = {
        "command": " ".join(cmd),
        "cold_s": cold, "warm_s": warm, "cold_exit": cold_rc, "warm_exit": warm_rc,
        "chapters_s": chapters, "mathjax_copied": had_mathjax,
        "cold_log_tail": cold_log if cold_rc else [],
        "warm_log_tail": warm_log if warm_rc else [],
    }  # fmt: skip
    return {"rows": rows, "details": details}
