"""Random histories of writes for the incremental refresh's property test.

``World`` is a small programme with places from the start, so that a change to a shared
record (cohort, site, course, outcome) always matters; ``STEPS`` are the writes a history
is made of, each through the services or ``ujuzi.core.records``, each a no-op when it does
not apply (a completion for a place that is not completed, a second answer…).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone
from hypothesis import strategies as st

from tests.factories import (
    area,
    make_cohort,
    make_competency,
    make_course,
    make_enrolment,
    make_person,
    make_programme,
    make_site,
)
from tests.reports.builders import certificate, disability
from ujuzi.assessment.models import Evidence
from ujuzi.catalog.models import CourseOutcome
from ujuzi.core.records import record_create, record_delete, record_update
from ujuzi.credentials.models import Credential
from ujuzi.delivery.models import Completion, Enrolment
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer, Placement
from ujuzi.outcomes.placements import disability_status_erase
from ujuzi.people.models import Person, PersonSensitive
from ujuzi.people.services import person_update
from ujuzi.places.models import Site

D = datetime.date


class World:
    """Two programmes, three cohorts (one with its 12-month follow-up still to come), people."""

    def __init__(self) -> None:
        youth = make_programme(code="youth-digital-skills-and-jobs", audience="youth")
        public = make_programme(code="digital-skills-for-public-servants")
        modes = ["campus", "community_centre"]
        self.courses = [
            make_course(programme=youth, code="Y-1", delivery_modes=modes),
            make_course(programme=public, code="D-1", delivery_modes=modes),
        ]
        self.competency = make_competency()
        self.outcome = record_create(
            CourseOutcome(course=self.courses[0], competency=self.competency, level=3), by=None
        )
        self.sites = [
            make_site(kind=Site.Kind.COMMUNITY_CENTRE, area=area("KE-005")),
            make_site(kind=Site.Kind.CAMPUS, area=area("KE-047")),
        ]
        self.cohorts = [
            make_cohort(
                course=self.courses[0],
                site=self.sites[0],
                starts_on=D(2025, 3, 3),
                ends_on=D(2025, 3, 21),
            ),
            make_cohort(
                course=self.courses[1],
                site=self.sites[1],
                starts_on=D(2025, 11, 3),
                ends_on=D(2025, 11, 7),
            ),
            make_cohort(
                course=self.courses[0],
                site=self.sites[1],
                starts_on=D(2026, 6, 1),
                ends_on=D(2026, 6, 5),
            ),
        ]
        self.people = [
            make_person(audience="youth", sex="female", date_of_birth=D(2003, 5, 1)),
            make_person(audience="youth", area=area("KE-047")),
            make_person(audience="civil_servant", sex="male", grade="K"),
            make_person(audience="civil_servant", date_of_birth=D(1975, 1, 1)),
        ]
        # Places from the start, so that a change to a shared record always matters.
        for person, cohort, status in (
            (0, 0, "completed"),
            (1, 1, "completed"),
            (2, 2, "enrolled"),
        ):
            enrol(self, person, cohort, status)
            complete(self, person, cohort)
        follow_up(self, 0, 0, "sent")
        answer(self, 0, 0, True)
        enrol(self, 3, 0, "dropped_out")
        evidence(self, 0, 1)


def enrolment_of(world: World, person: int, cohort: int) -> Enrolment | None:
    return Enrolment.objects.filter(
        person=world.people[person], cohort=world.cohorts[cohort]
    ).first()


def completion_of(world: World, person: int, cohort: int) -> Completion | None:
    return Completion.objects.filter(
        person=world.people[person], enrolment__cohort=world.cohorts[cohort]
    ).first()


def enrol(world: World, person: int, cohort: int, status: str) -> None:
    found = Enrolment.all_objects.filter(person=world.people[person], cohort=world.cohorts[cohort])
    place = found.first()
    if place is None:
        make_enrolment(person=world.people[person], cohort=world.cohorts[cohort], status=status)
    elif not place.is_deleted:
        record_update(place, changes={"status": status}, by=None)


def leave(world: World, person: int, cohort: int) -> None:
    place = enrolment_of(world, person, cohort)
    if place is not None:
        record_delete(place, by=None)


def complete(world: World, person: int, cohort: int) -> None:
    place = enrolment_of(world, person, cohort)
    if place is None or place.status != "completed":
        return
    if Completion.all_objects.filter(enrolment=place).exists():
        return
    done = world.cohorts[cohort].ends_on
    completion = Completion(
        enrolment=place,
        person=place.person,
        course=world.cohorts[cohort].course,
        completed_on=done,
        attendance_percent=90,
    )
    record_create(completion, by=None)


def follow_up(world: World, person: int, cohort: int, status: str) -> None:
    completion = completion_of(world, person, cohort)
    if completion is None or FollowUp.all_objects.filter(completion=completion).exists():
        return
    due = completion.completed_on + datetime.timedelta(days=365)
    scheduled = FollowUp(
        completion=completion,
        person=completion.person,
        wave=12,
        due_on=due,
        opens_on=due - datetime.timedelta(days=30),
        closes_on=due + datetime.timedelta(days=60),
        status=status,
    )
    record_create(scheduled, by=None)


def answer(world: World, person: int, cohort: int, tech_role: bool) -> None:
    completion = completion_of(world, person, cohort)
    scheduled = completion and FollowUp.objects.filter(completion=completion).first()
    if not scheduled or FollowUpAnswer.all_objects.filter(follow_up=scheduled).exists():
        return
    record_update(scheduled, changes={"status": "answered"}, by=None)
    reply = FollowUpAnswer(
        follow_up=scheduled,
        person=scheduled.person,
        answered_on=scheduled.opens_on + datetime.timedelta(days=5),
        employment_status="employed",
        skills_use="often",
        channel="link",
        tech_role=tech_role,
        promoted=not tech_role,
    )
    record_create(reply, by=None)


def place_in_work(world: World, person: int, tech_role: bool) -> None:
    placement = Placement(
        person=world.people[person],
        employer="Safaricom",
        tech_role=tech_role,
        started_on=D(2025, 6, 1),
        verified=True,
        verified_on=D(2025, 7, 1),
    )
    record_create(placement, by=None)


def certify(world: World, person: int, cohort: int) -> None:
    completion = completion_of(world, person, cohort)
    if completion is not None and not Credential.all_objects.filter(completion=completion):
        certificate(completion)


def revoke(world: World, person: int, cohort: int) -> None:
    found = Credential.objects.filter(completion=completion_of(world, person, cohort)).first()
    if found is not None and found.revoked_at is None:
        record_update(found, changes={"revoked_at": timezone.now()}, by=None)


def details(world: World, person: int, grade: str, county: str) -> None:
    who = Person.objects.get(pk=world.people[person].pk)
    person_update(person=who, changes={"grade": grade, "area": area(county)}, by=None)


def sex(world: World, person: int, value: str) -> None:
    found = PersonSensitive.objects.filter(person=world.people[person]).first()
    if found is None:
        created = PersonSensitive(person=world.people[person], sex=value, sex_basis="self_declared")
        record_create(created, by=None)
    else:
        record_update(found, changes={"sex": value}, by=None)


def consent(world: World, person: int, with_disability: bool | None) -> None:
    who = world.people[person]
    if with_disability is None:
        disability_status_erase(person=who, by=None)
    elif not who.disability_status.filter(deleted_clock__isnull=True).exists():
        disability(who, with_disability=with_disability)


def evidence(world: World, person: int, level: int) -> None:
    found = Evidence(
        person=world.people[person],
        competency=world.competency,
        source="diagnostic",
        level=level,
        confidence=0.8,
        observed_at=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
    )
    record_create(found, by=None)


def cancel(world: World, cohort: int, cancelled: bool) -> None:
    current = type(world.cohorts[cohort]).objects.get(pk=world.cohorts[cohort].pk)
    record_update(current, changes={"is_cancelled": cancelled}, by=None)


def site_kind(world: World, site: int) -> None:
    current = Site.objects.get(pk=world.sites[site].pk)
    kind = Site.Kind.CAMPUS if current.kind == Site.Kind.COMMUNITY_CENTRE else "community_centre"
    record_update(current, changes={"kind": kind}, by=None)


def partner_track(world: World, course: int) -> None:
    current = type(world.courses[course]).objects.get(pk=world.courses[course].pk)
    track, level = ("", "") if current.partner_track else ("cloud", "associate")
    record_update(current, changes={"partner_track": track, "partner_level": level}, by=None)


def outcome_level(world: World, level: int) -> None:
    current = CourseOutcome.objects.get(pk=world.outcome.pk)
    record_update(current, changes={"level": level}, by=None)


who, cohort_index, two = st.integers(0, 3), st.integers(0, 2), st.integers(0, 1)
STEPS: dict[str, tuple[Callable[..., None], st.SearchStrategy[tuple[Any, ...]]]] = {
    "enrol": (
        enrol,
        st.tuples(who, cohort_index, st.sampled_from(["enrolled", "completed", "dropped_out"])),
    ),
    "leave": (leave, st.tuples(who, cohort_index)),
    "complete": (complete, st.tuples(who, cohort_index)),
    "follow_up": (
        follow_up,
        st.tuples(who, cohort_index, st.sampled_from(["sent", "no_response"])),
    ),
    "answer": (answer, st.tuples(who, cohort_index, st.booleans())),
    "placement": (place_in_work, st.tuples(who, st.booleans())),
    "certify": (certify, st.tuples(who, cohort_index)),
    "revoke": (revoke, st.tuples(who, cohort_index)),
    "details": (
        details,
        st.tuples(who, st.sampled_from(["K", "P", ""]), st.sampled_from(["KE-005", "KE-047"])),
    ),
    "sex": (sex, st.tuples(who, st.sampled_from(["female", "male"]))),
    "consent": (consent, st.tuples(who, st.sampled_from([True, False, None]))),
    "evidence": (evidence, st.tuples(who, st.integers(1, 5))),
    "cancel": (cancel, st.tuples(cohort_index, st.booleans())),
    "site_kind": (site_kind, st.tuples(two)),
    "partner_track": (partner_track, st.tuples(two)),
    "outcome_level": (outcome_level, st.tuples(st.integers(1, 5))),
}
step = st.one_of(
    *(st.tuples(st.just(name), arguments) for name, (_write, arguments) in STEPS.items()),
    st.tuples(st.just("refresh"), st.just(())),
    st.tuples(st.just("days pass"), st.tuples(st.integers(20, 200))),
)
