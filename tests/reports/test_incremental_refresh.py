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
    make_cohort,
    make_enrolment,
    make_person,
    make_user,
)
from tests.reports.histories import STEPS, World, step
from ujuzi.core.models import JournalEntry
from ujuzi.core.records import record_create
from ujuzi.delivery.models import Completion
from ujuzi.people.models import Person
from ujuzi.people.services import person_update
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
