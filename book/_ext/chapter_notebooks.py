"""Keep a notebook copy of every chapter next to its MyST source.

The launch buttons (Binder, Colab, a JupyterHub) open a chapter from the
repository, and Colab reads only ``.ipynb`` files. sphinx-book-theme links the
``.ipynb`` of a page whenever one sits beside its ``.md``, so this extension
writes ``book/NN-*.ipynb`` from ``book/NN-*.md`` at the start of every build
(the ``.md`` stays the only file to edit; ``_config.yml`` keeps Sphinx from
reading the copies). A file is rewritten only when its content changes, and
cell ids are numbered, so an unchanged chapter gives an unchanged notebook.
"""

from pathlib import Path

import jupytext
import nbformat

CHAPTERS = "[0-9][0-9]-*.md"


def chapter_notebook(md):
    """The notebook text for one chapter ``.md``: cells without outputs."""
    nb = jupytext.read(md)
    nb.metadata.pop("jupytext", None)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
    return nbformat.writes(nb) + "\n"


def write_chapter_notebooks(book_dir):
    """Write (or refresh) ``NN-*.ipynb`` beside each chapter; return the paths."""
    written = []
    for md in sorted(Path(book_dir).glob(CHAPTERS)):
        target = md.with_suffix(".ipynb")
        text = chapter_notebook(md)
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def _on_builder_inited(app):
    write_chapter_notebooks(Path(app.srcdir) / "book")


def setup(app):
    app.connect("builder-inited", _on_builder_inited)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
