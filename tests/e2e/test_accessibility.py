"""The shell's pages at 360 px, in both languages: no axe-core WCAG 2.2 AA violations, no
sideways scrolling (reflow, WCAG 1.4.10).

axe is a script, so it runs in a context with JavaScript on; the pages themselves ship none.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Page

from tests.e2e.conftest import PHONE, choose_language

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.mark.parametrize("language", ["en", "sw"])
@pytest.mark.parametrize("view", ["home-anonymous", "sign-in"])
def test_pages_fit_a_phone_and_have_no_axe_violations(scripted_page: Page, site, view, language):
    page = scripted_page
    page.goto(f"{site}/")
    choose_language(page, language)
    if view == "sign-in":
        page.goto(f"{site}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == language
    assert_fits_phone_and_passes_axe(page)


def assert_fits_phone_and_passes_axe(page: Page, *, phone: bool = True) -> None:
    """No sideways scrolling at 360 px (unless ``phone`` is off) and no axe-core WCAG 2.2 AA
    violation."""
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.add_script_tag(path=AXE)
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    problems = [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in results["violations"]
        for node in violation["nodes"]
    ]
    assert not problems, "axe-core violations:\n" + "\n".join(problems)
