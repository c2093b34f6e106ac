"""Demo offerings and skill evidence, so that profiles, pathways and heatmaps have data.

Courses are offered at every site of a kind they are delivered in (campus courses at each
campus, centre courses at each community centre, and so on). Up to ``ASSESSED_STAFF``
civil servants get a skills check and, for some, a self-assessment in each competency
their role profile needs, at levels scattered around the target; their estimates follow
the same rule as in production (``ujuzi.assessment.estimates.combine``).
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from ujuzi.assessment.estimates import (
    SELF_ASSESSMENT_CONFIDENCE,
    EvidenceFact,
    combine,
    estimate_key,
)
from ujuzi.assessment.models import Evidence, SkillEstimate
from ujuzi.assessment.services import self_assessment_record
from ujuzi.catalog.models import Course, DeliveryMode, Offering
from ujuzi.competencies.models import Competency
from ujuzi.competencies.role_profiles import role_profiles_read
from ujuzi.core.records import records_bulk_create
from ujuzi.people.models import Person
from ujuzi.places.models import Site

ASSESSED_STAFF = 1000
ASSESSED_SHARE = 0.7
CHECKED_AT = datetime.datetime(2026, 10, 1, 9, 0, tzinfo=datetime.UTC)
KIND_FOR_MODE = {
    DeliveryMode.CAMPUS: Site.Kind.CAMPUS,
    DeliveryMode.COMMUNITY_CENTRE: Site.Kind.COMMUNITY_CENTRE,
    DeliveryMode.MOBILE_LAB: Site.Kind.MOBILE_LAB,
    DeliveryMode.ONLINE: Site.Kind.ONLINE,
}


@transaction.atomic
def offerings_load() -> int:
    """Offer each course at the sites of its delivery modes, in each of its languages."""
    if Offering.all_objects.exists():
        return 0
    sites_by_kind: dict[str, list[Site]] = {}
    for site in Site.objects.order_by("code"):
        sites_by_kind.setdefault(site.kind, []).append(site)
    offerings = [
        Offering(course=course, site=site, language=language)
        for course in Course.objects.order_by("position")
        for mode in course.delivery_modes
        for site in sites_by_kind.get(KIND_FOR_MODE.get(mode, ""), [])
        for language in course.languages
    ]
    return records_bulk_create(offerings, by=None, action="catalog.offering.demo")


def _level_near(rng: random.Random, target: int) -> int:
    return max(0, min(4, target + rng.choice((-2, -1, -1, -1, 0, 0, 1))))


@transaction.atomic
def skills_load(seed: int) -> int:
    """Evidence and estimates for a sample of civil servants; returns how many people."""
    if SkillEstimate.all_objects.filter(person__audience=Person.Audience.CIVIL_SERVANT).exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    profiles = role_profiles_read()
    staff = Person.objects.filter(audience=Person.Audience.CIVIL_SERVANT).order_by(
        "personal_number"
    )[: int(ASSESSED_STAFF / ASSESSED_SHARE)]
    evidence: list[Evidence] = []
    estimates: list[SkillEstimate] = []
    assessed = 0
    for person_id, grade, job_title in staff.values_list("pk", "grade", "job_title"):
        if rng.random() > ASSESSED_SHARE:
            continue
        profile, _by_hand = profiles.choose(
            audience=Person.Audience.CIVIL_SERVANT, grade=grade, job_title=job_title
        )
        if profile is None:
            continue
        assessed += 1
        checked_at = CHECKED_AT + datetime.timedelta(minutes=assessed)
        for competency_id, target in profiles.targets[profile.pk].items():
            facts = [EvidenceFact("diagnostic", _level_near(rng, target.level), 1.0, checked_at)]
            if rng.random() < 0.3:
                later = checked_at + datetime.timedelta(days=3)
                facts.append(
                    EvidenceFact(
                        "self", _level_near(rng, target.level), SELF_ASSESSMENT_CONFIDENCE, later
                    )
                )
            evidence.extend(
                Evidence(
                    person_id=person_id,
                    competency_id=competency_id,
                    source=fact.source,
                    level=fact.level,
                    confidence=fact.confidence,
                    observed_at=fact.observed_at,
                )
                for fact in facts
            )
            result = combine(facts)
            if result is not None:
                estimates.append(
                    SkillEstimate(
                        id=estimate_key(person_id, competency_id),
                        person_id=person_id,
                        competency_id=competency_id,
                        level=result.level,
                        confidence=result.confidence,
                        evidence_count=result.evidence_count,
                    )
                )
    records_bulk_create(evidence, by=None, action="assessment.evidence.demo")
    records_bulk_create(estimates, by=None, action="assessment.estimate.demo")
    return assessed


def learner_self_assessment(person: Person) -> None:
    """The demo learner has rated herself in two competencies; the checks are hers to take."""
    for code, level in (("DG-LITERACY", 1), ("AI-LITERACY", 1)):
        competency = Competency.objects.filter(
            uri_code=code, framework__slug="public-service-digital"
        ).first()
        if competency is not None:
            self_assessment_record(person, competency, level, by=None)
