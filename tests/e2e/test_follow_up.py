"""A graduate answers the 12-month survey from its link on a 360 px phone, once.

The demo learner's survey link is the published one (``ujuzi.demo.outcomes``); no
sign-in, JavaScript off. A second visit is told the survey was answered; a wrong link is
told it is not valid. The page fits the phone and passes axe-core.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import choose_language, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe
from ujuzi.demo.outcomes import LEARNER_TOKEN
from ujuzi.outcomes.models import FollowUpAnswer
from ujuzi.outcomes.services import follow_up_by_link


def test_a_learner_answers_the_twelve_month_survey_from_its_link(page: Page, site):
    follow_up = follow_up_by_link(LEARNER_TOKEN)
    assert follow_up is not None
    link = f"{site}/s/{LEARNER_TOKEN}/"

    # The learner's home page points at the open survey.
    sign_in(page, site, username="learner")
    choose_language(page, "en")
    expect(page.get_by_role("heading", name="Your follow-up survey")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("How are things since your course?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A young person is not asked the civil servants' questions.
    expect(
        page.get_by_role("group", name="Since the course, have you been promoted?")
    ).to_have_count(0)

    # Sent with a question missing: a clear error, nothing saved.
    page.get_by_label("employed (working for someone else)").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Choose how often.")
    assert not FollowUpAnswer.objects.filter(follow_up=follow_up).exists()

    page.get_by_label("employed (working for someone else)").check()
    page.get_by_role("group", name="Is your main work a technology role").get_by_label(
        "Yes"
    ).check()
    started = timezone.localdate() - datetime.timedelta(days=200)
    page.get_by_label("When did you start this work?").fill(started.isoformat())
    page.get_by_label("private company").check()
    page.get_by_label("every day").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")

    answer = FollowUpAnswer.objects.get(follow_up=follow_up)
    assert (answer.employment_status, answer.tech_role, answer.sector) == (
        "employed",
        True,
        "private",
    )
    assert answer.role_started_on == started
    follow_up.refresh_from_db()
    assert follow_up.status == "answered"

    # The link works once.
    response = page.goto(link)
    assert response is not None and response.status == 410
    expect(page.locator("[data-refused]")).to_have_attribute("data-refused", "used")
    response = page.goto(f"{site}/s/{'x' * 43}/")
    assert response is not None and response.status == 404


def test_the_survey_page_fits_a_phone_and_passes_axe(scripted_page: Page, site):
    scripted_page.goto(f"{site}/s/{LEARNER_TOKEN}/")
    choose_language(scripted_page, "en")
    assert_fits_phone_and_passes_axe(scripted_page)
    with scripted_page.expect_navigation():
        scripted_page.get_by_role("button", name="Send my answers").click()
    assert_fits_phone_and_passes_axe(scripted_page)  # with the error summary
