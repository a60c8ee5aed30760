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
