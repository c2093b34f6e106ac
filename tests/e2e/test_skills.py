"""The demo learner's first skills check on a 360 px phone, JavaScript off, in English and
Kiswahili: one question per page, then the result, the skill profile and the pathway."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, choose_language, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe


def fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], page.url


def answer_current_question(page: Page) -> None:
    """Answer whatever is asked the way a hurried learner would: the first choice."""
    form = page.locator("form.question")
    radios = form.locator("input[type=radio]")
    checks = form.locator("input[type=checkbox]")
    selects = form.locator("select")
    if radios.count():
        radios.first.check()
    elif checks.count():
        checks.first.check()
    elif selects.count():
        for index in range(selects.count()):
            selects.nth(index).select_option(str(index + 1))
    else:
        form.locator("input[name=value]").fill("1")
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit]").click()
    assert navigation.value.ok


@pytest.mark.parametrize("language", ["en", "sw"])
def test_the_learner_takes_the_cybersecurity_check_and_sees_profile_and_pathway(
    page: Page, site, language
):
    sign_in(page, site, username="learner")
    choose_language(page, language)
    page.goto(f"{site}/skills/checks/")
    fits(page)
    start = page.locator("form:has(input[name=track][value=cybersecurity]) button")
    with page.expect_navigation():
        start.click()
    questions = 0
    while page.locator("form.question").count():
        fits(page)
        expect(page.locator("form.question legend")).not_to_be_empty()
        answer_current_question(page)
        questions += 1
        assert questions <= 15
    assert questions >= 4
    expect(page.locator("main table tbody tr")).to_have_count(4)
    expect(page.locator("html")).to_have_attribute("lang", language)
    fits(page)

    page.goto(f"{site}/skills/")
    expect(page.locator("main svg[role=img]")).to_be_visible()
    expect(page.locator("main table caption")).to_be_visible()
    fits(page)

    page.locator("main").get_by_role("link").first.click()
    expect(page.locator("ol.pathway > li").first).to_be_visible()
    reason = page.locator("ol.pathway > li p").first.inner_text()
    assert ("role needs level" if language == "en" else "kiwango") in reason
    fits(page)


@pytest.mark.parametrize("language", ["en", "sw"])
def test_skills_pages_pass_axe_at_phone_width(scripted_page: Page, site, language):
    page = scripted_page
    sign_in(page, site, username="learner")
    choose_language(page, language)
    for path in ("/skills/checks/", "/skills/self/", "/skills/self/CS-HYGIENE/", "/courses/"):
        page.goto(f"{site}{path}")
        assert_fits_phone_and_passes_axe(page)
    page.goto(f"{site}/skills/checks/")
    with page.expect_navigation():
        page.locator("form:has(input[name=track][value=cloud]) button").click()
    assert_fits_phone_and_passes_axe(page)
    page.goto(f"{site}/skills/")
    assert_fits_phone_and_passes_axe(page)
    page.locator("main").get_by_role("link").first.click()
    page.wait_for_load_state()
    assert_fits_phone_and_passes_axe(page)


def test_the_officer_heatmap_passes_axe(scripted_page: Page, site):
    page = scripted_page
    sign_in(page, site, username="officer")
    page.locator("main").get_by_role("link", name="Skills gap of the staff").first.click()
    page.wait_for_load_state()
    expect(page.locator("table.heatmap")).to_be_visible()
    # The table scrolls inside its own region on a phone; the page itself must not.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size({"width": 1024, "height": 800})
    assert_fits_phone_and_passes_axe(page, phone=False)
