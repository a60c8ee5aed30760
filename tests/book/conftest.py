"""Shared fixtures for the website's tests: a local web server for the built
site and a headless Debian chromium driven by Playwright.

These tests need the site built first (`make book`); `make test` builds it
before running them.
"""

import functools
import http.server
import threading

import pytest
from book_site import CHROMIUM, CHROMIUM_ARGS, SITE, built_pages


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    """Serve _build/html on 127.0.0.1 for the session; yield its base URL."""
    built_pages()  # fail early and clearly when the site is missing
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """A fresh chromium profile, driven headless through Playwright."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.is_file():
        raise RuntimeError(
            f"{CHROMIUM} is missing: run `bash scripts/install-chromium.sh`"
        )
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        yield context
        context.close()
