"""Every page for every reader: axe-core finds no serious or critical WCAG 2.1
AA violation in light or dark mode, and no display equation is wider than a
390 px phone screen.

axe-core comes bundled in the pinned ``axe-playwright-python`` package and is
injected into each page after MathJax has typeset it, so the checks see what a
reader sees.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from book_site import built_pages, is_redirect, open_typeset

pytestmark = pytest.mark.slow

PHONE = {"width": 390, "height": 844}
BLOCKING = {"serious", "critical"}
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"],
    },
    "resultTypes": ["violations"],
}
# The dark theme changes colours only, so its pass checks colour contrast
# (axe's slowest rule; the light pass already ran every other one).
AXE_DARK_OPTIONS = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}

DARK_JS = """() => {
    localStorage.setItem('mode', 'dark');
    localStorage.setItem('theme', 'dark');
    document.documentElement.dataset.mode = 'dark';
    document.documentElement.dataset.theme = 'dark';
}"""

# A display equation (MathJax's container, or Sphinx's numbered block around
# it) that reaches past the right edge of the screen, or overflows its box.
WIDE_EQUATIONS_JS = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const el of document.querySelectorAll(
            'mjx-container[display="true"], div.math')) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 1 || el.scrollWidth > el.clientWidth + 1) {
            const block = el.closest('div.math') || el;
            const eqno = block.querySelector('.eqno');
            const tex = (block.textContent || '').trim().slice(0, 60);
            wide.push((eqno ? eqno.textContent.trim() + ' ' : '') + tex
                      + ` (${Math.round(Math.max(box.right, el.scrollWidth))} px)`);
        }
    }
    return [...new Set(wide)];
}"""


def _pages():
    return [p for p in built_pages() if not is_redirect(p)]


def _blocking(results, where):
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = [n["target"] for n in violation["nodes"]][:3]
            found.append(
                f"{where}: {violation['id']} [{violation['impact']}] "
                f"x{len(violation['nodes'])}: {violation['help']} {targets}"
            )
    return found


def test_no_serious_axe_violations_light_or_dark(browser_context, site_url):
    axe = Axe()
    problems = []
    for path in _pages():
        page = open_typeset(browser_context, site_url, path, mode="light")
        try:
            problems += _blocking(axe.run(page, options=AXE_OPTIONS), f"{path} light")
            # Switching the theme in place, as its toggle does, saves a reload.
            page.evaluate(DARK_JS)
            page.wait_for_timeout(300)  # let the colour transitions finish
            dark = axe.run(page, options=AXE_DARK_OPTIONS)
            problems += _blocking(dark, f"{path} dark")
        finally:
            page.close()
    assert not problems, "\n".join(problems)


def test_display_equations_fit_a_phone(browser_context, site_url):
    problems = []
    for path in _pages():
        page = open_typeset(browser_context, site_url, path, viewport=PHONE)
        try:
            wide = page.evaluate(WIDE_EQUATIONS_JS)
        finally:
            page.close()
        problems += [f"{path}: {w}" for w in wide]
    assert not problems, f"{len(problems)} equations wider than 390 px:\n" + "\n".join(
        problems
    )
