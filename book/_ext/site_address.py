"""The course's two addresses, configured once in ``_config.yml``.

``html.baseurl`` is where the website is published and ``repository.url`` the
repository it is built from; both are empty until an instructor publishes the
course. Everything that points outside the site is built from them here:

- the install cell that opens every chapter and assignment notebook, which
  installs the course's package from the wheel the site publishes
  (``wheels/``, written by ``make book``);
- the links from an assignment to its chapter on the website;
- the launch buttons: without a repository, the Binder, Colab and JupyterHub
  buttons (which open the repository's notebooks) and the repository button
  are left out, so that no button leads to a made-up address.

As a Sphinx extension it applies the last point to the theme's options; the
build scripts and the Assignments page import the rest.
"""

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

#: The site's folder for the course package's wheel.
WHEELS = "wheels"
#: The line of the install cell that names the wheel; the site's copies fill it in.
_PACKAGE_LINE = re.compile(r'^COURSE_PACKAGE = ".*"$', re.MULTILINE)
#: How an assignment names its chapter: "**The cost function** (chapter 2 ...)".
_CHAPTER_MENTION = re.compile(
    r"\*\*(?P<title>[^*\n]+)\*\* \(chapter (?P<number>\d+) of the course's book\)"
)


@dataclass(frozen=True)
class SiteAddress:
    site_url: str  #: the website, without a trailing slash; "" when unknown
    repository_url: str  #: the repository; "" when unknown

    def page_url(self, docname):
        """The address of a page (``book/02-cost``) on the website, or ""."""
        return f"{self.site_url}/{docname}.html" if self.site_url else ""


def read_site_address(root):
    """The addresses in ``root/_config.yml``."""
    config = yaml.safe_load(Path(root, "_config.yml").read_text(encoding="utf-8"))
    html = config.get("html") or {}
    repository = config.get("repository") or {}
    return SiteAddress(
        site_url=(html.get("baseurl") or "").strip().rstrip("/"),
        repository_url=(repository.get("url") or "").strip().rstrip("/"),
    )


def package_version(root):
    """The course package's version, from ``pyproject.toml``."""
    import tomllib

    with open(Path(root, "pyproject.toml"), "rb") as f:
        return tomllib.load(f)["project"]["version"]


def wheel_name(version):
    return f"mllesson-{version}-py3-none-any.whl"


def wheel_url(address, version):
    """Where the site publishes the package's wheel, or "" with no site address."""
    if not address.site_url:
        return ""
    return f"{address.site_url}/{WHEELS}/{wheel_name(version)}"


INSTALL_CELL = """\
# Installs the course's package, mllesson, where it is missing (on Colab, for
# example). Where it is installed already, this cell does nothing.
import importlib.util
import subprocess
import sys

COURSE_PACKAGE = ""
if importlib.util.find_spec("mllesson") is None:
    if not COURSE_PACKAGE:
        raise ModuleNotFoundError(
            "The course's package, mllesson, is not installed. Install it as the "
            "page 'Working on the assignments' of the course's website says."
        )
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", COURSE_PACKAGE],
        check=True,
    )"""


def install_cell(package_url=""):
    """The install cell's source, installing from ``package_url`` when given."""
    return _PACKAGE_LINE.sub(f'COURSE_PACKAGE = "{package_url}"', INSTALL_CELL)


def is_install_cell(cell):
    return cell.get("cell_type") == "code" and bool(
        _PACKAGE_LINE.search("".join(cell.get("source", "")))
    )


def chapter_pages(root):
    """Chapter number -> page name (``book/02-cost``), from ``_toc.yml``."""
    toc = Path(root, "_toc.yml").read_text(encoding="utf-8")
    found = re.findall(r"file:\s*(book/(\d\d)-[\w-]+)", toc)
    return {int(number): page for page, number in found}


def for_the_site(notebook, address, version, chapters):
    """An assignment notebook (nbformat, changed in place) as the site offers it.

    Its install cell names the site's wheel, and its mention of the chapter
    links to the chapter's page. Only the cells' text changes: nbgrader's
    metadata (and checksums) stay those of the release, and nbgrader restores
    locked cells from its own copy when it grades.
    """
    url = wheel_url(address, version)
    for cell in notebook.cells:
        if is_install_cell(cell):
            cell.source = install_cell(url)
        elif cell.cell_type == "markdown" and address.site_url:

            def link(match):
                page = chapters.get(int(match["number"]))
                if not page:
                    return match[0]
                return (
                    f"[**{match['title']}**]({address.page_url(page)}) "
                    f"(chapter {match['number']} of the course's book)"
                )

            cell.source = _CHAPTER_MENTION.sub(link, cell.source)
    return notebook


# --- the Sphinx extension --------------------------------------------------

_REPOSITORY_LAUNCHERS = ("binderhub_url", "colab_url", "jupyterhub_url")


def _on_config_inited(app, config):
    options = dict(config.html_theme_options or {})
    if (options.get("repository_url") or "").strip():
        options["use_repository_button"] = True
    else:
        # Every launcher opens the repository's copy of a notebook.
        options["use_repository_button"] = False
        options.pop("repository_url", None)
        launch = dict(options.get("launch_buttons") or {})
        for key in _REPOSITORY_LAUNCHERS:
            launch[key] = ""
        options["launch_buttons"] = launch
    config.html_theme_options = options


def _offer_chapter_notebook(app, pagename, templatename, context, doctree):
    """Keep the .ipynb download of each chapter when no launcher is configured.

    The theme copies the executed notebook for download only while some launch
    button is on; without a repository none is, so the copy is made here.
    """
    launch = app.config.html_theme_options.get("launch_buttons") or {}
    if any(launch.get(key) for key in (*_REPOSITORY_LAUNCHERS, "thebe")):
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file() or not context.get("sourcename", "").endswith(".md"):
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _downloads_open_with_the_install_cell(app, exception):
    """Put the install cell first in every chapter's downloadable notebook.

    The download is the executed chapter (with its figures), which the theme
    copies from the build; on Colab it needs the install cell too.
    """
    if exception is not None:
        return
    import nbformat

    root = Path(app.srcdir)
    cell = install_cell(wheel_url(read_site_address(root), package_version(root)))
    for path in sorted((Path(app.outdir) / "_sources" / "book").glob("[0-9]*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if nb.cells and is_install_cell(nb.cells[0]):
            if nb.cells[0].source == cell:
                continue
            nb.cells[0].source = cell
        else:
            nb.cells.insert(0, nbformat.v4.new_code_cell(cell))
        nbformat.write(nb, path)


def setup(app):
    app.connect("config-inited", _on_config_inited)
    app.connect("html-page-context", _offer_chapter_notebook, priority=500)
    app.connect("build-finished", _downloads_open_with_the_install_cell)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
