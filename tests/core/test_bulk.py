"""Bulk writes: new keys, many rows to a statement, the writer thread, checked foreign keys."""

from __future__ import annotations

import sys
import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from ujuzi.core import crypto
from ujuzi.core.bulk import SWITCH_SECONDS, BulkInserter, background_writes, new_keys
from ujuzi.core.bulk_copy import foreign_keys_checked_per_statement
from ujuzi.core.ids import uuid7
from ujuzi.core.models import DataKey
from ujuzi.people.models import Person, PersonSensitive

pytestmark = pytest.mark.django_db


def test_new_keys_are_ordinary_distinct_uuid7s_in_time_order():
    started = uuid7().int >> 80  # the key's first 48 bits: Unix time in milliseconds
    keys = new_keys(3000)
    ended = uuid7().int >> 80
    assert len(set(keys)) == 3000
    for key in keys[:50]:
        assert type(key) is uuid.UUID and key.version == 7 and key.variant == uuid.RFC_4122
        assert uuid.UUID(str(key)) == key and hash(uuid.UUID(key.hex)) == hash(key)
    milliseconds = [key.int >> 80 for key in keys]
    assert started <= milliseconds[0] and milliseconds == sorted(milliseconds)
    assert milliseconds[-1] <= ended


@pytest.mark.parametrize("count", [1, 2, 499, 500, 501, 1003])
def test_every_row_of_a_batch_goes_in_whatever_its_size(count):
    """Rows go many to a statement on SQLite (binary COPY on PostgreSQL), the rest after."""
    subjects = [uuid7() for _ in range(count)]
    made = crypto.data_keys_new(subjects)
    assert DataKey.objects.count() == count
    assert crypto.data_keys_for(subjects, create=False) == made


def _person_row(inserter: BulkInserter, **values: object) -> list[object]:
    from django.utils import timezone

    from ujuzi.people.learner_numbers import learner_number_new

    defaults: dict[str, object] = {
        "id": uuid7(),
        "changed_clock": 1,
        "learner_number": learner_number_new(),
        "first_name": "Amina",
        "last_name": "Otieno",
        "email": "",
        "phone": "",
        "job_title": "",
        "grade": "",
        "middle_name": "",
        "audience": "civil_servant",
        "preferred_language": "en",
        "guardian_name": "",
        "guardian_phone": "",
        **values,
    }
    defaults.setdefault("created_at", timezone.now())
    return [defaults.get(name) for name in inserter.attnames]


@pytest.mark.django_db(transaction=True)  # SQLite checks its deferred keys at the commit
def test_a_missing_parent_fails_the_bulk_write_and_leaves_nothing():
    """Checked as each statement ends on PostgreSQL, at the commit on SQLite: refused either way."""
    people = BulkInserter(Person)
    written = False
    with pytest.raises(IntegrityError), transaction.atomic():
        with foreign_keys_checked_per_statement(Person), background_writes():
            people.insert_rows([_person_row(people, institution_id=uuid7())])
        written = True
    assert written is (connection.vendor == "sqlite")  # PostgreSQL: as the COPY ended
    assert Person.all_objects.count() == 0


def test_foreign_keys_are_deferred_again_after_the_bulk_write():
    """A child may still come before its parent later in the same transaction."""
    people, sensitive = BulkInserter(Person), BulkInserter(PersonSensitive)
    person = uuid7()
    with transaction.atomic():
        with foreign_keys_checked_per_statement(Person, PersonSensitive), background_writes():
            people.insert_rows([_person_row(people)])
        row = {"id": uuid7(), "changed_clock": 1, "person_id": person, "sex": "female"}
        row |= {"sex_basis": "employer_record", "created_at": Person.objects.get().created_at}
        sensitive.insert_rows([[row.get(name) for name in sensitive.attnames]])
        people.insert_rows([_person_row(people, id=person, personal_number="P-2")])
    assert PersonSensitive.objects.get().person_id == person


def test_the_writer_thread_gets_the_interpreter_quickly_and_the_interval_comes_back():
    before = sys.getswitchinterval()
    with transaction.atomic(), background_writes():
        assert sys.getswitchinterval() == min(SWITCH_SECONDS, before)
        with background_writes():  # nested: the same writer, nothing changes
            assert sys.getswitchinterval() == min(SWITCH_SECONDS, before)
    assert sys.getswitchinterval() == before


def test_binary_copy_is_used_where_every_column_allows_it():
    inserter = BulkInserter(Person)
    if connection.vendor == "postgresql":
        assert inserter.copy_types is not None and "FORMAT BINARY" in inserter.copy_sql
    else:
        assert inserter.copy_types is None and inserter.rows_per_statement > 1
