"""Washington Group answers: only with consent, sealed at rest, erased on withdrawal."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_person
from tests.outcomes.conftest import Graduates, consent
from ujuzi.core.journal import opened_values
from ujuzi.core.models import JournalEntry
from ujuzi.core.personal_data import declaration_for
from ujuzi.outcomes.models import WG_DOMAINS, DisabilityStatus, with_disability_from
from ujuzi.outcomes.placements import (
    disability_consent_withdraw,
    disability_status_record,
    disability_statuses_sweep,
)
from ujuzi.outcomes.selectors import disability_flags
from ujuzi.outcomes.services import FollowUpError

NONE = dict.fromkeys(WG_DOMAINS, 1)


def test_every_combination_of_answers_derives_the_flag():
    combinations = list(itertools.product((1, 2, 3, 4), repeat=len(WG_DOMAINS)))
    assert len(combinations) == 4**6
    for levels in combinations:
        answers = dict(zip(WG_DOMAINS, levels, strict=True))
        assert with_disability_from(answers) == (max(levels) >= 3)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
@given(st.tuples(*[st.integers(1, 4)] * len(WG_DOMAINS)))
def test_a_recorded_status_round_trips_and_derives_the_flag(grads: Graduates, levels):
    person = make_person()
    consent(person, "disability")
    answers = dict(zip(WG_DOMAINS, levels, strict=True))
    status = disability_status_record(person=person, answers=answers, by=None)
    stored = DisabilityStatus.objects.get(pk=status.pk)
    assert stored.answers() == answers
    assert stored.with_disability == any(level >= 3 for level in levels)


def test_the_answers_are_sealed_at_rest(grads: Graduates):
    person = make_person()
    consent(person, "disability")
    answers = NONE | {"walking": 3}
    status = disability_status_record(person=person, answers=answers, by=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT answers_sealed FROM outcomes_disabilitystatus WHERE id = %s",
            [DisabilityStatus._meta.pk.get_db_prep_value(status.pk, connection)],
        )
        (raw,) = cursor.fetchone()
    raw = bytes(raw)
    for needle in (b"walking", b"seeing", b'"3"', b":3"):
        assert needle not in raw
    # The journal carries them sealed too, and the flag sits in the sealed part.
    entry = JournalEntry.objects.get(record_id=status.pk, operation="create")
    assert "answers_sealed" not in entry.values
    assert "with_disability" not in entry.values
    assert entry.sealed_values is not None
    assert set(declaration_for(DisabilityStatus).sensitive_fields) == {
        "answers_sealed",
        "with_disability",
    }
    # The flag stays groupable.
    assert DisabilityStatus.objects.filter(with_disability=True).count() == 1


def test_no_answers_without_consent(grads: Graduates):
    person = make_person()
    with pytest.raises(FollowUpError) as refused:
        disability_status_record(person=person, answers=NONE, by=None)
    assert refused.value.code == "no_consent"
    consent(person, "disability")
    consent(person, "disability", "withdrawn")
    with pytest.raises(FollowUpError):
        disability_status_record(person=person, answers=NONE, by=None)
    consent(person, "follow_up")  # another purpose does not count
    with pytest.raises(FollowUpError):
        disability_status_record(person=person, answers=NONE, by=None)
    assert not DisabilityStatus.all_objects.exists()


def test_who_may_record(grads: Graduates):
    person = make_person(institution=grads.ministry)
    consent(person, "disability")
    for outsider in (grads.officer, grads.facilitator):
        with pytest.raises(FollowUpError):
            disability_status_record(person=person, answers=NONE, by=outsider)
    disability_status_record(person=person, answers=NONE, by=grads.dpo)
    disability_status_record(person=person, answers=NONE | {"hearing": 4}, by=grads.admin)
    status = DisabilityStatus.objects.get(person=person)
    assert status.with_disability is True
    assert DisabilityStatus.all_objects.filter(person=person).count() == 1


@pytest.mark.parametrize(
    "answers",
    [
        NONE | {"seeing": 5},
        NONE | {"seeing": 0},
        NONE | {"seeing": "a lot"},
        NONE | {"seeing": None},
        dict.fromkeys(WG_DOMAINS[:5], 1),
        NONE | {"mood": 2},
    ],
)
def test_malformed_answers_write_nothing(grads: Graduates, answers):
    person = make_person()
    consent(person, "disability")
    with pytest.raises(ValidationError):
        disability_status_record(person=person, answers=answers, by=None)
    assert not DisabilityStatus.all_objects.exists()


def test_withdrawal_erases_the_answers_everywhere(grads: Graduates):
    person = make_person()
    consent(person, "disability")
    status = disability_status_record(person=person, answers=NONE | {"cognition": 3}, by=None)
    assert disability_consent_withdraw(person=person, channel="web", by=None) == 1
    assert not DisabilityStatus.objects.filter(person=person).exists()
    erased = DisabilityStatus.all_objects.get(pk=status.pk)
    assert erased.is_deleted
    assert bytes(erased.answers_sealed) == b""
    assert erased.with_disability is False
    # The journal's copies can no longer be opened: the record's key is shredded.
    for entry in JournalEntry.objects.filter(record_id=status.pk, sealed_values__isnull=False):
        assert opened_values(entry) is None
    assert disability_flags() == {}
    # A new consent starts a new record.
    consent(person, "disability")
    again = disability_status_record(person=person, answers=NONE, by=None)
    assert again.pk != status.pk
    assert disability_flags() == {person.pk: False}


def test_the_sweep_erases_after_a_withdrawal_recorded_elsewhere(grads: Graduates):
    kept, withdrawn = make_person(), make_person()
    for person in (kept, withdrawn):
        consent(person, "disability")
        disability_status_record(person=person, answers=NONE, by=None)
    consent(withdrawn, "disability", "withdrawn")
    assert disability_statuses_sweep() == 1
    assert set(DisabilityStatus.objects.values_list("person_id", flat=True)) == {kept.pk}
    assert disability_statuses_sweep() == 0
