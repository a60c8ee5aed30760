"""The site's address and repository, configured once in _config.yml: the
launch buttons, the install cells, the assignments' links to their chapters
and the package's wheel all follow them, and nothing points to a made-up host.
"""

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from book_site import ROOT, SITE, built_pages
from bs4 import BeautifulSoup

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import site_address  # noqa: E402
from site_address import (  # noqa: E402
    SiteAddress,
    for_the_site,
    install_cell,
    is_install_cell,
    package_version,
    read_site_address,
    wheel_name,
    wheel_url,
)

sys.path.pop(0)

ADDRESS = read_site_address(ROOT)
VERSION = package_version(ROOT)
ASSIGNMENTS = sorted((ROOT / "exercises").glob("ps*/ps*.ipynb"))
MASTERS = sorted((ROOT / "solutions").glob("ps*/ps*.ipynb"))
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]-*.ipynb"))
#: Hosts that stand for "fill in your own": the course's old placeholder
#: repository and the reserved example names (RFC 2606, RFC 6761).
PLACEHOLDER = re.compile(
    r"github\.com/mllesson/mllesson"
    r"|[a-z]+://(?:[\w-]+\.)*(?:example\.(?:com|org|net|edu)|example|invalid|test"
    r")(?:[:/\"'\s]|$)"
    r"|[a-z]+://[\w.-]*your-[\w-]+"
)


def test_config_holds_no_address_by_default():
    # The repository's own _config.yml: an instructor fills both in to publish.
    assert ADDRESS == SiteAddress(site_url="", repository_url="")
    text = (ROOT / "mllesson" / "_site.py").read_text(encoding="utf-8")
    assert text == (
        '"""Where the course\'s website is published: make book writes it into '
        'the wheel."""\n\nSITE_URL = ""\n'
    )


def _theme_options(repository_url):
    config = SimpleNamespace(
        html_theme_options={
            "repository_url": repository_url,
            "launch_buttons": {
                "binderhub_url": "https://mybinder.org",
                "colab_url": "https://colab.research.google.com",
                "jupyterhub_url": "https://hub.university.ac.uk",
                "notebook_interface": "jupyterlab",
            },
        }
    )
    site_address._on_config_inited(None, config)
    return config.html_theme_options


def test_without_a_repository_no_launcher_or_repository_button():
    options = _theme_options("")
    assert options["use_repository_button"] is False
    assert "repository_url" not in options
    launch = options["launch_buttons"]
    assert not any(launch[k] for k in ("binderhub_url", "colab_url", "jupyterhub_url"))


def test_with_a_repository_every_launcher_stays():
    options = _theme_options("https://github.com/a-university/ml-course")
    assert options["use_repository_button"] is True
    assert options["repository_url"] == "https://github.com/a-university/ml-course"
    assert options["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert options["launch_buttons"]["jupyterhub_url"] == "https://hub.university.ac.uk"


@pytest.mark.parametrize(
    "path",
    MASTERS + ASSIGNMENTS + CHAPTERS,
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_every_notebook_starts_with_the_install_cell(path):
    nb = nbformat.read(path, as_version=4)
    assert is_install_cell(nb.cells[0]), path
    # Chapters carry the configured address; the assignments in git carry
    # none (the site fills it into the copies it offers).
    package = wheel_url(ADDRESS, VERSION) if path in CHAPTERS else ""
    assert nb.cells[0].source == install_cell(package)
    assert "../../book" not in path.read_text(encoding="utf-8")


def _run_cell(source, cwd):
    return subprocess.run(
        [sys.executable, "-c", source], cwd=cwd, capture_output=True, text=True
    )


def test_install_cell_does_nothing_where_the_package_is_installed(tmp_path):
    # An address that cannot answer: pip would fail if the cell called it.
    cell = install_cell("http://127.0.0.1:9/mllesson-0.1.0-py3-none-any.whl")
    done = _run_cell(cell + "\nprint('done')", tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "done\n"


def test_install_cell_without_an_address_says_where_to_read(tmp_path):
    # A Python that cannot see the course's package (-S: no site-packages,
    # and run outside the repository).
    done = subprocess.run(
        [sys.executable, "-S", "-c", install_cell("")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "ModuleNotFoundError" in done.stderr
    assert "'Working on the assignments'" in done.stderr


def test_site_copy_names_the_wheel_and_links_the_chapter():
    address = SiteAddress("https://courses.a-university.ac.uk/ml", "")
    nb = nbformat.read(ROOT / "exercises/ps02-cost/ps02-cost.ipynb", as_version=4)
    before = [c.metadata for c in nb.cells]
    for_the_site(nb, address, "0.1.0", {2: "book/02-cost"})
    assert nb.cells[0].source == install_cell(
        "https://courses.a-university.ac.uk/ml/wheels/mllesson-0.1.0-py3-none-any.whl"
    )
    assert (
        "[**The cost function**](https://courses.a-university.ac.uk/ml/book/02-cost.html)"
        " (chapter 2 of the course's book)" in nb.cells[1].source
    )
    assert [c.metadata for c in nb.cells] == before  # nbgrader's ids and checksums


# --- the built site --------------------------------------------------------


def _site_files():
    for path in sorted(SITE.rglob("*")):
        if path.is_file() and "mathjax" not in path.relative_to(SITE).parts[:2]:
            yield path


@pytest.mark.slow
def test_no_placeholder_host_anywhere_in_the_built_site():
    built_pages()
    found = []
    for path in _site_files():
        if path.suffix == ".whl":
            with zipfile.ZipFile(path) as wheel:
                text = "\n".join(
                    wheel.read(n).decode("utf-8", "replace") for n in wheel.namelist()
                )
        else:
            text = path.read_bytes().decode("utf-8", "replace")
        found += [
            f"{path.relative_to(SITE)}: {m.group(0)}"
            for m in PLACEHOLDER.finditer(text)
        ]
    assert not found, "\n".join(found)


@pytest.mark.slow
def test_the_site_publishes_the_wheel_with_its_address():
    built_pages()
    path = SITE / "wheels" / wheel_name(VERSION)
    assert path.is_file(), "make book builds the wheel into _build/html/wheels"
    with zipfile.ZipFile(path) as wheel:
        site = wheel.read("mllesson/_site.py").decode()
        meta = wheel.read(f"mllesson-{VERSION}.dist-info/METADATA").decode()
        names = wheel.namelist()
    assert f"SITE_URL = {json.dumps(ADDRESS.site_url)}\n" in site
    assert "mllesson/selfcheck/ps02.py" in names
    assert not [
        n for n in names if n.startswith(("hiddenchecks", "mlgrade", "solutions"))
    ]
    requires = re.findall(r"^Requires-Dist: (.+)$", meta, re.MULTILINE)
    assert any(r.startswith("numpy") for r in requires), requires
    for extra in ("matplotlib", "jupyterlab"):
        assert any(r.startswith(extra) and 'extra == "lab"' in r for r in requires)


@pytest.mark.slow
def test_offered_notebooks_carry_the_site_install_cell_and_chapter():
    built_pages()
    offered = sorted((SITE / "_downloads").rglob("ps*.ipynb"))
    assert len(offered) == len(ASSIGNMENTS)
    chapters = sorted((SITE / "_sources" / "book").glob("[0-9][0-9]-*.ipynb"))
    assert len(chapters) == 8
    for path in offered + chapters:
        nb = nbformat.read(path, as_version=4)
        assert nb.cells[0].source == install_cell(wheel_url(ADDRESS, VERSION)), path
        assert "../../book" not in path.read_text(encoding="utf-8")
    for path in offered:
        intro = nbformat.read(path, as_version=4).cells[1].source
        assert re.search(r"\(chapter \d of the course's book\)", intro), path
        assert ("](https://" in intro) == bool(ADDRESS.site_url), path


@pytest.mark.slow
def test_student_page_links_the_wheel_it_installs():
    built_pages()
    soup = BeautifulSoup(
        (SITE / "book" / "working.html").read_text(encoding="utf-8"), "html.parser"
    )
    commands = [pre.get_text() for pre in soup.select("pre")]
    pip = [c for c in commands if "pip install" in c and "conda" not in c]
    assert len(pip) == 1, commands
    assert wheel_name(VERSION) in pip[0]
    if not ADDRESS.site_url:
        link = soup.select_one(f'a[href$="{wheel_name(VERSION)}"]')
        target = (SITE / "book" / link["href"]).resolve()
        assert target == (SITE / "wheels" / wheel_name(VERSION)).resolve()
        assert target.is_file()
    assert Path(SITE / "book" / "contributing.html").is_file()
