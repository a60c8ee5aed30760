"""Print the built website (_build/html) into one PDF with Debian's chromium.

Every page of the table of contents is opened in headless chromium, its math
typeset by the site's own MathJax, the exercises' solutions opened and the
collapsed plotting code left out; it is printed to PDF, and the pages are
joined into ``_build/pdf/mllesson.pdf`` with one bookmark per page. Nothing
is fetched from outside the site. Run by ``scripts/build-pdf.sh``.
"""

import functools
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
    writer = PdfWriter()
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
                format="A4",
                margin={
                    "top": "18mm",
                    "bottom": "18mm",
                    "left": "16mm",
                    "right": "16mm",
                },
                print_background=True,
                tagged=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center">'
                    '<span class="title"></span> · <span class="pageNumber"></span>'
                    "</div>"
                ),
            )
            first = len(writer.pages)
            writer.append(PdfReader(io.BytesIO(pdf)))
            writer.add_outline_item(page.title().split(" — ")[0], first)
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
