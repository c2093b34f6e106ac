"""The demo's follow-ups: an open survey for the learner, enough answers for the reports."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from ujuzi.delivery.models import Completion
from ujuzi.demo.loader import demo_load
from ujuzi.demo.outcomes import LEARNER_TOKEN, MARKER, outcomes_load
from ujuzi.outcomes.models import DisabilityStatus, FollowUp, FollowUpAnswer, Placement
from ujuzi.outcomes.selectors import twelve_month_outcomes
from ujuzi.outcomes.services import follow_up_by_link


def test_the_demo_follow_ups(db):
    # One load for every check: a demo load is the slow part.
    demo_load(learners=300, seed=9)
    learner_has_an_open_twelve_month_survey()
    youth_track_has_enough_answers_and_a_low_conversion()
    loading_again_adds_nothing()


def learner_has_an_open_twelve_month_survey():
    follow_up = follow_up_by_link(LEARNER_TOKEN)
    assert follow_up is not None
    assert follow_up.person.user.username == "learner"
    assert (follow_up.wave, follow_up.status) == (12, "sent")
    client = Client()
    client.login(username="learner", password="ujuzi-demo")
    home = client.get(reverse("home")).content.decode()
    assert reverse("my-follow-up", kwargs={"follow_up_id": follow_up.pk}) in home
    page = Client().get(reverse("follow-up-survey", kwargs={"token": LEARNER_TOKEN}))
    assert page.status_code == 200


def youth_track_has_enough_answers_and_a_low_conversion():
    completions = Completion.objects.filter(enrolment__cohort__code=MARKER)
    outcomes = twelve_month_outcomes(completions)
    answered = [item for item in outcomes if item.status == "answered"]
    assert len(answered) >= 30
    converted = [item for item in answered if item.converted]
    assert len(converted) / len(answered) < 0.4
    channels = set(
        FollowUpAnswer.objects.filter(follow_up__completion__in=completions).values_list(
            "channel", flat=True
        )
    )
    assert channels == {"link", "phone"}
    assert FollowUp.objects.filter(completion__in=completions, status="no_response").exists()
    assert Placement.objects.filter(completion__in=completions, verified=True).count() == 2
    assert DisabilityStatus.objects.filter(with_disability=True).count() >= 2
    # Non-respondents have no answer at all.
    assert not FollowUpAnswer.objects.filter(follow_up__status="no_response").exists()


def loading_again_adds_nothing():
    before = FollowUp.objects.count()
    assert outcomes_load() == 0
    assert FollowUp.objects.count() == before
