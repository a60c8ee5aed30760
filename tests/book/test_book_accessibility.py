"""Every page for every reader: axe-core finds no serious or critical WCAG 2.1
AA violation in light or dark mode. (How equations read at a phone's width is
measured in test_book_equations.py.)

axe-core comes bundled in the pinned ``axe-playwright-python`` package and is
injected into each page after MathJax has typeset it, so the checks see what a
reader sees.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from book_site import built_pages, is_redirect, open_typeset

pytestmark = pytest.mark.slow

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
