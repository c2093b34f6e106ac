"""A cohort from nomination to the roll and the learner's calendar, on a 360 px phone.

The officer nominates two members of staff, the administrator approves both, the
facilitator takes the roll for today's session, and the learner finds their cohort on
the home page and downloads its calendar. JavaScript is off throughout.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.e2e.conftest import choose_language, sign_in
from tests.e2e.test_accessibility import assert_fits_phone_and_passes_axe
from tests.factories import make_person
from ujuzi.delivery.models import Attendance, Cohort, Enrolment
from ujuzi.delivery.scheduling import session_add
from ujuzi.people.models import Institution


def _sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def test_nominate_approve_roll_and_calendar(page: Page, site):
    ministry = Institution.objects.get(code="ict")
    nominees = [
        make_person(institution=ministry, first_name="Halima", last_name="Abdikadir"),
        make_person(institution=ministry, first_name="Omondi", last_name="Otieno"),
    ]
    cohort = Cohort.objects.get(code="demo-faza-dsp-101")

    sign_in(page, site, username="officer")
    page.goto(f"{site}/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Nominate staff").click()
    page.get_by_label("Name or personal number").fill("Abdikadir")
    with page.expect_navigation():
        page.get_by_role("button", name="Find staff").click()
    page.get_by_label("Halima Abdikadir").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Nominate the ticked staff").click()
    expect(page.get_by_role("status")).to_contain_text("1 nomination sent for approval.")
    page.get_by_role("link", name="Nominate staff").click()
    page.get_by_label("Name or personal number").fill("Otieno")
    with page.expect_navigation():
        page.get_by_role("button", name="Find staff").click()
    page.get_by_label("Omondi Otieno").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Nominate the ticked staff").click()
    _sign_out(page)

    sign_in(page, site, username="admin")
    page.get_by_role("link", name="Nominations", exact=True).first.click()
    for person in nominees:
        card = page.locator(".card", has_text=person.full_name)
        card.get_by_label("Approve").check()
        with page.expect_navigation():
            card.get_by_role("button", name="Record the decision").click()
        expect(page.get_by_role("status")).to_contain_text(f"Decision recorded for {person}")
    seated = Enrolment.objects.filter(cohort=cohort, person__in=nominees, status="enrolled")
    assert seated.count() == 2
    _sign_out(page)

    # A session that is on now, whatever the hour the suite runs at.
    now = timezone.now()
    session_add(
        cohort=cohort,
        starts_at=now + datetime.timedelta(minutes=20),
        ends_at=now + datetime.timedelta(hours=2),
        topic="Live practice",
        by=None,
    )
    sign_in(page, site, username="facilitator")
    expect(page.get_by_role("heading", name="Sessions today")).to_be_visible()
    page.goto(f"{site}/cohorts/{cohort.pk}/")
    page.get_by_role("row", name="Live practice").get_by_role("link", name="Take the roll").click()
    for person in nominees:
        with page.expect_navigation():
            page.locator(f"#mark-{person.pk}").click()
        expect(page.locator(f"#person-{person.pk}")).to_contain_text("Present")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the roll is {width} px wide on a 360 px phone"
    marks = Attendance.objects.filter(person__in=nominees, present=True, session__cohort=cohort)
    assert marks.count() == 2
    _sign_out(page)

    sign_in(page, site, username="learner")
    cohorts = page.locator("section", has=page.get_by_role("heading", name="Your cohorts"))
    expect(cohorts).to_contain_text("Staying safe online")
    with page.expect_download() as download:
        cohorts.get_by_role("link", name="Download my calendar (.ics)").click()
    events = Calendar.from_ical(Path(download.value.path()).read_bytes()).walk("VEVENT")
    assert len(events) == 5
    assert all("Staying safe online" in str(event["SUMMARY"]) for event in events)


@pytest.mark.parametrize("language", ["en", "sw"])
def test_the_cohort_and_nomination_pages_pass_axe(scripted_page: Page, site, language):
    cohort = Cohort.objects.get(code="demo-faza-dsp-101")
    sign_in(scripted_page, site, username="admin")
    choose_language(scripted_page, language)
    for path in ("/cohorts/", "/cohorts/new/", f"/cohorts/{cohort.pk}/", "/nominations/"):
        scripted_page.goto(f"{site}{path}")
        assert_fits_phone_and_passes_axe(scripted_page)
