"""A graduate answers the 12-month survey on a phone; the national dashboard then counts it.

The learner opens the survey from its personal link (the demo publishes the learner's) on a
360-px screen with JavaScript off, and says they hold a technology role that started two
months after the course. The administrator's dashboard, read before and after, shows the
conversion among respondents with one more respondent and one more person converted: the
answer makes the facts stale, and a small installation rebuilds them on the next read.
"""

from __future__ import annotations

import datetime
import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import PHONE, choose_language, new_context, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe
from ujuzi.demo.outcomes import LEARNER_TOKEN
from ujuzi.outcomes.models import FollowUp

FIGURE = "#figure-conversion_respondents"


def conversion(page: Page, site: str) -> tuple[int, int]:
    """Converted and respondents, as the dashboard's headline figure reads them."""
    page.goto(f"{site}/reports/")
    text = page.locator(FIGURE).inner_text()
    found = re.search(r"([\d,]+) of ([\d,]+)", text)
    assert found is not None, text
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def answer_the_survey(page: Page, site: str, started_on: datetime.date) -> None:
    page.goto(f"{site}/s/{LEARNER_TOKEN}/")
    choose_language(page, "en")  # the link opens in the learner's language, Kiswahili
    expect(page.get_by_role("heading", level=1)).to_have_text("How are things since your course?")
    page.get_by_label("employed (working for someone else)").check()
    page.locator("fieldset[data-field=tech_role]").get_by_label("Yes").check()
    page.get_by_label("When did you start this work?").fill(started_on.isoformat())
    page.get_by_label("private company").check()
    page.get_by_label("often").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Send my answers").click()
    assert navigation.value.ok, f"sending the answers answered {navigation.value.status}"
    assert page.url.endswith("/s/thanks/"), page.url


def test_an_answer_on_a_phone_moves_the_national_conversion(browser: Browser, site: str):
    follow_up = FollowUp.objects.select_related("completion").get(
        person__user__username="learner", wave=12
    )
    started_on = follow_up.completion.completed_on + datetime.timedelta(days=60)
    admin_context = new_context(browser)
    learner_context = new_context(browser)
    try:
        admin = admin_context.new_page()
        sign_in(admin, site, username="admin")
        converted, respondents = conversion(admin, site)
        expect(admin.locator("svg[role=img] title").first).not_to_be_empty()
        expect(admin.locator("table caption").first).not_to_be_empty()

        phone = learner_context.new_page()
        assert phone.viewport_size == PHONE
        answer_the_survey(phone, site, started_on)

        assert conversion(admin, site) == (converted + 1, respondents + 1)
        expect(admin.locator(FIGURE)).to_contain_text(f"{converted + 1:,} of {respondents + 1:,}")
    finally:
        admin_context.close()
        learner_context.close()


def test_the_national_dashboard_fits_a_phone_and_passes_axe(browser: Browser, site: str):
    context = new_context(browser)
    try:
        page = context.new_page()
        sign_in(page, site, username="admin")
        page.goto(f"{site}/reports/")
        scripted = browser.new_context(
            java_script_enabled=True, viewport=PHONE, storage_state=context.storage_state()
        )
        try:
            checked = scripted.new_page()
            checked.goto(f"{site}/reports/")
            assert_fits_phone_and_passes_axe(checked)
            checked.goto(f"{site}/reports/conversion_graduates/?by=sex")
            assert_fits_phone_and_passes_axe(checked)
        finally:
            scripted.close()
    finally:
        context.close()
