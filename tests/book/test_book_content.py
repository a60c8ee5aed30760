"""Static checks on the built site: no solutions or hidden tests of the graded
assignments leak into it, the released notebooks are offered for download,
and no page points at a content delivery network.
"""

import re

import pytest
from book_site import ROOT, SITE, built_pages

pytestmark = pytest.mark.slow

# Spelled in pieces so that this file never matches its own search.
MARKERS = [
    "BEGIN " + "SOLUTION",
    "END " + "SOLUTION",
    "BEGIN " + "HIDDEN TESTS",
    "END " + "HIDDEN TESTS",
]
CDN = re.compile(
    r"cdn\.jsdelivr|unpkg\.com|googleapis|cdnjs|bootstrapcdn|require(js)?\.min\.js|gstatic"
)
TEXT_SUFFIXES = {".html", ".ipynb", ".md", ".txt", ".js", ".json", ".py"}


def _site_text_files():
    for path in SITE.rglob("*"):
        # MathJax's own bundle is third-party code, checked in the browser test
        # (no request leaves the site) rather than by its strings.
        if (
            path.is_file()
            and path.suffix in TEXT_SUFFIXES
            and ("mathjax" not in path.relative_to(SITE).parts[:2])
        ):
            yield path


def test_site_has_no_solutions_or_hidden_tests():
    built_pages()
    leaks = []
    for path in _site_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        leaks += [f"{path.relative_to(SITE)}: {m}" for m in MARKERS if m in text]
    assert not leaks, "\n".join(leaks)


def test_released_assignments_are_offered_for_download():
    built_pages()
    released = sorted(p.name for p in (ROOT / "exercises").glob("ps*/ps*.ipynb"))
    page = (SITE / "book" / "assignments.html").read_text(encoding="utf-8")
    downloads = SITE / "_downloads"
    offered = (
        sorted(p.name for p in downloads.rglob("*.ipynb")) if downloads.is_dir() else []
    )
    for name in released:
        assert name in page, f"{name} is not listed on the Assignments page"
        assert name in offered, f"{name} is not in the site's downloads"


def test_pages_reference_no_cdn():
    pages = built_pages()
    found = []
    for rel in pages:
        text = (SITE / rel).read_text(encoding="utf-8")
        found += [f"{rel}: {m.group(0)}" for m in CDN.finditer(text)]
    assert not found, "\n".join(found)
    for rel in pages:
        text = (SITE / rel).read_text(encoding="utf-8")
        if 'class="math' in text:
            assert "_static/mathjax/tex-chtml.js" in text, rel


# --- the code the book shows ---------------------------------------------------
# These read the chapters' sources, not the built site.

BOOK = ROOT / "book"
INCLUDE = re.compile(r"```\{literalinclude\} (\S+)\n((?::[\w-]+:.*\n)*)```")
OPTION = re.compile(r":([\w-]+): ?(.*)")


def _includes():
    for page in sorted(BOOK.glob("*.md")):
        for match in INCLUDE.finditer(page.read_text(encoding="utf-8")):
            options = dict(OPTION.match(line).groups()
                           for line in match.group(2).splitlines())  # fmt: skip
            yield page.name, (BOOK / match.group(1)).resolve(), options


def _shown_lines(source, options):
    """The lines Sphinx's literalinclude shows: pyobject, then start/end filters."""
    import ast

    lines = source.splitlines()
    fn = next(
        (
            node
            for node in ast.parse(source).body
            if isinstance(node, ast.FunctionDef) and node.name == options["pyobject"]
        ),
        None,
    )
    assert fn is not None, f"no function {options['pyobject']!r} to include"
    shown = lines[fn.lineno - 1 : fn.end_lineno]
    for key in ("start-at", "start-after"):
        if key in options:
            hits = [i for i, line in enumerate(shown) if options[key] in line]
            assert len(hits) == 1, f"{key} {options[key]!r} matches {len(hits)} lines"
            shown = shown[hits[0] + (key == "start-after") :]
    for key in ("end-at", "end-before"):
        if key in options:
            hits = [i for i, line in enumerate(shown) if options[key] in line]
            assert len(hits) == 1, f"{key} {options[key]!r} matches {len(hits)} lines"
            shown = shown[: hits[0] + (key == "end-at")]
    signature = " ".join(
        line.strip() for line in lines[fn.lineno - 1 : fn.body[0].lineno - 1]
    ).replace("( ", "(").replace(", )", ")").replace(",)", ")")
    return shown, signature


INCLUDES = list(_includes())


def test_the_book_includes_code():
    assert len(INCLUDES) >= 15  # the parser finds the chapters' includes


@pytest.mark.parametrize(
    ("page", "path", "options"),
    INCLUDES,
    ids=[f"{page}:{options.get('pyobject')}" for page, _, options in INCLUDES],
)
def test_included_code_is_a_public_function_without_its_docstring(page, path, options):
    assert path.parent == ROOT / "mllesson", path
    name = options.get("pyobject", "")
    assert name and not name.startswith("_"), f"{page} shows the private {name!r}"
    shown, signature = _shown_lines(path.read_text(encoding="utf-8"), options)
    assert shown, f"{page}: the anchors of {name} select no lines"
    text = "\n".join(shown)
    assert '"""' not in text and "'''" not in text, f"{page} shows {name}'s docstring"
    if "prepend" in options:  # a def line typed into the chapter must be the real one
        assert options["prepend"] == signature, (options["prepend"], signature)


def test_no_code_cell_uses_a_private_mllesson_name():
    private = re.compile(
        r"from mllesson[\w.]* import [^\n]*\b_\w+|mllesson(\.\w+)*\._\w+"
    )
    cell = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)
    found = []
    for page in sorted(BOOK.glob("*.md")):
        for code in cell.findall(page.read_text(encoding="utf-8")):
            found += [f"{page.name}: {m.group(0)}" for m in private.finditer(code)]
    assert not found, "\n".join(found)
