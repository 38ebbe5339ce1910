"""Headless Chromium (Debian's, never a downloaded one) driven by Playwright, against the
live test server, with axe-core from npm for accessibility checks."""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

# Playwright's sync API runs an event loop in this thread; the test still talks to the
# database synchronously between browser steps, which Django would otherwise refuse.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")  # Debian's, where PATH does not lead to it
SKIP_VARIABLE = "KPI_SKIP_BROWSER"
MISSING = (
    "Chromium is not installed, so the browser tests cannot run. Install Debian's chromium "
    "(`make browser` does it, or `sudo apt-get install chromium`) and run the tests again. "
    f"On a machine that cannot install it, set {SKIP_VARIABLE}=1 to skip the browser tests."
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 AA and everything below it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def find_chromium() -> Path | None:
    """Chromium on PATH, else Debian's fixed path, else None."""
    on_path = shutil.which("chromium")
    if on_path:
        return Path(on_path)
    return CHROMIUM if CHROMIUM.exists() else None


def require_chromium() -> Path:
    """The browser to drive. `make test` installs Chromium, so a missing one fails the run with
    what to install; only an explicit KPI_SKIP_BROWSER=1 skips instead."""
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"{SKIP_VARIABLE}=1: browser tests skipped on request")
    chromium = find_chromium()
    if chromium is None:
        pytest.fail(MISSING, pytrace=False)
    return chromium


@pytest.fixture
def browser() -> Iterator:
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            # The test's database connection was opened while Playwright's loop ran, in a
            # context Django's own teardown does not see: close it here, or it keeps the test
            # database from being dropped on PostgreSQL.
            connections.close_all()
            chromium.close()


@pytest.fixture
def page_for(browser, live_server):
    """page_for(user) -> a browser page signed in as that user (one browser context each)."""
    contexts = []

    def make(user):
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1400, "height": 1000})
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def serious_accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG 2.2 AA violations on the page, described."""
    # Evaluated through the browser's debugging protocol: the page's Content-Security-Policy (which
    # refuses inline scripts, as it should) stays in force for everything the page itself runs.
    page.evaluate(AXE.read_text())
    results = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        f"{violation['impact']}: {violation['id']} ({violation['help']}) at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
