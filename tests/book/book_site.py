"""Paths and helpers shared by the website's tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "_build" / "html"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def built_pages():
    """Every HTML page of the built site, as paths relative to the site root."""
    if not (SITE / "index.html").is_file():
        raise RuntimeError(f"no built site in {SITE}: run `make book` first")
    return sorted(
        p.relative_to(SITE).as_posix()
        for p in SITE.rglob("*.html")
        if "_static" not in p.parts
    )


def is_redirect(path):
    """Jupyter Book's index.html: a one-line redirect to the front page."""
    return path == "index.html"


WAIT_MATHJAX_JS = """async () => {
    const t0 = Date.now();
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
        if (Date.now() - t0 > 20000) return false;
        await new Promise(r => setTimeout(r, 50));
    }
    await MathJax.startup.promise;
    return true;
}"""


def open_typeset(context, site_url, path, mode="light", viewport=None):
    """Open one page in the light or dark theme, and wait until its math is
    typeset (MathJax lays equations out for the page's width)."""
    page = context.new_page()
    if viewport:
        page.set_viewport_size(viewport)
    # The theme reads the reader's choice from localStorage before drawing.
    page.add_init_script(
        f"localStorage.setItem('mode', '{mode}');"
        f"localStorage.setItem('theme', '{mode}');"
    )
    page.goto(f"{site_url}/{path}", wait_until="load")
    if page.locator(".math").count():
        page.evaluate(WAIT_MATHJAX_JS)
    theme = page.evaluate("document.documentElement.dataset.theme")
    if theme != mode:
        page.close()
        raise AssertionError(f"{path}: asked for the {mode} theme, got {theme}")
    return page


# How each display equation is laid out at the page's current width: its
# number, the automatic line breaks MathJax made (each break stacks the
# equation's pieces in an mjx-linestack of mjx-linebox lines), the lines a
# reader sees (the innermost rows of its aligned, cases or matrix blocks, plus
# the extra lines of any automatic break), whether it scrolls inside its own
# box (and whether that box shows the scroll cue), and how far it reaches.
EQUATION_LAYOUT_JS = """() => Array.from(
        document.querySelectorAll('mjx-container[display="true"]')).map(el => {
    const block = el.closest('div.math');
    const eqno = block && block.querySelector('.eqno');
    const ROW = 'mjx-mtr, mjx-mlabeledtr';
    const rows = Array.from(el.querySelectorAll(ROW))
        .filter(row => !row.querySelector(ROW)).length;
    const stacks = el.querySelectorAll('mjx-linestack').length;
    const boxes = el.querySelectorAll('mjx-linebox').length;
    const style = getComputedStyle(el);
    return {
        label: (eqno ? eqno.textContent.replace('#', '').trim() + ' ' : '')
            + (el.querySelector('mjx-assistive-mml') || el).textContent
                .replace(/\\s+/g, ' ').trim().slice(0, 50),
        breaks: stacks ? boxes - stacks : 0,
        lines: Math.max(rows, 1) + (stacks ? boxes - stacks : 0),
        scrolls: el.scrollWidth > el.clientWidth + 1,
        cue: ['auto', 'scroll'].includes(style.overflowX)
            && style.backgroundImage.includes('gradient'),
        right: el.getBoundingClientRect().right,
        width: el.scrollWidth,
        box: el.clientWidth,
    };
})"""
