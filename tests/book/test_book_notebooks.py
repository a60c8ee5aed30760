"""Every chapter of the table of contents, converted to a notebook with jupytext
and executed with nbval, the way a student running it in Jupyter would.

The chapters hold hidden assert cells (tagged ``remove-cell``) on the numbers
their text states, so running them checks the teaching, not only that the code
does not crash. The converted notebooks live in a temporary folder and are
never committed.
"""

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from book_site import ROOT

pytestmark = pytest.mark.slow

CHAPTER = re.compile(r"^book/\d\d-[\w-]+$")


def toc_chapters():
    """The numbered chapters listed in _toc.yml, in order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = []
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            if CHAPTER.match(entry.get("file", "")):
                files.append(ROOT / f"{entry['file']}.md")
    return files


def test_toc_lists_the_chapters():
    chapters = toc_chapters()
    assert chapters, "_toc.yml lists no numbered chapters"
    for md in chapters:
        assert md.is_file(), f"{md} is in _toc.yml but missing"


def test_every_chapter_runs_under_nbval(tmp_path):
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts =\n")
    shutil.copy(ROOT / "book" / "_preamble.py", tmp_path / "_preamble.py")
    failures = []
    for md in toc_chapters():
        notebook = tmp_path / f"{md.stem}.ipynb"
        subprocess.run(
            [sys.executable, "-m", "jupytext", "--quiet", "--to", "notebook",
             "--output", str(notebook), str(md)],
            check=True,
        )  # fmt: skip
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
             "-c", str(tmp_path / "pytest.ini"), "--nbval-lax",
             "--nbval-current-env", "--nbval-cell-timeout=120", str(notebook)],
            cwd=tmp_path, capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode != 0:
            failures.append(f"--- {md.name}\n{result.stdout[-4000:]}{result.stderr}")
    assert not failures, "\n".join(failures)
