"""The survey page by link, the learner's own survey, and the staff pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from tests.outcomes.conftest import Graduates
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer, Placement
from ujuzi.outcomes.services import follow_up_send, follow_ups_schedule
from ujuzi.people.services import person_link_user, role_assign

FORM = {
    "employment_status": "employed",
    "tech_role": "yes",
    "role_started_on": "2026-05-01",
    "sector": "public",
    "promoted": "no",
    "new_digital_responsibilities": "yes",
    "digital_project_led": "no",
    "skills_use": "often",
}


def open_twelve(grads: Graduates, **values: Any) -> tuple[FollowUp, str]:
    """A 12-month follow-up that is open today, with its link sent."""
    today = timezone.localdate()
    completion = grads.graduate(completed_on=today - datetime.timedelta(days=365), **values)
    follow_ups_schedule(completion, today=completion.completed_on)
    follow_up = FollowUp.objects.get(completion=completion, wave=12)
    token = follow_up_send(follow_up, today=today)
    assert token is not None
    return follow_up, token


def survey_url(token: str) -> str:
    return reverse("follow-up-survey", kwargs={"token": token})


def test_the_survey_answers_once_without_signing_in(grads: Graduates):
    follow_up, token = open_twelve(grads)
    client = Client()
    page = client.get(survey_url(token))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="employment_status"' in html
    assert "<legend>" in html
    assert 'name="promoted"' in html  # a civil servant is asked about promotion
    done = client.post(survey_url(token), FORM)
    assert done.status_code == 302
    assert done["Location"] == reverse("follow-up-thanks")
    assert client.get(done["Location"]).status_code == 200
    answer = FollowUpAnswer.objects.get(follow_up=follow_up)
    assert (answer.employment_status, answer.tech_role, answer.promoted) == (
        "employed",
        True,
        False,
    )
    again = client.get(survey_url(token))
    assert again.status_code == 410
    assert 'data-refused="used"' in again.content.decode()
    reposted = client.post(survey_url(token), FORM | {"skills_use": "never"})
    assert reposted.status_code == 410
    assert FollowUpAnswer.objects.get().skills_use == "often"


def test_young_people_are_not_asked_the_civil_servant_questions(grads: Graduates):
    _, token = open_twelve(grads, audience="youth", institution=None)
    html = Client().get(survey_url(token)).content.decode()
    assert 'name="promoted"' not in html
    assert 'name="digital_project_led"' not in html
    assert Client().post(survey_url(token), FORM).status_code == 302
    assert FollowUpAnswer.objects.get().promoted is None


def test_the_survey_is_in_the_persons_language(grads: Graduates):
    _, token = open_twelve(grads, preferred_language="sw")
    html = Client().get(survey_url(token)).content.decode()
    assert '<html lang="sw">' in html
    chosen = Client()
    chosen.cookies["django_language"] = "en"
    assert '<html lang="en">' in chosen.get(survey_url(token)).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"employment_status": ""}, "Choose the answer that fits you best."),
        ({"employment_status": "astronaut"}, "Select a valid choice"),
        ({"employment_status": "unemployed_looking", "sector": ""}, "needs a job or a business"),
        ({"role_started_on": "next tuesday"}, "Enter a date"),
        ({"role_started_on": "2999-01-01"}, "cannot be in the future"),
        ({"promoted": ""}, "Choose yes or no."),
        ({"sector": ""}, "Choose where you work."),
    ],
)
def test_malformed_answers_get_clear_errors_and_write_nothing(
    grads: Graduates, changes: dict[str, str], message: str
):
    follow_up, token = open_twelve(grads)
    page = Client().post(survey_url(token), FORM | changes)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="error-summary"' in html
    assert message in html
    follow_up.refresh_from_db()
    assert follow_up.status == "sent"
    assert not FollowUpAnswer.all_objects.exists()


def test_expired_wrong_and_early_links(grads: Graduates):
    follow_up, token = open_twelve(grads)
    wrong = Client().get(survey_url("x" * 43))
    assert wrong.status_code == 404
    assert 'data-refused="invalid"' in wrong.content.decode()
    assert Client().get(survey_url("a" * 5000)).status_code == 404
    FollowUp.objects.filter(pk=follow_up.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    late = Client().get(survey_url(token))
    assert late.status_code == 410
    assert 'data-refused="expired"' in late.content.decode()
    assert Client().post(survey_url(token), FORM).status_code == 410
    FollowUp.objects.filter(pk=follow_up.pk).update(
        opens_on=timezone.localdate() + datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    early = Client().get(survey_url(token))
    assert 'data-refused="not_open"' in early.content.decode()
    assert not FollowUpAnswer.objects.exists()


def test_the_learner_answers_from_the_home_page(grads: Graduates):
    follow_up, _ = open_twelve(grads)
    learner = make_user()
    role_assign(user=learner, role="learner", by=None)
    person_link_user(person=follow_up.person, user=learner, by=None)
    client = Client()
    client.force_login(learner)
    home = client.get(reverse("home")).content.decode()
    own = reverse("my-follow-up", kwargs={"follow_up_id": follow_up.pk})
    assert "Your follow-up survey" in home
    assert own in home
    assert client.post(own, FORM).status_code == 302
    assert FollowUpAnswer.objects.get().channel == "link"
    assert own not in client.get(reverse("home")).content.decode()
    # Someone else's follow-up is not found.
    other, _ = open_twelve(grads)
    assert client.get(reverse("my-follow-up", kwargs={"follow_up_id": other.pk})).status_code == 404


def test_staff_list_and_phone_answers_by_scope(grads: Graduates):
    own, _ = open_twelve(grads)
    other, _ = open_twelve(grads, institution=grads.other_ministry)
    officer = Client()
    officer.force_login(grads.officer)
    listing = officer.get(reverse("follow-up-list") + "?status=sent&open=1").content.decode()
    assert str(own.pk) in listing
    assert str(other.pk) not in listing
    detail = reverse("follow-up-detail", kwargs={"follow_up_id": own.pk})
    assert officer.get(detail).status_code == 200
    outside = reverse("follow-up-detail", kwargs={"follow_up_id": other.pk})
    assert officer.get(outside).status_code == 404
    assert officer.post(outside, FORM).status_code == 404
    bad = officer.post(detail, FORM | {"skills_use": ""})
    assert bad.status_code == 200
    assert "Choose how often." in bad.content.decode()
    assert officer.post(detail, FORM).status_code == 302
    answer = FollowUpAnswer.objects.get()
    assert (answer.channel, answer.recorded_by_id) == ("phone", grads.officer.pk)
    facilitator = Client()
    facilitator.force_login(grads.facilitator)
    assert facilitator.get(detail).status_code == 404
    assert facilitator.get(reverse("follow-up-list")).status_code == 404


def test_the_staff_list_is_paginated(grads: Graduates):
    for _ in range(3):
        open_twelve(grads)
    admin = Client()
    admin.force_login(grads.admin)
    from ujuzi.outcomes import views

    views.PAGE_SIZE, size = 2, views.PAGE_SIZE
    try:
        first = admin.get(reverse("follow-up-list") + "?status=sent").content.decode()
        second = admin.get(reverse("follow-up-list") + "?status=sent&page=2").content.decode()
    finally:
        views.PAGE_SIZE = size
    assert first.count("data-follow-up=") == 2
    assert second.count("data-follow-up=") == 1


def test_placements_are_recorded_and_verified_by_scope(grads: Graduates):
    follow_up, _ = open_twelve(grads)
    person = follow_up.person
    url = reverse("person-placement-new", kwargs={"person_id": person.pk})
    officer = Client()
    officer.force_login(grads.officer)
    missing = officer.post(url, {"employer": "", "started_on": "soon"})
    assert missing.status_code == 200
    assert "Enter a date" in missing.content.decode()
    assert not Placement.objects.exists()
    saved = officer.post(
        url,
        {
            "employer": "Kenya Revenue Authority",
            "tech_role": "on",
            "started_on": "2026-06-01",
            "sector": "public",
            "completion": str(follow_up.completion_id),
        },
    )
    assert saved.status_code == 302
    placement = Placement.objects.get()
    assert (placement.tech_role, placement.verified) == (True, False)
    verify = reverse("placement-verify", kwargs={"placement_id": placement.pk})
    facilitator = Client()
    facilitator.force_login(grads.facilitator)
    assert facilitator.post(verify).status_code == 404
    assert officer.post(verify).status_code == 302
    placement.refresh_from_db()
    assert (placement.verified, placement.verified_by_id) == (True, grads.officer.pk)


def test_the_learner_consents_answers_and_withdraws_the_disability_questions(grads: Graduates):
    from tests.factories import make_person
    from ujuzi.outcomes.models import DisabilityStatus

    person = make_person()
    learner = make_user()
    role_assign(user=learner, role="learner", by=None)
    person_link_user(person=person, user=learner, by=None)
    client = Client()
    client.force_login(learner)
    url = reverse("my-disability")
    answers = {"action": "answers", "seeing": "1", "hearing": "1", "walking": "3"}
    answers |= {"cognition": "1", "self_care": "1", "communication": "2"}
    # Without consent the answers are not taken.
    assert 'name="agree"' in client.get(url).content.decode()
    client.post(url, answers)
    assert not DisabilityStatus.objects.exists()
    refused = client.post(url, {"action": "consent"})
    assert "Tick the box to agree" in refused.content.decode()
    assert client.post(url, {"action": "consent", "agree": "on"}).status_code == 302
    bad = client.post(url, answers | {"walking": "7"})
    assert bad.status_code == 200
    assert "Select a valid choice" in bad.content.decode()
    assert not DisabilityStatus.objects.exists()
    assert client.post(url, answers).status_code == 302
    status = DisabilityStatus.objects.get(person=person)
    assert status.with_disability is True
    assert "checked" in client.get(url).content.decode()  # the saved answers, shown
    assert client.post(url, {"action": "withdraw"}).status_code == 302
    assert not DisabilityStatus.objects.exists()
    assert DisabilityStatus.all_objects.get().is_deleted
    staff = Client()
    staff.force_login(grads.admin)
    assert staff.get(url).status_code == 404
