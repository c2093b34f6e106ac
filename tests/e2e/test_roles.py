"""Each demo role signs in on a phone with JavaScript off and sees its own home page,
limited to its scope, accessible in English and Kiswahili.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, choose_language, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe
from ujuzi.people.models import Institution, Person
from ujuzi.people.policy import institution_subtree

ROLES = {
    "admin": "programme_admin",
    "officer": "training_officer",
    "facilitator": "facilitator",
    "learner": "learner",
    "dpo": "dpo",
    "partner": "partner_viewer",
}


def check_role_content(page: Page, site: str, username: str) -> None:
    if username == "admin":
        expect(page.locator(".figure").first).to_contain_text(f"{Person.objects.count():,}")
    elif username == "officer":
        ministry = Institution.objects.get(code="ict")
        expected = Person.objects.filter(
            institution_id__in=institution_subtree([ministry.pk])
        ).count()
        page.goto(f"{site}/people/")
        expect(page.locator("#people-count")).to_have_attribute("data-count", str(expected))
        page.goto(f"{site}/")
    elif username == "facilitator":
        expect(page.locator("main")).to_contain_text("Coast mobile lab 1 (DigiTruck)")
        expect(page.locator("main")).to_contain_text("Faza Community Digital Centre")
    elif username == "learner":
        expect(page.locator("main")).to_contain_text("Zawadi Shee")
    elif username == "partner":
        expect(page.get_by_role("navigation", name="Main")).not_to_contain_text("People")
        assert page.goto(f"{site}/people/").status == 404
        page.goto(f"{site}/")


def axe_check_as_signed_in(browser: Browser, page: Page) -> None:
    """Run axe on the current page in a scripted copy of the signed-in session."""
    scripted = browser.new_context(
        java_script_enabled=True, viewport=PHONE, storage_state=page.context.storage_state()
    )
    try:
        checked = scripted.new_page()
        checked.goto(page.url)
        assert checked.locator("html").get_attribute("lang") == page.locator("html").get_attribute(
            "lang"
        )
        assert_fits_phone_and_passes_axe(checked)
    finally:
        scripted.close()


@pytest.mark.parametrize("username", list(ROLES))
def test_each_role_sees_its_own_accessible_home_in_both_languages(
    browser: Browser, page: Page, site, username
):
    sign_in(page, site, username=username)  # JavaScript is off in this page
    expect(page.locator("[data-role]")).to_have_attribute("data-role", ROLES[username])
    check_role_content(page, site, username)
    axe_check_as_signed_in(browser, page)
    choose_language(page, "sw")
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    expect(page.locator("[data-role]")).to_have_attribute("data-role", ROLES[username])
    axe_check_as_signed_in(browser, page)
