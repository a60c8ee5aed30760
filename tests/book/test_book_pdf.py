"""The PDF edition (`make pdf`): every chapter is in it, with numbered figures
and equations and the exercises' solutions, every font is embedded, no glyph
is missing, and the site links to it. It prints well: no blank page, each
caption on its figure's page, code that wraps under its indentation and is
never cut off, page numbers through the whole book and a table of contents.
"""

import html
import re
import sys
import unicodedata

import pytest
from book_site import ROOT, SITE, WAIT_MATHJAX_JS
from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
)

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


CAPTION_NUMBER = re.compile(r"Fig\. (\d+(?:\.\d+)?) ")


def _figures_and_captions(page):
    """The page's figures (the content chromium marks /Figure in the tagged
    PDF) and figure captions (their "Fig. N.M " number, a text run of its
    own; a reference to a figure has no trailing space), in drawing order."""
    events = []

    def operator(op, args, cm, tm):
        if op == b"BDC" and args and args[0] == "/Figure":
            events.append("figure")

    def text(run, cm, tm, font, size):
        caption = CAPTION_NUMBER.fullmatch(run)
        if caption:
            events.append(caption.group(1))

    page.extract_text(visitor_operand_before=operator, visitor_text=text)
    return events


def test_every_caption_on_its_figures_page(reader):
    """A figure is drawn above its caption: on every page, each caption has a
    figure before it and each figure a caption after it. A figure cut across
    two pages, or a caption pushed to the page after its figure, leaves a
    page whose figure has no caption or whose caption has no figure."""
    separated, captions = [], []
    for number, page in enumerate(reader.pages, start=1):
        events = _figures_and_captions(page)
        captions += [e for e in events if e != "figure"]
        if events and events[0] != "figure":
            separated.append((number, f"caption of Fig. {events[0]} without figure"))
        if events and events[-1] == "figure":
            separated.append((number, "figure whose caption is on the next page"))
    assert len(captions) >= 40 and len(set(captions)) == len(captions), captions
    assert not separated, f"{len(separated)} figures apart from captions: {separated}"


# A4 less the 16 mm side margins, in CSS pixels (96 per inch): the width
# chromium lays a page out at when it prints.
PRINT_WIDTH_PX = round((210 - 2 * 16) / 25.4 * 96)

# Every printed block of code, and each of its source lines that the page's
# width wraps: the left edge of each continuation row and the line's own
# indentation, in character widths from the block's left edge (measured on
# the text itself, whatever markup the print layout adds), and whether the
# block is wider than the page.
PRINTED_CODE_JS = """() => Array.from(document.querySelectorAll('pre'))
        .filter(pre => pre.offsetParent).map(pre => {
    const style = getComputedStyle(pre);
    const left = pre.getBoundingClientRect().left + parseFloat(style.paddingLeft)
        + parseFloat(style.borderLeftWidth);
    const probe = document.createElement('span');
    probe.textContent = '0'.repeat(100);
    pre.appendChild(probe);
    const ch = probe.getBoundingClientRect().width / 100;
    probe.remove();
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const pieces = [];
    while (walker.nextNode()) pieces.push(walker.currentNode);
    const at = offset => {
        for (const node of pieces) {
            if (offset <= node.length) return [node, offset];
            offset -= node.length;
        }
    };
    const text = pieces.map(n => n.data).join('');
    const wrapped = [];
    let start = 0;
    for (const line of text.split('\\n')) {
        if (line.trim()) {
            const range = document.createRange();
            range.setStart(...at(start));
            range.setEnd(...at(start + line.length));
            // Boxes whose tops are within a character width of each other
            // (half a row) are on one row; each row's left is its first box.
            const rows = [];
            const boxes = Array.from(range.getClientRects())
                .filter(r => r.width >= 0.5).sort((a, b) => a.top - b.top);
            for (const r of boxes) {
                const row = rows[rows.length - 1];
                if (row && r.top - row.top < ch) row.left = Math.min(row.left, r.left);
                else rows.push({top: r.top, left: r.left});
            }
            const lefts = rows.map(row => row.left);
            if (lefts.length > 1) wrapped.push({
                line: line,
                indent: line.match(/^ */)[0].length,
                continued: lefts.slice(1).map(x => (x - left) / ch),
            });
        }
        start += line.length + 1;
    }
    return {text: text, wider: pre.scrollWidth > pre.clientWidth + 1,
            wrapped: wrapped};
})"""


# Tables that reach past the right edge of the printed text.
WIDE_TABLES_JS = """() => {
    const right = document.querySelector('.bd-article').getBoundingClientRect().right;
    return Array.from(document.querySelectorAll('table'))
        .filter(t => t.offsetParent && t.getBoundingClientRect().right > right + 1)
        .map(t => t.textContent.trim().slice(0, 60));
}"""


@pytest.fixture(scope="module")
def printed_layout(browser_context, site_url):
    """Every block of code and every table too wide for the page, as the PDF
    prints them: each page of the book laid out for print at the printed
    width by the print script's own layout."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from print_book_pdf import PREPARE_JS, toc_pages

    page = browser_context.new_page()
    page.set_viewport_size({"width": PRINT_WIDTH_PX, "height": 1000})
    blocks, wide_tables = [], []
    for path in toc_pages():
        page.goto(f"{site_url}/{path}", wait_until="load")
        if page.locator(".math").count():
            page.evaluate(WAIT_MATHJAX_JS)
        page.evaluate(PREPARE_JS)
        page.emulate_media(media="print")
        blocks += [dict(block, page=path) for block in page.evaluate(PRINTED_CODE_JS)]
        wide_tables += [(path, table) for table in page.evaluate(WIDE_TABLES_JS)]
    page.close()
    return {"code": blocks, "wide tables": wide_tables}


@pytest.fixture(scope="module")
def printed_code(printed_layout):
    return printed_layout["code"]


def test_wrapped_code_keeps_its_indentation(printed_code):
    """A line of code too long for the page goes on under its own
    indentation, not at column 0 where Python's indentation is lost."""
    wrapped = [line for block in printed_code for line in block["wrapped"]]
    lost = [
        line["line"]
        for line in wrapped
        if min(line["continued"]) < line["indent"] + 1 - 0.05
    ]
    assert len(wrapped) >= 20, "too few wrapped lines for the check to mean much"
    assert not lost, f"{len(lost)} of {len(wrapped)} wrapped lines lost: {lost[:5]}"


def _without_footers(reader):
    """The PDF's text without each page's footer line (title and number)."""
    pages = [(page.extract_text() or "").rsplit("\n", 1)[0] for page in reader.pages]
    return "".join("".join(page.split()) for page in pages)


def test_no_table_wider_than_the_page(printed_layout):
    """Chromium drops what runs past the margin: a table's last columns."""
    wide = printed_layout["wide tables"]
    assert not wide, f"{len(wide)} tables wider than the page: {wide}"


def test_no_code_cut_off_at_the_margin(printed_code, reader):
    """Every printed block of code fits the page's width, and every character
    of it is in the PDF (chromium drops what runs past the margin)."""
    wider = [block["text"][:60] for block in printed_code if block["wider"]]
    assert not wider, f"{len(wider)} blocks of code wider than the page: {wider}"
    printed = _without_footers(reader)
    missing = [
        (block["page"], block["text"][:60])
        for block in printed_code
        if "".join(block["text"].split()) not in printed
    ]
    assert len(printed_code) >= 100, len(printed_code)
    assert not missing, f"{len(missing)} blocks of code not whole: {missing[:5]}"


def _footer(page):
    return (page.extract_text() or "").rstrip().rsplit("\n", 1)[-1]


def test_page_numbers_run_on_across_chapters(reader):
    """Every footer ends with the page's number in the whole book, one more
    than the page before, across the joins between chapters, and the PDF's
    page labels (what a viewer shows) are the same numbers."""
    numbers = [re.search(r" · (\d+)$", _footer(page)) for page in reader.pages]
    printed = [int(number.group(1)) if number else None for number in numbers]
    wrong = [(n, number) for n, number in enumerate(printed, start=1) if number != n]
    assert not wrong, f"{len(wrong)} pages with another number: {wrong[:10]}"
    assert reader.page_labels == [str(n) for n in range(1, len(reader.pages) + 1)]


def test_contents_page_lists_where_every_page_starts(reader):
    """The printed table of contents names every page of the book (the
    bookmarks) with the number of the page it starts on."""
    text = reader.pages[0].extract_text().rstrip().rsplit("\n", 1)[0]
    listed = re.findall(
        r"^(.+?) (\d+)$", unicodedata.normalize("NFKC", text), flags=re.MULTILINE
    )
    bookmarks = [
        (
            unicodedata.normalize("NFKC", item.title),
            str(reader.get_destination_page_number(item) + 1),
        )
        for item in reader.outline
    ]
    assert bookmarks[0] == ("Contents", "1"), bookmarks[0]
    assert len(bookmarks) >= 1 + 2 + len(CHAPTER_TITLES), bookmarks
    assert listed == bookmarks[1:], (listed, bookmarks)


def _site_figures():
    """Every numbered figure of the site, in reading order: its number
    ("1.1") and the alt text of its image, with its whitespace collapsed."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from print_book_pdf import toc_pages

    figures = []
    for path in toc_pages():
        page = (SITE / path).read_text(encoding="utf-8")
        for figure in re.findall(r"<figure\b.*?</figure>", page, flags=re.DOTALL):
            number = re.search(r'caption-number">Fig\. (\d+(?:\.\d+)?) ', figure)
            alt = re.search(r'<img\b[^>]*\balt="([^"]*)"', figure)
            if number:
                figures.append(
                    (
                        number.group(1),
                        " ".join(html.unescape(alt.group(1) if alt else "").split()),
                    )
                )
    return figures


def _structure_elements(reader):
    """Every element of the PDF's structure tree (and marked-content and
    object references in it), walked from the root."""
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        return []
    seen, elements, stack = set(), [], [root.get_object().get("/K")]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
        item = item.get_object() if item is not None else None
        if isinstance(item, ArrayObject):
            stack += list(item)
        elif isinstance(item, DictionaryObject) and item.get("/Type") != "/Page":
            elements.append(item)
            kids = item.get("/K")
            stack += list(kids) if isinstance(kids, ArrayObject) else [kids]
    return elements


def _marks_on(element, page):
    """Whether a structure element has marked content on the page (object
    number ``page``): as its own page, or through a marked-content reference."""
    kids = element.get("/K")
    kids = kids if isinstance(kids, ArrayObject) else [kids]
    pages = [element.raw_get("/Pg")] if "/Pg" in element else []
    pages += [
        kid.get_object().raw_get("/Pg")
        for kid in kids
        if isinstance(kid, (DictionaryObject, IndirectObject))
        and kid.get_object().get("/Type") == "/MCR"
        and "/Pg" in kid.get_object()
    ]
    return any(ref.idnum == page for ref in pages)


def test_tagged_with_every_figures_alt_text(reader):
    """The PDF is tagged for screen readers: marked, with a structure tree in
    which every numbered figure of the book is a /Figure whose /Alt is its
    image's alt text on the site, on the page that prints its caption, and
    whose every page reference is a page of the book."""
    root = reader.trailer["/Root"]
    marked = root.get("/MarkInfo", {}).get("/Marked")
    assert marked == BooleanObject(True), root.get("/MarkInfo")
    assert root.get("/Lang") == "en", root.get("/Lang")
    elements = _structure_elements(reader)
    assert "/StructTreeRoot" in root and len(elements) > 1000, len(elements)

    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    refs = [e.raw_get("/Pg") for e in elements if "/Pg" in e]
    stray = [ref for ref in refs if getattr(ref, "idnum", None) not in pages]
    assert len(refs) > 1000 and not stray, f"{len(stray)} of {len(refs)} off the book"

    figures = _site_figures()
    assert len(figures) >= 40 and len({n for n, _ in figures}) == len(figures)
    assert all(alt for _, alt in figures), "a figure of the site without alt text"
    tagged = {}  # alt text -> pages of the /Figure elements that carry it
    for e in elements:
        if e.get("/S") == "/Figure" and e.get("/Alt") and "/Pg" in e:
            alt = " ".join(str(e["/Alt"]).split())
            tagged.setdefault(alt, []).append(pages[e.raw_get("/Pg").idnum])
    # The page each caption is printed on (the captions' own test keeps each
    # on its figure's page).
    caption_pages = {
        event: n
        for n, page in enumerate(reader.pages)
        for event in _figures_and_captions(page)
        if event != "figure"
    }
    assert sorted(caption_pages) == sorted(n for n, _ in figures), caption_pages
    untagged = [number for number, alt in figures if alt not in tagged]
    misplaced = [
        (number, caption_pages[number] + 1, [n + 1 for n in tagged[alt]])
        for number, alt in figures
        if alt in tagged and caption_pages[number] not in tagged[alt]
    ]
    assert not untagged, f"{len(untagged)} of {len(figures)} without alt: {untagged}"
    assert not misplaced, f"figures tagged on another page: {misplaced}"

    # Each page's marked content is found through the parent tree under the
    # page's own key: keys of two pages never meet.
    nums = root["/StructTreeRoot"]["/ParentTree"].get_object()["/Nums"]
    parents = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    keys = [page["/StructParents"] for page in reader.pages if "/StructParents" in page]
    assert len(keys) == len(set(keys)) >= len(reader.pages) - 1
    wrong = [
        n + 1
        for n, page in enumerate(reader.pages)
        if "/StructParents" in page
        and not all(
            _marks_on(e.get_object(), page.indirect_reference.idnum)
            for e in parents[page["/StructParents"]]
            if isinstance(e, IndirectObject)
        )
    ]
    assert not wrong, f"pages whose parent tree entry is another page's: {wrong}"
