"""Display equations read whole on a desktop and on a phone.

An equation a reader meets in pieces is not readable, even when every piece
fits the screen. So these tests measure the layout MathJax produced in
headless chromium, after typesetting, at a desktop width (1400 px) and a phone
width (390 px):

- MathJax never breaks an equation by itself at either width (its automatic
  breaks split equations that fit, down to a symbol a line on a phone); the
  only line breaks are the ones written into the source with ``aligned``;
- on a desktop every equation fits its column, so none scrolls;
- on a phone no equation reaches past the screen, none has more than
  ``MAX_LINES`` lines, and one still wider than the column scrolls sideways
  inside its own box, with the shadow cue, by less than half a screen more.
"""

import pytest
from book_site import EQUATION_LAYOUT_JS, built_pages, is_redirect, open_typeset

pytestmark = pytest.mark.slow

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}
# The longest block is the table of five activations and their slopes in the
# feedforward chapter, ten rows written so; no other equation has more than 5.
MAX_LINES = 10
# A scrolling equation is at most this much wider than its box on a phone.
MAX_SCROLL_RATIO = 1.5


def _layouts(context, site_url, viewport):
    """(page, equation layout) for every display equation of the site."""
    found = []
    for path in built_pages():
        if is_redirect(path):
            continue
        page = open_typeset(context, site_url, path, viewport=viewport)
        try:
            found += [(path, eq) for eq in page.evaluate(EQUATION_LAYOUT_JS)]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            )
        finally:
            page.close()
        if overflow > 1:
            found.append((path, {"page_overflow": overflow}))
    return found


def _describe(path, eq):
    return f"{path}: {eq.get('label', '')} {eq}"


def test_no_equation_is_broken_or_scrolls_on_a_desktop(browser_context, site_url):
    layouts = _layouts(browser_context, site_url, DESKTOP)
    assert len(layouts) > 60, f"only {len(layouts)} display equations found"
    broken = [_describe(p, e) for p, e in layouts if e.get("breaks", 1)]
    scrolling = [_describe(p, e) for p, e in layouts if e.get("scrolls", True)]
    assert not broken, f"{len(broken)} equations broken at 1400 px:\n" + "\n".join(
        broken
    )
    assert not scrolling, f"{len(scrolling)} equations scroll at 1400 px:\n" + (
        "\n".join(scrolling)
    )


def test_equations_read_whole_on_a_phone(browser_context, site_url):
    layouts = _layouts(browser_context, site_url, PHONE)
    problems = []
    for path, eq in layouts:
        if "page_overflow" in eq:
            problems.append(f"{path}: the page is {eq['page_overflow']} px too wide")
            continue
        if eq["breaks"]:
            problems.append(f"{_describe(path, eq)}: broken automatically")
        if eq["lines"] > MAX_LINES:
            problems.append(f"{_describe(path, eq)}: more than {MAX_LINES} lines")
        if eq["right"] > PHONE["width"] + 1:
            problems.append(f"{_describe(path, eq)}: reaches past the screen")
        if eq["scrolls"] and not eq["cue"]:
            problems.append(f"{_describe(path, eq)}: scrolls with no visible cue")
        if eq["width"] > MAX_SCROLL_RATIO * eq["box"]:
            problems.append(f"{_describe(path, eq)}: too wide to scroll through")
    assert not problems, f"{len(problems)} problems at 390 px:\n" + "\n".join(problems)
