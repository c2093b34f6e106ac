"""A visitor's journeys on a 360 px phone with JavaScript disabled: every step is plain HTML.

The pages must work when scripts are off, blocked or still downloading on a weak link.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, choose_language, sign_in


def test_an_anonymous_visitor_sees_the_home_page_without_sideways_scrolling(page: Page, site):
    page.goto(f"{site}/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Sign in")).to_be_visible()
    # Playwright evaluates over the DevTools protocol, which works with page scripts off.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_admin_signs_in_with_the_form_lands_on_home_and_signs_out(page: Page, site):
    sign_in(page, site)
    expect(page.locator("h1")).to_contain_text("Welcome")
    expect(page.get_by_text("Signed in as admin")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    assert page.url == f"{site}/"
    expect(page.locator("h1")).not_to_contain_text("Welcome")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Sign in")


def test_the_language_form_switches_the_page_to_kiswahili_and_back(page: Page, site):
    page.goto(f"{site}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    choose_language(page, "sw")
    assert page.url == f"{site}/"
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    expect(page.locator("#language-select")).to_have_value("sw")

    choose_language(page, "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
