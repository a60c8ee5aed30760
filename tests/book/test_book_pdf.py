"""The PDF edition (`make pdf`): every chapter is in it, with numbered figures
and equations and the exercises' solutions, every font is embedded, no glyph
is missing, and the site links to it.
"""

import re

import pytest
from book_site import ROOT, SITE
from pypdf import PdfReader

pytestmark = pytest.mark.slow

PDF = ROOT / "_build" / "pdf" / "mllesson.pdf"
CHAPTER_TITLES = [
    "The hypothesis",
    "The cost function",
    "Gradient descent",
    "Multiclass",
    "Regularisation",
    "perceptron",
    "Feed-forward",
    "Backpropagation",
]


@pytest.fixture(scope="module")
def reader():
    if not PDF.is_file():
        raise RuntimeError(f"no {PDF}: run `make pdf` first")
    return PdfReader(PDF)


@pytest.fixture(scope="module")
def text(reader):
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_page_count_and_bookmarks(reader):
    assert 120 <= len(reader.pages) <= 700, len(reader.pages)
    titles = [item.title for item in reader.outline]
    for title in CHAPTER_TITLES:
        assert any(title.lower() in t.lower() for t in titles), (title, titles)


def test_every_chapter_with_figures_equations_and_solutions(text):
    for chapter in range(1, 9):
        figures = set(re.findall(rf"Fig\. {chapter}\.(\d+)", text))
        equations = set(re.findall(rf"\({chapter}\.(\d+)\)", text))
        assert len(figures) >= 4, (chapter, figures)
        assert len(equations) >= 3, (chapter, equations)
    # The solutions are printed open, not as "Click to show" buttons.
    assert text.count("Solution to Exercise") >= 16
    assert "Click to show" not in text
    assert "Show code cell source" not in text


def test_fonts_embedded_and_no_missing_glyph(reader, text):
    assert "\ufffd" not in text, "a character the PDF cannot map back to text"
    missing = set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get(
                "/FontDescriptor"
            )
            if font.get("/Subtype") == "/Type3":
                continue  # drawn by the PDF itself
            desc = desc.get_object() if desc else {}
            if not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    assert not missing, f"fonts not embedded: {sorted(missing)}"


def test_the_site_links_to_the_pdf():
    page = (SITE / "book" / "intro.html").read_text(encoding="utf-8")
    assert 'href="../mllesson.pdf"' in page
    assert (SITE / "mllesson.pdf").read_bytes() == PDF.read_bytes()


def _is_blank(page):
    """Nothing on the page but its footer (title and page number): no other
    line of text, no image, and no more drawing than a footer takes (a figure
    drawn as vectors fills the page's content stream instead)."""
    lines = [line for line in (page.extract_text() or "").splitlines() if line.strip()]
    xobjects = page.get("/Resources", {}).get("/XObject")
    contents = page.get_contents()
    return (
        len(lines) <= 1
        and not (xobjects and len(xobjects.get_object()))
        and len(contents.get_data() if contents else b"") < 2000
    )


def test_no_blank_pages(reader):
    """A figure taller than what is left of a page moves to the next one; if
    it is taller than a page, chromium leaves a blank page before it."""
    blank = [n for n, page in enumerate(reader.pages, start=1) if _is_blank(page)]
    assert not blank, f"{len(blank)} blank pages: {blank}"
