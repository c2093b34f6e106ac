"""The one path by which services write synced records: stamp, save, journal, audit.

Domain services (``<entity>_<verb>`` functions in each app's ``services.py``) call these
helpers inside their own transaction, so a write, its journal entry and its audit entry
commit together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.db import models, transaction

from ujuzi.core.audit import audit_append
from ujuzi.core.bulk import BulkInserter
from ujuzi.core.journal import (
    concrete_field,
    journal_append,
    journal_append_bulk,
    journaled_field_names,
)
from ujuzi.core.models import JournalEntry
from ujuzi.core.node import local_node_id, next_clock

Record = TypeVar("Record", bound=models.Model)


def _actor_id(by: models.Model | None) -> uuid.UUID | None:
    return by.pk if by is not None else None


def _stamp(instance: models.Model) -> None:
    instance.updated_at = next_clock()  # type: ignore[attr-defined]
    instance.origin = local_node_id()  # type: ignore[attr-defined]


def _label(instance: models.Model) -> str:
    return instance._meta.label_lower


@transaction.atomic
def record_create(instance: Record, *, by: models.Model | None, action: str = "") -> Record:
    """Validate and insert a new record, journal all its fields and audit the creation."""
    _stamp(instance)
    instance.full_clean()
    instance.save(force_insert=True)
    fields = journaled_field_names(type(instance))
    journal_append(instance, JournalEntry.Operation.CREATE, fields)
    audit_append(
        action=action or f"{_label(instance)}.create",
        actor_id=_actor_id(by),
        model=_label(instance),
        record_id=instance.pk,
        field_names=fields,
    )
    return instance


@transaction.atomic
def record_update(
    instance: Record,
    *,
    changes: Mapping[str, Any],
    by: models.Model | None,
    action: str = "",
) -> Record:
    """Apply the changes that differ, validate, save only those, journal and audit them.

    Changing nothing writes nothing, so repeating an update is harmless.
    """
    allowed = set(journaled_field_names(type(instance)))
    unknown = sorted(set(changes) - allowed)
    if unknown:
        raise ValueError(f"{_label(instance)} has no editable field(s): {', '.join(unknown)}")
    changed = []
    for name, value in changes.items():
        attname = concrete_field(type(instance), name).attname
        if isinstance(value, models.Model):  # a related record: its key is what is stored
            value = value.pk
        if getattr(instance, attname) != value:
            setattr(instance, attname, value)
            changed.append(name)
    if not changed:
        return instance
    _stamp(instance)
    instance.full_clean()
    instance.save(update_fields=[*changed, "updated_at", "origin"])
    journal_append(instance, JournalEntry.Operation.UPDATE, changed)
    audit_append(
        action=action or f"{_label(instance)}.update",
        actor_id=_actor_id(by),
        model=_label(instance),
        record_id=instance.pk,
        field_names=changed,
    )
    return instance


@transaction.atomic
def record_delete(instance: Record, *, by: models.Model | None, action: str = "") -> Record:
    """Tombstone a record: it disappears from normal queries but its deletion syncs."""
    _stamp(instance)
    instance.deleted_at = instance.updated_at  # type: ignore[attr-defined]
    instance.save(update_fields=["deleted_at", "updated_at", "origin"])
    journal_append(instance, JournalEntry.Operation.DELETE, [])
    audit_append(
        action=action or f"{_label(instance)}.delete",
        actor_id=_actor_id(by),
        model=_label(instance),
        record_id=instance.pk,
    )
    return instance


@transaction.atomic
def records_bulk_create(
    instances: Sequence[Record],
    *,
    by: models.Model | None,
    action: str = "",
    batch_size: int = 5000,
) -> int:
    """Insert many new records of one model with one journal pass and one audit entry.

    Used by imports and the demo loader; each record still gets its own journal entry.
    """
    if not instances:
        return 0
    model = type(instances[0])
    origin = local_node_id()
    for instance in instances:
        instance.updated_at = next_clock()  # type: ignore[attr-defined]
        instance.origin = origin  # type: ignore[attr-defined]
    BulkInserter(model).insert_objects(instances, batch_size)
    for instance in instances:
        instance._state.adding = False
        instance._state.db = "default"
    count = journal_append_bulk(instances, JournalEntry.Operation.CREATE, batch_size)
    audit_append(
        action=action or f"{model._meta.label_lower}.bulk_create",
        actor_id=_actor_id(by),
        model=model._meta.label_lower,
        field_names=journaled_field_names(model),
        details={"count": count},
    )
    return count
