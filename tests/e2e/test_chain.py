"""One young learner through the whole chain, on a 360 px phone with JavaScript off.

A young person with neither an e-mail address nor a national ID (as most of the mobile
labs' learners are) enrols in a cohort the administrator schedules
at the Coast mobile lab's current stop; the facilitator takes the roll; the
administrator closes the cohort; the periodic issuing signs her certificate, which names
her by her learner number; her skill profile shows the course's evidence, and her
pathway has moved on past the course.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in
from ujuzi.assessment.recommend import pathway_for
from ujuzi.core.models import User
from ujuzi.core.services import user_create
from ujuzi.credentials.documents import recipient_identity_hash
from ujuzi.credentials.issuing import credentials_issue_pending
from ujuzi.credentials.models import Credential
from ujuzi.delivery.models import Enrolment
from ujuzi.demo.loader import DEMO_PASSWORD
from ujuzi.people.models import Person, RoleAssignment
from ujuzi.people.services import person_update, role_assign
from ujuzi.places.models import RouteStop, Site


def _sign_out(page: Page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()


def _young_learner_without_contact() -> tuple[Person, User]:
    """A demo youth without e-mail or ID, free today, given a login so we can follow her."""
    today = timezone.localdate()
    busy_today = Enrolment.objects.filter(
        status__in=Enrolment.ACTIVE, cohort__starts_on__lte=today, cohort__ends_on__gte=today
    ).values("person_id")
    person = (
        Person.objects.filter(
            audience=Person.Audience.YOUTH, email="", national_id__isnull=True, user__isnull=True
        )
        .exclude(pk__in=busy_today)
        .order_by("last_name", "first_name")
        .first()
    )
    assert person is not None, "the demo registers young people without e-mail or ID"
    user = user_create(username="young-learner", password=DEMO_PASSWORD, by=None)
    role_assign(user=user, role=RoleAssignment.Role.LEARNER, by=None)
    person_update(person=person, changes={"user": user}, by=None)
    return person, user


def test_a_young_learner_goes_from_a_mobile_lab_stop_to_a_certificate_and_a_new_pathway(
    page: Page, site: str
) -> None:
    person, user = _young_learner_without_contact()
    today = timezone.localdate()
    lab = Site.objects.get(code="lab-coast-1")
    stop = RouteStop.objects.get(site=lab, starts_on__lte=today, ends_on__gte=today)
    before = pathway_for(user, person.pk)
    assert before is not None and before.steps
    course = next(step.course for step in before.steps if step.course.audience in ("all", "youth"))

    # The administrator schedules the course at the lab's current stop, open to enrol.
    sign_in(page, site, username="admin")
    page.goto(f"{site}/cohorts/new/")
    form = page.locator("form.stacked")
    form.locator("[name=course]").select_option(str(course.pk))
    form.locator("[name=site]").select_option(str(lab.pk))
    form.locator("[name=route_stop]").select_option(str(stop.pk))
    form.locator("[name=code]").fill("coast-lab-today")
    form.locator("[name=starts_on]").fill(today.isoformat())
    form.locator("[name=ends_on]").fill(today.isoformat())
    form.locator("[name=capacity]").fill("20")
    form.locator("[name=is_open]").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Schedule the cohort").click()
    cohort_page = page.url
    assert "/cohorts/" in cohort_page and "/new/" not in cohort_page
    # A session that began a little while ago (or at midnight, early in the day).
    now = timezone.localtime()
    starts = max(now - datetime.timedelta(minutes=5), now.replace(hour=0, minute=0))
    page.get_by_text("Add a session").click()
    page.get_by_label("Day").fill(today.isoformat())
    page.get_by_label("Starts").fill(starts.strftime("%H:%M"))
    page.get_by_label("Ends").fill("23:59")
    page.get_by_label("Topic").fill("Hands on the keyboard")
    with page.expect_navigation():
        page.get_by_role("button", name="Add the session").click()
    _sign_out(page)

    # The young learner enrols on her phone.
    sign_in(page, site, username="young-learner")
    page.goto(cohort_page)
    with page.expect_navigation():
        page.get_by_role("button", name="Enrol in this cohort").click()
    expect(page.locator("ul.messages")).to_contain_text("You have a place in this cohort.")
    _sign_out(page)

    # The facilitator of the lab takes the roll.
    sign_in(page, site, username="facilitator")
    page.goto(cohort_page)
    page.get_by_role("row", name="Hands on the keyboard").get_by_role(
        "link", name="Take the roll"
    ).click()
    with page.expect_navigation():
        page.locator(f"#mark-{person.pk}").click()
    expect(page.locator(f"#person-{person.pk}")).to_contain_text("Present")
    _sign_out(page)

    # The administrator closes the cohort; the worker's periodic issuing signs.
    sign_in(page, site, username="admin")
    page.goto(cohort_page)
    with page.expect_navigation():
        page.get_by_role("button", name="Close and record completions").click()
    expect(page.locator("ul.messages")).to_contain_text("1 learner completed the course.")
    _sign_out(page)
    credentials_issue_pending()

    # Her certificate names her by her learner number, and verifies.
    sign_in(page, site, username="young-learner")
    page.goto(f"{site}/me/certificates/")
    card = page.locator(".card", has_text=course.title["en"])
    expect(card).to_be_visible()
    expect(page.locator(".learner-number")).to_have_text(person.learner_number)
    with page.expect_download() as download:
        card.get_by_role("link", name="Download (JSON)").click()
    document = json.loads(Path(download.value.path()).read_text())
    (identity,) = document["credentialSubject"]["identifier"]
    assert identity["identityType"] == "ext:studentId"
    assert identity["identityHash"] == recipient_identity_hash(
        person.learner_number, identity["salt"]
    )
    card.get_by_role("link", name="Verification page (share this link)").click()
    expect(page.locator("main")).to_contain_text("valid")
    assert Credential.objects.filter(person=person, course=course).count() == 1

    # Her skill profile shows the course's evidence; her pathway has moved on.
    page.goto(f"{site}/skills/")
    evidence = page.locator("main li", has_text="course result")
    expect(evidence.first).to_be_visible()
    for outcome in course.outcomes.select_related("competency"):
        expect(page.locator("main")).to_contain_text(outcome.competency.title["en"])
    after = pathway_for(user, person.pk)
    assert after is not None
    assert course.code not in {step.course.code for step in after.steps}
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the skills page is {width} px wide on a 360 px phone"
