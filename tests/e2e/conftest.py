"""Browser journeys: Debian's Chromium, driven by Playwright, kept on loopback.

Why: the pages must work for someone on a cheap phone with JavaScript off or broken, so
the journeys run with JavaScript disabled; only the axe-core check gets a JavaScript
context, for the checker itself (the pages ship no scripts).

These tests are marked ``browser`` and skipped unless ``UJUZI_BROWSER_TESTS=1`` (CI runs
them on one database leg). When asked for, a missing Chromium fails them: run
``scripts/ensure-chromium``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from ujuzi.demo.loader import DEMO_PASSWORD, demo_load

WANTED = os.environ.get("UJUZI_BROWSER_TESTS") == "1"
if WANTED:
    # Playwright's sync API leaves an event loop running in this thread for the rest of
    # the session; the ORM calls made here (and in later tests) are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
# Chromium resolves nothing but 127.0.0.1 (below), so the live server must listen there.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM = Path("/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root in CI containers
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;127.0.0.1",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--headless",
]
PHONE = {"width": 360, "height": 740}
HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser``; skip them unless asked for."""
    skip = pytest.mark.skip(reason="browser tests run with UJUZI_BROWSER_TESTS=1")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            if not WANTED:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-chromium", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def new_context(browser: Browser, *, javascript: bool = False) -> BrowserContext:
    context = browser.new_context(java_script_enabled=javascript, viewport=PHONE)
    context.set_default_timeout(10_000)  # a local page answers in well under a second
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript disabled."""
    context = new_context(browser)
    yield context.new_page()
    context.close()


@pytest.fixture
def scripted_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page with JavaScript on, for axe-core only."""
    context = new_context(browser, javascript=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def site(live_server, transactional_db) -> str:
    """The live site's address, with a small demo programme (all six logins) loaded."""
    demo_load(learners=80)
    return live_server.url


def sign_in(page: Page, site: str, *, username: str = "admin") -> None:
    """Sign in through the form, found by its English labels."""
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    with page.expect_navigation() as navigation:
        page.locator("main").get_by_role("button").click()
    assert navigation.value.ok, f"signing in answered {navigation.value.status}"
    assert page.url == f"{site}/"


def choose_language(page: Page, code: str) -> None:
    """Switch language with the header's form: a select and a submit button, no script."""
    form = page.locator("form.language")
    form.locator("select").select_option(code)
    with page.expect_navigation() as navigation:
        form.get_by_role("button").click()
    assert navigation.value.ok, f"switching language answered {navigation.value.status}"
