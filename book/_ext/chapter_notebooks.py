"""Keep a notebook copy of every chapter next to its MyST source.

The launch buttons (Binder, Colab, a JupyterHub) open a chapter from the
repository, and Colab reads only ``.ipynb`` files. sphinx-book-theme links the
``.ipynb`` of a page whenever one sits beside its ``.md``, so this extension
writes ``book/NN-*.ipynb`` from ``book/NN-*.md`` at the start of every build
(the ``.md`` stays the only file to edit; ``_config.yml`` keeps Sphinx from
reading the copies). A file is rewritten only when its content changes, and
cell ids are numbered, so an unchanged chapter gives an unchanged notebook.

Each notebook opens with the course's install cell (``site_address.py``): on
Colab, where the course's package is missing, it installs it from the wheel the
website publishes; anywhere else it does nothing.
"""

from pathlib import Path

import jupytext
import nbformat
from site_address import (
    install_cell,
    package_version,
    read_site_address,
    wheel_url,
)

CHAPTERS = "[0-9][0-9]-*.md"


def chapter_notebook(md, package_url=""):
    """The notebook text for one chapter ``.md``: the install cell (installing
    from ``package_url``), then the chapter's cells, without outputs."""
    nb = jupytext.read(md)
    nb.metadata.pop("jupytext", None)
    nb.cells.insert(0, nbformat.v4.new_code_cell(install_cell(package_url)))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
    return nbformat.writes(nb) + "\n"


def write_chapter_notebooks(book_dir):
    """Write (or refresh) ``NN-*.ipynb`` beside each chapter; return the paths."""
    root = Path(book_dir).parent
    package_url = wheel_url(read_site_address(root), package_version(root))
    written = []
    for md in sorted(Path(book_dir).glob(CHAPTERS)):
        target = md.with_suffix(".ipynb")
        text = chapter_notebook(md, package_url)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _on_builder_inited(app):
    write_chapter_notebooks(Path(app.srcdir) / "book")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
