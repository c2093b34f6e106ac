"""The change journal: what every service write appends, and how to read it back.

Each entry carries the new values of the fields a write changed. Values of registered
personal fields are sealed with the data subject's key (``ujuzi.core.crypto``), so the
journal can travel to other nodes and into backups without exposing people, and erasing a
person makes their past values unreadable everywhere.

Journaling many records of one write at once (imports, the demo loader) is in
``ujuzi.core.journal_bulk``, which builds on this module.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import models

from ujuzi.core import crypto
from ujuzi.core.models import JournalEntry
from ujuzi.core.personal_data import declaration_for

# Bookkeeping columns: their values are the entry's own clock, origin and operation.
BOOKKEEPING_FIELDS = frozenset({"changed_clock", "origin", "deleted_clock"})


class ErasedError(ValueError):
    """A write would seal personal values for a data subject whose key was shredded."""


def is_synced(model: type[models.Model]) -> bool:
    """A model syncs when it carries the synced-record columns and is concrete."""
    names = {field.name for field in model._meta.concrete_fields}
    return not model._meta.abstract and names >= BOOKKEEPING_FIELDS


def journaled_field_names(model: type[models.Model]) -> list[str]:
    """The fields whose values travel in the journal, in declaration order."""
    local_only = set(getattr(model, "local_only_fields", ()))
    return [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.name not in BOOKKEEPING_FIELDS
        and field.name not in local_only
    ]


def to_json(value: Any) -> Any:
    """A field value in a JSON-safe form that ``from_json`` reverses."""
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode()
    return value


def from_json(field: models.Field[Any, Any], value: Any) -> Any:
    """The Python value of a journaled field value."""
    if value is None:
        return None
    if isinstance(field, models.BinaryField):
        return base64.b64decode(value)
    return field.to_python(value)


def concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A model's concrete field by name (journaled names are always concrete)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.concrete:
        raise ValueError(f"{model._meta.label_lower}.{name} is not a concrete field")
    return field


def _field_value(instance: models.Model, name: str) -> Any:
    return to_json(getattr(instance, concrete_field(type(instance), name).attname))


def _build_entry(
    instance: models.Model,
    operation: str,
    changed: Sequence[str],
    keys: dict[uuid.UUID, bytes | None],
) -> JournalEntry:
    declaration = declaration_for(type(instance))
    personal = set(declaration.all_fields)
    values = {name: _field_value(instance, name) for name in changed if name not in personal}
    secret = {name: _field_value(instance, name) for name in changed if name in personal}
    subject = instance.data_subject_id() if hasattr(instance, "data_subject_id") else None
    sealed = None
    if secret:
        if subject is None:
            raise ValueError(f"{declaration.model} has personal values but no data subject")
        key = keys.get(subject)
        if key is None:
            raise ErasedError(f"data subject {subject} has been erased; refusing to write")
        sealed = crypto.seal_values(key, subject, secret)
    return JournalEntry(
        model=instance._meta.label_lower,
        record_id=instance.pk,
        operation=operation,
        clock=getattr(instance, "changed_clock"),  # noqa: B009 - set by every synced model
        origin=getattr(instance, "origin"),  # noqa: B009
        changed_fields=list(changed),
        values=values,
        subject_id=subject if secret else None,
        sealed_values=sealed,
    )


def _subjects(instances: Iterable[models.Model]) -> set[uuid.UUID]:
    found = set()
    for instance in instances:
        if declaration_for(type(instance)).all_fields and hasattr(instance, "data_subject_id"):
            subject = instance.data_subject_id()
            if subject is not None:
                found.add(subject)
    return found


def journal_append(
    instance: models.Model, operation: str, changed: Sequence[str] | None = None
) -> JournalEntry:
    """Append one entry for a write that has just been saved in this transaction."""
    names = journaled_field_names(type(instance)) if changed is None else list(changed)
    keys = crypto.data_keys_for(_subjects([instance]))
    entry = _build_entry(instance, operation, names, keys)
    entry.save()
    return entry


def opened_values(
    entry: JournalEntry, keys: dict[uuid.UUID, bytes | None] | None = None
) -> dict[str, Any] | None:
    """All new values of an entry, personal ones unsealed; ``None`` if they were erased."""
    values = dict(entry.values)
    if entry.sealed_values is not None and entry.subject_id is not None:
        secret = crypto.open_values(entry.subject_id, bytes(entry.sealed_values), keys)
        if secret is None:
            return None
        values.update(secret)
    return values


def _entries_with_keys(
    entries: models.QuerySet[JournalEntry], chunk: int = 2000
) -> Iterator[tuple[JournalEntry, dict[uuid.UUID, bytes | None]]]:
    """Entries in sequence order, each with the data keys of its chunk (one query a chunk)."""
    last_seq = 0
    while True:
        batch = list(entries.filter(seq__gt=last_seq).order_by("seq")[:chunk])
        if not batch:
            return
        subjects = {entry.subject_id for entry in batch if entry.subject_id is not None}
        keys = crypto.data_keys_for(subjects, create=False)
        for entry in batch:
            yield entry, keys
        last_seq = batch[-1].seq


def replay(model: type[models.Model]) -> dict[uuid.UUID, dict[str, Any]]:
    """Rebuild every record of a model from the journal alone, in sequence order.

    The result maps each key to its journaled fields plus ``deleted``; sync applies entries
    the same way, and the journal-completeness test compares it with the table.
    """
    label = model._meta.label_lower
    state: dict[uuid.UUID, dict[str, Any]] = {}
    for entry, keys in _entries_with_keys(JournalEntry.objects.filter(model=label)):
        record = state.setdefault(entry.record_id, {"deleted": False})
        values = opened_values(entry, keys)
        if values is None:
            record["erased"] = True
            continue
        for name, value in values.items():
            record[name] = from_json(concrete_field(model, name), value)
        record["changed_clock"] = entry.clock
        record["origin"] = entry.origin
        record["deleted"] = entry.operation == JournalEntry.Operation.DELETE
    return state
