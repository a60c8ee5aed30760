"""Execute the book's chapters in parallel into the build's execution cache.

Jupyter Book 1.x (myst-nb, ``execute_notebooks: cache``) executes the
chapters one after the other, while Sphinx reads them. This runs first, from
scripts/build-book.sh: it adds every MyST notebook chapter to the same
jupyter-cache project, read by myst-nb's own reader, and runs those whose
code changed with jupyter-cache's parallel executor (one process per core,
each chapter in its own folder, as myst-nb runs it). The build then finds
every chapter in the cache and executes nothing; a chapter that fails here is
executed again by the build, which reports its error as usual.
"""

import logging
import os
import sys
import time
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor
from myst_nb.core.read import is_myst_markdown_notebook

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"
READER = {"type": "plugin", "name": "myst_nb_md"}  # what myst-nb registers
TIMEOUT = 120  # seconds per cell, as execute.timeout in _config.yml


def _cached(text):
    """Whether a chapter is executed through the cache (not its own mode)."""
    front = text.split("---", 2)[1] if text.startswith("---") else ""
    mode = ((yaml.safe_load(front) or {}).get("mystnb") or {}).get("execution_mode")
    return mode in (None, "cache")


def chapters():
    """The MyST notebook chapters that the build takes from the cache."""
    out = []
    for path in sorted((ROOT / "book").glob("*.md")):
        text = path.read_text(encoding="utf8")
        if is_myst_markdown_notebook(text) and _cached(text):
            out.append(path)
    return out


def main():
    start = time.perf_counter()
    cache = get_cache(str(CACHE))
    paths = [str(p) for p in chapters()]
    for path in paths:
        cache.add_nb_to_project(path, read_data=READER)
    logger = logging.getLogger("execute-chapters")
    logger.addHandler(logging.StreamHandler(sys.stdout))
    logger.setLevel(logging.WARNING)
    executor = load_executor("local-parallel", cache, logger=logger)
    result = executor.run_and_cache(
        filter_uris=paths, timeout=TIMEOUT, allow_errors=False
    )
    done = len(result.succeeded)
    failed = len(result.excepted) + len(result.errored)
    print(
        f">> executed {done} chapter(s) on {os.cpu_count()} cores in "
        f"{time.perf_counter() - start:.1f} s"
        + (f"; {failed} failed (the build runs them again)" if failed else "")
    )


if __name__ == "__main__":
    main()
