"""The journal is complete: replaying it rebuilds every synced table exactly."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from tests.factories import RECIPES
from ujuzi.core import crypto
from ujuzi.core.journal import is_synced, journaled_field_names, replay
from ujuzi.core.merge import AppendOnlyError, merge_policy
from ujuzi.core.models import AuditEntry, JournalEntry
from ujuzi.core.personal_data import declaration_for
from ujuzi.core.records import (
    record_create,
    record_delete,
    record_update,
    records_bulk_create,
    records_bulk_update,
)

pytestmark = pytest.mark.django_db

SYNCED_MODELS = sorted(
    (model for model in apps.get_models() if is_synced(model)),
    key=lambda model: model._meta.label_lower,
)


def journal_mismatches(model: type[models.Model]) -> list[str]:
    """Every difference between a table and the state its journal rebuilds."""
    rebuilt = replay(model)
    problems = []
    names = journaled_field_names(model)
    manager = model._base_manager
    for row in manager.all():
        state = rebuilt.pop(row.pk, None)
        if state is None:
            problems.append(f"{row.pk}: in the table, never journaled")
            continue
        for name in names:
            current = getattr(row, model._meta.get_field(name).attname)
            if state.get(name) != current:
                problems.append(f"{row.pk}.{name}: table {current!r}, journal {state.get(name)!r}")
        if state["changed_clock"] != row.changed_clock or state["origin"] != row.origin:
            problems.append(f"{row.pk}: clock or origin differs from its last journal entry")
        if state["deleted"] != (row.deleted_clock is not None):
            problems.append(f"{row.pk}: tombstone differs from the journal")
    problems.extend(f"{key}: journaled but not in the table" for key in rebuilt)
    return problems


def test_every_synced_model_has_a_recipe():
    assert {model._meta.label_lower for model in SYNCED_MODELS} <= set(RECIPES)
    assert SYNCED_MODELS, "at least the login model syncs"


CHANGEABLE = [model for model in SYNCED_MODELS if merge_policy(model).changes_after_creation]
APPEND_ONLY_MODELS = [model for model in SYNCED_MODELS if model not in CHANGEABLE]


@pytest.mark.parametrize("model", CHANGEABLE, ids=lambda m: m._meta.label_lower)
def test_every_write_path_journals_so_replay_rebuilds_the_table(model):
    recipe = RECIPES[model._meta.label_lower]
    created = record_create(recipe.build(), by=None)
    updated = record_update(record_create(recipe.build(), by=None), changes={}, by=None)
    record_update(updated, changes=recipe.change(updated), by=None)
    record_delete(record_create(recipe.build(), by=None), by=None)
    bulk = [recipe.build() for _ in range(5)]
    records_bulk_create(bulk, by=None)
    changes = [(record, recipe.change(record)) for record in bulk[:2]]
    assert records_bulk_update([*changes, (bulk[2], {})], by=None) == 2
    assert model._base_manager.count() == 8
    assert journal_mismatches(model) == []
    assert JournalEntry.objects.filter(record_id=created.pk).count() == 1


@pytest.mark.parametrize("model", APPEND_ONLY_MODELS, ids=lambda m: m._meta.label_lower)
def test_append_only_records_are_never_changed_and_still_replay(model):
    recipe = RECIPES[model._meta.label_lower]
    kept = record_create(recipe.build(), by=None)
    assert record_update(kept, changes={}, by=None) is kept
    with pytest.raises(AppendOnlyError, match="never changed"):
        record_update(kept, changes=recipe.change(kept), by=None)
    bulk = [recipe.build() for _ in range(3)]
    records_bulk_create(bulk, by=None)
    with pytest.raises(AppendOnlyError):
        records_bulk_update([(bulk[0], recipe.change(bulk[0]))], by=None)
    record_delete(bulk[1], by=None)
    operations = JournalEntry.objects.filter(model=model._meta.label_lower)
    assert sorted(operations.values_list("operation", flat=True)) == ["create"] * 4 + ["delete"]
    assert journal_mismatches(model) == []


@pytest.mark.parametrize("model", SYNCED_MODELS, ids=lambda m: m._meta.label_lower)
def test_a_write_around_the_services_is_caught(model):
    recipe = RECIPES[model._meta.label_lower]
    record = record_create(recipe.build(), by=None)
    name, value = next(iter(recipe.change(record).items()))
    model._base_manager.filter(pk=record.pk).update(**{name: value})
    attname = model._meta.get_field(name).attname
    stored = getattr(model._base_manager.get(pk=record.pk), attname)
    assert journal_mismatches(model) == [
        f"{record.pk}.{name}: table {stored!r}, journal {getattr(record, attname)!r}"
    ]


@pytest.mark.parametrize("model", SYNCED_MODELS, ids=lambda m: m._meta.label_lower)
def test_personal_values_are_sealed_never_in_clear(model):
    recipe = RECIPES[model._meta.label_lower]
    record = record_create(recipe.build(), by=None)
    entry = JournalEntry.objects.get(record_id=record.pk)
    personal = set(declaration_for(model).all_fields)
    assert personal.isdisjoint(entry.values)
    if not personal:
        assert entry.sealed_values is None
        return
    for name in personal:
        value = str(getattr(record, name) or "")
        if len(value) >= 4:
            assert value.encode() not in bytes(entry.sealed_values or b"")
    opened = crypto.open_values(entry.subject_id, bytes(entry.sealed_values))
    assert set(opened) == personal & set(entry.changed_fields)


def test_update_journals_only_the_changed_fields_and_nothing_when_nothing_changes():
    recipe = RECIPES["core.user"]
    user = record_create(recipe.build(), by=None)
    record_update(user, changes={"first_name": user.first_name}, by=None)
    assert JournalEntry.objects.filter(record_id=user.pk).count() == 1
    record_update(user, changes={"first_name": "Njeri", "is_staff": True}, by=None)
    entry = JournalEntry.objects.filter(record_id=user.pk).latest("seq")
    assert entry.operation == "update"
    assert entry.changed_fields == ["first_name", "is_staff"]
    assert entry.values == {"is_staff": True}


def test_unknown_fields_are_refused_and_nothing_is_written():
    user = record_create(RECIPES["core.user"].build(), by=None)
    before = JournalEntry.objects.count()
    with pytest.raises(ValueError, match="no editable field"):
        record_update(user, changes={"last_login": None, "shoe_size": 44}, by=None)
    assert JournalEntry.objects.count() == before


def test_a_bulk_update_journals_each_record_once_and_audits_each_set_of_fields():
    recipe = RECIPES["core.user"]
    first, second, same = (record_create(recipe.build(), by=None) for _ in range(3))
    audits = AuditEntry.objects.count()
    changed = records_bulk_update(
        [
            (first, {"first_name": "Njeri"}),
            (second, {"is_staff": True, "first_name": "Njeri"}),
            (same, {"first_name": same.first_name}),
        ],
        by=None,
    )
    assert changed == 2
    for user, names in ((first, ["first_name"]), (second, ["first_name", "is_staff"])):
        entry = JournalEntry.objects.filter(record_id=user.pk).latest("seq")
        assert (entry.operation, entry.changed_fields) == ("update", names)
        assert "first_name" not in entry.values and b"Njeri" not in bytes(entry.sealed_values)
        assert crypto.open_values(user.pk, bytes(entry.sealed_values)) == {"first_name": "Njeri"}
    assert JournalEntry.objects.filter(record_id=same.pk).count() == 1
    written = AuditEntry.objects.order_by("-pk")[:2]
    assert AuditEntry.objects.count() == audits + 2
    assert sorted((a.action, tuple(a.field_names), a.details["count"]) for a in written) == [
        ("core.user.bulk_update", ("first_name",), 1),
        ("core.user.bulk_update", ("first_name", "is_staff"), 1),
    ]
    assert journal_mismatches(type(first)) == []


def test_a_bulk_update_refuses_unknown_fields_and_mixed_models_and_writes_nothing():
    user = record_create(RECIPES["core.user"].build(), by=None)
    person = record_create(RECIPES["people.person"].build(), by=None)
    before = (JournalEntry.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValueError, match="no editable field"):
        records_bulk_update([(user, {"shoe_size": 44})], by=None)
    with pytest.raises(ValueError, match="one model at a time"):
        records_bulk_update(
            [(user, {"first_name": "Njeri"}), (person, {"job_title": "Clerk"})], by=None
        )
    assert (JournalEntry.objects.count(), AuditEntry.objects.count()) == before
    assert records_bulk_update([], by=None) == 0


def test_erasing_a_person_makes_their_journaled_values_unreadable():
    user = record_create(RECIPES["core.user"].build(), by=None)
    crypto.shred_data_key(user.pk)
    state = replay(type(user))[user.pk]
    assert state.get("erased") is True
    assert "email" not in state
    with pytest.raises(ValueError, match="erased"):
        record_update(user, changes={"email": "again@example.org"}, by=None)


def test_clock_values_of_successive_writes_increase():
    users = [record_create(RECIPES["core.user"].build(), by=None) for _ in range(20)]
    clocks = list(JournalEntry.objects.order_by("seq").values_list("clock", flat=True))
    assert clocks == sorted(clocks)
    assert len(set(clocks)) == len(clocks) == len(users)


def _version(value: Any) -> int:
    return uuid.UUID(str(value)).version


def test_keys_are_uuid7():
    users = [record_create(RECIPES["core.user"].build(), by=None) for _ in range(3)]
    assert [_version(user.pk) for user in users] == [7, 7, 7]
    assert str(users[0].pk) < str(users[1].pk) < str(users[2].pk)


def test_new_data_keys_are_one_per_subject_and_never_replace_a_shredded_key():
    from django.db import IntegrityError, transaction

    from ujuzi.core.ids import uuid7
    from ujuzi.core.models import DataKey

    subjects = [uuid7() for _ in range(3)]
    with transaction.atomic():
        keys = crypto.data_keys_new(subjects)
    assert len(set(keys.values())) == 3 and all(len(key) == 32 for key in keys.values())
    assert crypto.data_keys_for(subjects, create=False) == keys
    crypto.shred_data_key(subjects[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        crypto.data_keys_new([subjects[0]])
    assert bytes(DataKey.objects.get(subject_id=subjects[0]).wrapped_key) == b""


@pytest.mark.django_db(transaction=True)
def test_the_bulk_writer_runs_only_inside_a_transaction():
    from ujuzi.core.models import User
    from ujuzi.core.records import RecordsBulkWriter

    with pytest.raises(RuntimeError, match="inside the caller's transaction"):
        RecordsBulkWriter(User, by=None, subject="id")
