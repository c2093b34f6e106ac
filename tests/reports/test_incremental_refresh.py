"""The incremental refresh of the facts agrees with a full rebuild, whatever happened.

Hypothesis writes random histories through the services and ``ujuzi.core.records`` (new
places, statuses, completions, follow-ups and answers, placements, certificates, people's
details, sex, disability consent and its withdrawal, evidence, cancelled cohorts, sites,
courses and their outcomes, deletions, days passing), refreshing incrementally at random
points. After a last incremental refresh the fact tables must hold exactly the rows a
full rebuild writes. Freshness is counted in journal positions, so a change that arrives
late with an old clock (as a synced one does) still makes the facts stale.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
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
    make_user,
)
from tests.reports.builders import certificate, disability
from ujuzi.assessment.models import Evidence
from ujuzi.catalog.models import CourseOutcome
from ujuzi.core.models import JournalEntry
from ujuzi.core.records import record_create, record_delete, record_update
from ujuzi.credentials.models import Credential
from ujuzi.delivery.models import Completion, Enrolment
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer, Placement
from ujuzi.outcomes.placements import disability_status_erase
from ujuzi.people.models import Person, PersonSensitive
from ujuzi.people.services import person_update
from ujuzi.places.models import Site
from ujuzi.reports import compute
from ujuzi.reports.models import EnrolmentFact, FactsRefresh, GainFact, Snapshot, StalePerson
from ujuzi.reports.refresh import WARM_SHAPES, facts_rebuild, facts_refresh, facts_stale
from ujuzi.reports.tables import Filters

pytestmark = pytest.mark.django_db
D = datetime.date
GAIN_COLUMNS = ("completion_id", "person_id", "enrolment_id", "competency", "levels_gained")


def fact_rows() -> tuple[Counter[tuple[Any, ...]], Counter[tuple[Any, ...]]]:
    """Every row of both fact tables, without their local ids."""
    columns = [f.attname for f in EnrolmentFact._meta.concrete_fields if not f.primary_key]
    places = Counter(EnrolmentFact.objects.values_list(*columns))
    gains = Counter(GainFact.objects.values_list(*GAIN_COLUMNS))
    return places, gains


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


def test_an_incremental_refresh_writes_what_a_full_rebuild_writes():
    world = World()
    facts_refresh()
    first = FactsRefresh.objects.get().pk

    # Capped: each example writes up to 40 audited records and refreshes several times.
    @hypothesis_settings(max_examples=min(hypothesis_settings().max_examples, 100))
    @given(st.lists(step, min_size=3, max_size=40))
    def check(history: list[tuple[str, tuple[Any, ...]]]) -> None:
        with ExitStack() as later, transaction.atomic():
            for name, arguments in history:
                if name == "refresh":
                    facts_refresh()
                elif name == "days pass":
                    moved = timezone.now() + datetime.timedelta(days=arguments[0])
                    later.enter_context(time_machine.travel(moved, tick=True))
                else:
                    try:
                        with transaction.atomic():
                            STEPS[name][0](world, *arguments)
                    except (ValidationError, IntegrityError):
                        pass  # a write the services refuse is simply not in the history
            facts_refresh()
            last = FactsRefresh.objects.get()
            assert last.pk == first or last.full is False
            for family, by in WARM_SHAPES:  # carried over, or counted when nothing changed
                fresh = compute._compute(family, by, Filters(), None)
                assert compute.counts_for(family, by, Filters(), None) == fresh
            incremental = fact_rows()
            facts_rebuild(full=True)
            assert fact_rows() == incremental
            assert not StalePerson.objects.exists()
            transaction.set_rollback(True)

    check()


def test_a_change_that_arrives_late_with_an_old_clock_makes_the_facts_stale():
    # A record synced in from another node carries the clock of the node that wrote it,
    # older than anything this node's last refresh saw; it is new here all the same.
    person = make_person(audience="youth", grade="")
    make_enrolment(person=person, cohort=make_cohort(), status="enrolled")
    facts_refresh()
    seen = FactsRefresh.objects.get().journal_position
    assert not facts_stale()
    person_update(person=person, changes={"grade": "P"}, by=None)
    Person.all_objects.filter(pk=person.pk).update(changed_clock=1)
    JournalEntry.objects.filter(seq__gt=seen).update(clock=1)
    assert facts_stale()
    facts_refresh()
    assert not facts_stale()
    assert list(EnrolmentFact.objects.values_list("person_id", "grade_band")) == [
        (person.pk, "senior")
    ]


def test_an_entry_that_lands_below_the_position_is_read_at_the_next_refresh():
    # On PostgreSQL a transaction still running holds a number below the position read.
    first = make_person(audience="youth")
    make_enrolment(person=first, status="enrolled")
    second = make_person(audience="youth")
    make_enrolment(person=second, status="enrolled")
    late = JournalEntry.objects.filter(model="people.person", record_id=second.pk).get()
    fields = {f.attname: getattr(late, f.attname) for f in JournalEntry._meta.concrete_fields}
    late.delete()  # not committed yet, as far as the refresh can see
    facts_refresh()
    refresh = FactsRefresh.objects.get()
    # (On PostgreSQL the numbers of earlier tests' rolled-back transactions are gaps too.)
    assert [fields["seq"], fields["seq"]] in [gap[:2] for gap in refresh.journal_gaps]
    assert not facts_stale()
    person_update(person=second, changes={"grade": "P"}, by=None)
    JournalEntry.objects.filter(model="people.person", record_id=second.pk).delete()
    JournalEntry.objects.create(**fields)  # the transaction commits, with its old number
    assert facts_stale()
    facts_refresh()
    assert EnrolmentFact.objects.get(person_id=second.pk).grade_band == "senior"
    gaps = FactsRefresh.objects.get().journal_gaps
    assert not any(first <= fields["seq"] <= last for first, last, _seen in gaps)


def test_counts_cached_before_a_change_are_not_read_after_the_refresh():
    cohort = make_cohort(starts_on=D(2025, 3, 3), ends_on=D(2025, 3, 7))
    make_enrolment(cohort=cohort, status="enrolled")
    facts_refresh()
    national = compute.counts_for("start", (), Filters(), None)
    assert national[()]["enrolled"] == 1
    assert Snapshot.objects.exists()
    make_enrolment(cohort=cohort, status="enrolled")
    facts_refresh()
    assert FactsRefresh.objects.get().full is False
    assert compute.counts_for("start", (), Filters(), None)[()]["enrolled"] == 2


def test_a_write_the_facts_do_not_read_keeps_the_refresh_and_its_counts():
    make_enrolment(status="enrolled")
    facts_refresh()
    refresh = FactsRefresh.objects.get()
    cached = set(Snapshot.objects.values_list("pk", flat=True))
    make_user()  # journaled, but no fact is built from logins
    assert not facts_stale()
    assert facts_refresh() == 0
    assert FactsRefresh.objects.get().pk == refresh.pk
    assert FactsRefresh.objects.get().journal_position > refresh.journal_position
    assert set(Snapshot.objects.values_list("pk", flat=True)) == cached


def test_a_pending_follow_up_is_over_by_the_calendar_alone():
    cohort = make_cohort(starts_on=D(2025, 11, 3), ends_on=D(2025, 11, 7))
    place = make_enrolment(cohort=cohort, status="completed")
    complete_place = Completion(
        enrolment=place,
        person=place.person,
        course=cohort.course,
        completed_on=D(2025, 11, 7),
        attendance_percent=90,
    )
    record_create(complete_place, by=None)
    facts_refresh()
    fact = EnrolmentFact.objects.get()
    assert (fact.follow_up, fact.follow_up_pending_until) == ("pending", D(2027, 1, 15))
    with time_machine.travel(datetime.datetime(2027, 1, 20, 9, tzinfo=datetime.UTC)):
        assert facts_stale()
        facts_refresh()
        assert EnrolmentFact.objects.get().follow_up == "unknown"
        assert FactsRefresh.objects.get().full is False
