"""Open every built page in headless chromium and check what a reader sees:
images load, chapter figures are there, math is typeset by the site's own
MathJax, nothing is fetched from outside the site, the console stays clean,
search works and the chapter notebooks download.
"""

import json
import re

import pytest
from book_site import WAIT_MATHJAX_JS, built_pages, is_redirect

pytestmark = pytest.mark.slow

CHAPTER = re.compile(r"^book/\d\d-[\w-]+\.html$")
MIN_FIGURES = 3

BROKEN_IMAGES_JS = """() => Array.from(document.images)
    .filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute('src'))"""


def _open(context, site_url, path):
    """Load one page and collect its console errors and outside requests."""
    page = context.new_page()
    errors, outside = [], []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def record(request):
        if not request.url.startswith((site_url, "data:", "blob:", "about:")):
            outside.append(request.url)

    page.on("request", record)
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    return page, response, errors, outside


def test_every_page_renders_offline_with_math_and_figures(browser_context, site_url):
    problems = []
    pages = built_pages()
    chapters = [p for p in pages if CHAPTER.match(p)]
    assert "book/intro.html" in pages and "book/notation.html" in pages

    for path in pages:
        if is_redirect(path):
            continue  # checked by test_front_page_redirect
        page, response, errors, outside = _open(browser_context, site_url, path)
        try:
            if response is None or response.status != 200:
                problems.append(f"{path}: HTTP {response and response.status}")
                continue
            n_math = page.locator(".math").count()
            if n_math:
                if not page.evaluate(WAIT_MATHJAX_JS):
                    problems.append(f"{path}: MathJax never started")
                n_typeset = page.locator("mjx-container").count()
                if n_typeset < n_math:
                    problems.append(
                        f"{path}: {n_typeset} of {n_math} math elements typeset"
                    )
                if page.locator("mjx-merror").count():
                    problems.append(f"{path}: MathJax reports a TeX error")
            broken = page.evaluate(BROKEN_IMAGES_JS)
            if broken:
                problems.append(f"{path}: broken images {broken}")
            if path in chapters:
                n_fig = page.locator(".cell_output img").count()
                if n_fig < MIN_FIGURES:
                    problems.append(f"{path}: {n_fig} figures, expected {MIN_FIGURES}+")
            page.wait_for_timeout(100)  # let late console messages arrive
            if errors:
                problems.append(f"{path}: console errors {errors}")
            if outside:
                problems.append(f"{path}: requests outside the site {outside}")
        finally:
            page.close()
    assert not problems, "\n".join(problems)


def test_front_page_redirect(browser_context, site_url):
    page = browser_context.new_page()
    try:
        page.goto(f"{site_url}/index.html")
        page.wait_for_url("**/book/intro.html", timeout=10000)
        title = page.title()
    finally:
        page.close()
    assert "mllesson" in title


def test_search_finds_sigmoid(browser_context, site_url):
    page = browser_context.new_page()
    try:
        page.goto(f"{site_url}/search.html?q=sigmoid", wait_until="load")
        page.wait_for_selector("ul.search li", timeout=20000)
        hits = page.locator("ul.search li a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
    finally:
        page.close()
    assert hits, "searching for 'sigmoid' found nothing"
    assert any("book/" in h for h in hits), hits


def test_chapter_notebooks_download(browser_context, site_url):
    chapters = [p for p in built_pages() if CHAPTER.match(p)]
    assert chapters, "no chapter pages were built"
    for path in chapters:
        page = browser_context.new_page()
        try:
            page.goto(f"{site_url}/{path}", wait_until="load")
            # The download link, not the launch buttons (which open it online).
            link = page.locator("a[href$='.ipynb']:not([href^='http'])").first
            href = link.get_attribute("href")
            assert href, f"{path}: no .ipynb download link"
            url = page.evaluate("h => new URL(h, document.baseURI).href", href)
            response = page.request.get(url)
            assert response.status == 200, f"{path}: {url} gave {response.status}"
            notebook = json.loads(response.body())
        finally:
            page.close()
        assert notebook["nbformat"] == 4, path
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert code and any("mllesson" in "".join(c["source"]) for c in code), path
