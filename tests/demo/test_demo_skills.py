"""The demo's joins: training becomes evidence, and the pathway moves on past it."""

from __future__ import annotations

from typing import Any

import pytest

from ujuzi.assessment.models import Evidence
from ujuzi.assessment.recommend import pathway_for
from ujuzi.assessment.selectors import skill_profile
from ujuzi.core.models import User
from ujuzi.credentials.models import Credential
from ujuzi.delivery.models import Completion
from ujuzi.demo.loader import demo_load
from ujuzi.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner() -> Person:
    demo_load(learners=40, seed=3)
    return Person.objects.get(user__username="learner")


def attested_levels(person: Person) -> dict[Any, int]:
    """The highest level each competency is attested at by the person's certificates."""
    levels: dict[Any, int] = {}
    for credential in Credential.objects.filter(person=person).select_related("course"):
        for outcome in credential.course.outcomes.all():
            levels[outcome.competency_id] = max(levels.get(outcome.competency_id, 0), outcome.level)
    return levels


def test_every_completion_in_the_demo_carries_its_course_evidence(learner):
    for completion in Completion.objects.select_related("course"):
        outcomes = set(completion.course.outcomes.values_list("competency_id", "level"))
        evidence = set(
            Evidence.objects.filter(
                person_id=completion.person_id, course=completion.course
            ).values_list("competency_id", "level")
        )
        assert outcomes == evidence, completion.course.code


def test_the_learners_profile_shows_what_her_certificates_attest(learner):
    attested = attested_levels(learner)
    assert attested, "the demo learner holds certificates"

    profile = skill_profile(learner, with_evidence=True)
    rows = {row.competency.pk: row for row in profile.rows}

    shown = [competency_id for competency_id in attested if competency_id in rows]
    assert shown, "her role profile covers what her certificates attest"
    for competency_id in shown:
        assert rows[competency_id].estimate is not None
        assert rows[competency_id].level >= attested[competency_id]


def test_the_learners_pathway_never_offers_a_course_she_completed(learner):
    completed = set(
        Completion.objects.filter(person=learner).values_list("course__code", flat=True)
    )
    assert "YTH-101" in completed

    pathway = pathway_for(User.objects.get(username="learner"), learner.pk)

    assert pathway is not None
    assert not {step.course.code for step in pathway.steps} & completed
