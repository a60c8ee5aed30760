"""Print the built website (_build/html) into one PDF with Debian's chromium.

Every page of the table of contents is opened in headless chromium, its math
typeset by the site's own MathJax, the exercises' solutions opened and the
collapsed plotting code left out; it is printed to PDF, and the pages are
joined into ``_build/pdf/mllesson.pdf`` behind a printed table of contents,
with one bookmark per page and page numbers that run through the whole book.
Nothing is fetched from outside the site. Run by ``scripts/build-pdf.sh``.
"""

import functools
import html
import http.server
import io
import sys
import threading
import time
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
OUT = ROOT / "_build" / "pdf" / "mllesson.pdf"
sys.path.insert(0, str(ROOT / "tests" / "book"))
from book_site import CHROMIUM, CHROMIUM_ARGS, WAIT_MATHJAX_JS  # noqa: E402
from pdf_tags import join_tags  # noqa: E402

# Print layout: open every solution, drop what only works on screen.
PREPARE_JS = """async () => {
    document.querySelectorAll('img').forEach(img => { img.loading = 'eager'; });
    await Promise.all(Array.from(document.images).map(img => img.complete
        ? null : new Promise(r => { img.onload = img.onerror = r; })));
    document.querySelectorAll('.toggle-hidden').forEach(
        e => e.classList.remove('toggle-hidden'));
    document.querySelectorAll('details').forEach(d => { d.open = true; });
    // Each line of code becomes a block with a hanging indent, so that a
    // line too long for the page wraps under its own indentation (plus 4)
    // instead of at column 0, where Python's indentation would be lost.
    document.querySelectorAll('pre').forEach(pre => {
        const lines = [[]];
        for (const node of Array.from(pre.childNodes)) {
            node.textContent.split('\\n').forEach((part, i) => {
                if (i > 0) lines.push([]);
                if (!part) return;
                const piece = node.nodeType === Node.TEXT_NODE
                    ? document.createTextNode(part) : node.cloneNode(false);
                piece.textContent = part;
                lines[lines.length - 1].push(piece);
            });
        }
        if (lines.length > 1 && !lines[lines.length - 1].length) lines.pop();
        pre.textContent = '';
        for (const pieces of lines) {
            const text = pieces.map(n => n.textContent).join('');
            const hang = text.match(/^ */)[0].length + 4;
            const line = document.createElement('span');
            line.className = 'print-line';
            line.style.paddingLeft = hang + 'ch';
            line.style.textIndent = -hang + 'ch';
            pieces.forEach(n => line.appendChild(n));
            // The newline keeps the text whole for copying; at the end of
            // a block it adds no empty row.
            line.appendChild(document.createTextNode(pieces.length ? '\\n' : ' \\n'));
            pre.appendChild(line);
        }
    });
    const style = document.createElement('style');
    style.textContent = `
        details.above-input, .toggle-button, .headerlink, .animation,
        .bd-header-article, .prev-next-area, .bd-footer-content,
        .bd-sidebar-primary, .bd-sidebar-secondary, #pst-skip-link
            { display: none !important; }
        .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
        pre { white-space: pre-wrap !important; overflow-wrap: anywhere; }
        pre .print-line { display: block; }
        /* A wide table in smaller type, so that its right-hand columns
           are not lost past the margin. */
        table { font-size: 75%; }
        /* A caption stays on its figure's page. */
        figure, figcaption, .math, .cell_output img, .admonition
            { break-inside: avoid; }
        figure img { break-after: avoid; }
        /* A figure taller than what is left of the page moves to the next
           one, leaving a blank page when it is taller than a page itself
           (and then it is cut): no figure is taller than 60% of a page, so
           that it fits with its caption. */
        .cell_output img { max-height: 150mm; width: auto !important;
                           max-width: 100%; object-fit: contain; }
        h1, h2, h3 { break-after: avoid; }`;
    document.head.appendChild(style);
}"""


MARGIN = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
CONTENTS = "Contents"


def _short(title):
    """A page's title without the book's name after it."""
    return title.split(" — ")[0]


def _print_html(page, body, style):
    page.set_content(
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{CONTENTS}</title><style>{style}</style></head>"
        f"<body>{body}</body></html>"
    )
    return PdfReader(io.BytesIO(page.pdf(format="A4", margin=MARGIN, tagged=True)))


def _contents(page, chapters, contents_pages):
    """The printed table of contents: each page of the book with the number
    of the page it starts on, counting the contents' own pages from 1."""
    first, rows = contents_pages + 1, []
    for title, reader in chapters:
        rows.append(
            f"<li><span>{html.escape(_short(title))}</span>"
            f"<span class='dots'></span><span>{first}</span></li>"
        )
        first += len(reader.pages)
    style = """body { font: 11pt 'DejaVu Sans', sans-serif; }
        ol { list-style: none; padding: 0; }
        li { display: flex; margin: 0.5em 0; }
        .dots { flex: 1; border-bottom: 1px dotted #555; margin: 0 0.4em 0.3em; }"""
    return _print_html(page, f"<h1>{CONTENTS}</h1><ol>{''.join(rows)}</ol>", style)


def _page_numbers(page, titles):
    """One empty A4 page per page of the book, each with its footer: the
    title of the page it belongs to and its number, counted through the whole
    book (chromium's own footer counts again from 1 in every chapter)."""
    footers = "".join(
        f"<div class='page'><p>{html.escape(title)} · {number}</p></div>"
        for number, title in enumerate(titles, start=1)
    )
    style = """@page { size: A4; margin: 0; }
        body { margin: 0; font: 8px sans-serif; }
        .page { height: 297mm; position: relative; break-after: page; }
        .page p { position: absolute; bottom: 6mm; width: 100%;
                  margin: 0; text-align: center; }"""
    page.set_content(
        f"<!DOCTYPE html><html><head><style>{style}</style></head>"
        f"<body>{footers}</body></html>"
    )
    return PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))


def _join_with_contents(page, chapters):
    """The book: its table of contents, then every page, numbered from the
    first page to the last, with a bookmark for each."""
    contents = _contents(page, chapters, 1)
    if len(contents.pages) != 1:  # numbers shift by the contents' own length
        contents = _contents(page, chapters, len(contents.pages))
    parts = [(CONTENTS, contents)] + chapters
    titles = [title for title, reader in parts for _ in reader.pages]
    writer = PdfWriter()
    for title, reader in parts:
        first = len(writer.pages)
        writer.append(reader)
        writer.add_outline_item(title=_short(title), page_number=first)
    for book_page, footer in zip(
        writer.pages, _page_numbers(page, titles).pages, strict=True
    ):
        book_page.merge_page(footer)
    # The pages' tags (headings, figures and their alt text) for screen readers.
    join_tags(writer, [reader for _, reader in parts])
    # A reader's "page N" is the number printed on the page.
    writer.set_page_label(0, len(writer.pages) - 1, style="/D", start=1)
    return writer


def toc_pages():
    """The pages of _toc.yml in reading order, as paths in the built site."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [entry["file"] for entry in part.get("chapters", [])]
    return [f"{page}.html" for page in pages]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def _serve(directory):
    handler = functools.partial(_QuietHandler, directory=directory)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main():
    if not (SITE / "index.html").is_file():
        sys.exit(f"no built site in {SITE}: run `make book` first")
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} is missing: run `bash scripts/install-chromium.sh`")
    started = time.perf_counter()
    server = _serve(str(SITE))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    chapters = []  # (title of the page, its PDF) in reading order
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        outside = []
        page.on(
            "request",
            lambda r: (
                outside.append(r.url)
                if not r.url.startswith((base, "data:", "blob:", "about:"))
                else None
            ),
        )
        for path in tqdm(toc_pages(), desc="printing pages", unit="page"):
            page.goto(f"{base}/{path}", wait_until="load")
            if page.locator(".math").count() and not page.evaluate(WAIT_MATHJAX_JS):
                sys.exit(f"{path}: MathJax did not start")
            page.evaluate(PREPARE_JS)
            page.emulate_media(media="print")
            pdf = page.pdf(
                format="A4", margin=MARGIN, print_background=True, tagged=True
            )
            chapters.append((page.title(), PdfReader(io.BytesIO(pdf))))
        writer = _join_with_contents(page, chapters)
        browser.close()
    server.shutdown()
    if outside:
        sys.exit(f"the pages requested outside addresses: {sorted(set(outside))}")
    writer.add_metadata({"/Title": "mllesson: classification and neural networks"})
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("wb") as f:
        writer.write(f)
    seconds = time.perf_counter() - started
    print(
        f">> wrote {OUT.relative_to(ROOT)}: {len(writer.pages)} pages, {seconds:.0f} s"
    )


if __name__ == "__main__":
    main()
