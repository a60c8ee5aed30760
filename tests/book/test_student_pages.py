"""What the built site tells students, and what it leaves to contributors.

A student reads the site, never the repository: the index's set-up sends
readers and students to "Working on the assignments", which covers a
JupyterHub, a laptop without `make` and Colab; the Assignments page says how
to hand a notebook in, each of those three ways; the contributors' set-up
(`make book`, `make test`) is on its own page and in the README; the
instructors' page says to publish the students' copy with `make public`;
Binder builds the readers' environment, not the developers' toolchain.
"""

import importlib.metadata
import re

import pytest
from book_site import ROOT, SITE
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow

#: The developers' tools, which no student or reader needs.
DEVELOPER_TOOLS = ("playwright", "dask", "jupyter-book", "nbgrader", "pytest", "ruff")


def _page(name):
    path = SITE / "book" / f"{name}.html"
    assert path.is_file(), f"{path} is missing: run `make book`"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _section(page, anchor):
    """The page's section of that MyST label (its id, or its heading's)."""
    found = page.select_one(f"section#{anchor}")
    if found is None:
        label = page.find(id=anchor)
        found = label.find_parent("section") if label else None
    assert found is not None, f"no section {anchor}"
    return found


def _text(element):
    return re.sub(r"\s+", " ", element.get_text(" "))


def _commands(element):
    return [pre.get_text().strip() for pre in element.select("pre")]


def test_the_set_up_of_the_index_is_for_readers_and_students():
    setup = _section(_page("intro"), "set-up")
    text = _text(setup)
    for contributors_only in ("make ", "make book", "make test", "git clone"):
        assert contributors_only not in text, contributors_only
    assert "clone" not in text.lower()
    links = {a["href"].split("#")[0] for a in setup.select("a[href]")}
    assert {"working.html", "contributing.html"} <= links, links


def test_the_contributors_set_up_is_on_its_own_page_and_in_the_readme():
    commands = "\n".join(_commands(_page("contributing")))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for line in ("make book", "make test"):
        assert line in commands, line
        assert line in readme, line


def test_the_working_page_covers_a_hub_a_laptop_and_colab():
    page = _page("working")
    hub = _text(_section(page, "working-hub"))
    for step in ("Fetch", "Submit", "nbgrader submit"):
        assert step in hub, step

    laptop = _section(page, "working-laptop")
    text = _text(laptop)
    for system in ("Windows", "macOS", "Linux"):
        assert system in text, system
    commands = _commands(laptop)
    pip = [c for c in commands if c.startswith("python -m pip install")]
    conda = [c for c in commands if c.startswith("conda create")]
    assert len(pip) == 1 and len(conda) == 1, commands
    assert "[lab]" in pip[0] and "mllesson" in pip[0]
    assert "\n" not in pip[0], "the laptop's install is one line"
    # A student needs neither make nor the repository.
    assert not [c for c in commands if re.match(r"(make|git)\b", c)], commands
    assert "Windows: mllesson-env\\Scripts\\activate" in text

    colab = _text(_section(page, "working-colab"))
    for step in ("Upload", "first cell", "Download .ipynb"):
        assert step in colab, step


def test_the_assignments_page_says_how_to_hand_in_each_way():
    hand_in = _text(_section(_page("assignments"), "assignments-hand-in"))
    assert "Restart" in hand_in and "Run All" in hand_in
    assert "Restart session and run all" in hand_in  # Colab's menu
    assert "nbgrader submit" in hand_in  # the hub
    assert "upload the notebook" in hand_in  # a laptop
    assert "Download .ipynb" in hand_in  # Colab, before the upload
    # The intro's promise: the Assignments page explains handing in.
    intro = _page("intro")
    assert intro.select_one('a[href^="assignments.html"]') is not None


def test_the_instructors_page_says_to_publish_the_students_copy():
    publishing = _section(_page("instructors"), "instructors-publishing")
    text = _text(publishing)
    assert "make public DEST=" in text
    for left_out in ("solutions/", "hiddenchecks/", "mlgrade/"):
        assert left_out in text, left_out


def _pins(path):
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.lower()] = version
    return pins


def test_binder_builds_the_readers_environment():
    readers = _pins(ROOT / "binder" / "requirements.txt")
    assert {"numpy", "matplotlib", "jupyterlab"} <= set(readers)
    for tool in DEVELOPER_TOOLS:
        assert tool not in readers, tool
    # The same versions the course's chapters are built and tested with.
    for name, version in readers.items():
        assert importlib.metadata.version(name) == version, name
    assert not (ROOT / "postBuild").exists() and not (ROOT / "runtime.txt").exists()
