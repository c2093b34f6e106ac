"""The one path by which services write synced records: stamp, save, journal, audit.

Domain services (``<entity>_<verb>`` functions in each app's ``services.py``) call these
helpers inside their own transaction, so a write, its journal entry and its audit entry
commit together or not at all.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from ujuzi.core.audit import audit_append
from ujuzi.core.bulk import BulkInserter, new_keys
from ujuzi.core.crypto import Sealer, data_keys_for
from ujuzi.core.ids import uuid7
from ujuzi.core.journal import concrete_field, journal_append, journaled_field_names
from ujuzi.core.journal_bulk import JournalBulk, journal_append_bulk
from ujuzi.core.merge import merge_policy_refusal
from ujuzi.core.models import JournalEntry
from ujuzi.core.node import clock_values, is_site, local_node_id, next_clock

Record = TypeVar("Record", bound=models.Model)


def _actor_id(by: models.Model | None) -> uuid.UUID | None:
    return by.pk if by is not None else None


def _stamp(instance: models.Model, issue: Callable[[], int] | None = None) -> None:
    """Stamp a write with the node's next clock value and this node as its origin.

    A changed record's new value also exceeds its current one: another process of this
    node, or another node, may have stamped it ahead of this process's clock. ``issue``
    (from ``clock_values``) spares a bulk write a read of the clock floor per record.
    """
    current = getattr(instance, "changed_clock", 0) if not instance._state.adding else None
    if issue is None:
        value = next_clock(above=current or None)
    else:
        value = issue()
        value = value if not current or value > current else current + 1
    instance.changed_clock = value  # type: ignore[attr-defined]
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


def _changes_set(
    instance: models.Model, changes: Mapping[str, Any], editable: Sequence[str]
) -> list[str]:
    """Set on ``instance`` the changes that differ; return their names, in ``editable`` order."""
    unknown = sorted(set(changes) - set(editable))
    if unknown:
        raise ValueError(f"{_label(instance)} has no editable field(s): {', '.join(unknown)}")
    changed = set()
    for name, value in changes.items():
        attname = concrete_field(type(instance), name).attname
        if isinstance(value, models.Model):  # a related record: its key is what is stored
            value = value.pk
        if getattr(instance, attname) != value:
            setattr(instance, attname, value)
            changed.add(name)
    return [name for name in editable if name in changed]


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
    changed = _changes_set(instance, changes, journaled_field_names(type(instance)))
    if not changed:
        return instance
    merge_policy_refusal(type(instance), changed, at_site=is_site())
    _stamp(instance)
    instance.full_clean()
    instance.save(update_fields=[*changed, "changed_clock", "origin"])
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
    instance.deleted_clock = instance.changed_clock  # type: ignore[attr-defined]
    instance.save(update_fields=["deleted_clock", "changed_clock", "origin"])
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
    issue = clock_values()
    for instance in instances:
        instance.changed_clock = issue()  # type: ignore[attr-defined]
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


@transaction.atomic
def records_bulk_update(
    changes: Iterable[tuple[Record, Mapping[str, Any]]],
    *,
    by: models.Model | None,
    action: str = "",
    batch_size: int = 5000,
) -> int:
    """Apply checked changes to many records of one model; return how many changed.

    For imports, whose rows are checked before anything is written: ``full_clean`` is not
    run (the database's own constraints still hold, and a refused row rolls the caller's
    transaction back). Records are grouped by the fields that change; each group is written
    with one prepared ``UPDATE`` per record, journaled one entry per record (only the
    changed fields, personal values sealed) and audited in one entry with the count. What
    does not differ is not written, as with ``record_update``.
    """
    groups: dict[tuple[str, ...], list[Record]] = {}
    model: type[models.Model] | None = None
    editable: list[str] = []
    issue: Callable[[], int] | None = None
    for instance, wanted in changes:
        if model is None:
            model, editable = type(instance), journaled_field_names(type(instance))
        elif type(instance) is not model:
            raise ValueError(
                f"one model at a time: {_label(instance)} after {model._meta.label_lower}"
            )
        changed = _changes_set(instance, wanted, editable)
        if changed:
            merge_policy_refusal(type(instance), changed, at_site=is_site())
            issue = issue or clock_values()
            _stamp(instance, issue)
            groups.setdefault(tuple(changed), []).append(instance)
    if model is None:
        return 0
    label = model._meta.label_lower
    for names, instances in groups.items():
        _update_rows(model, names, instances, batch_size)
        journal = JournalBulk(model, JournalEntry.Operation.UPDATE, fields=names)
        subjects: list[Any] = (
            [instance.data_subject_id() for instance in instances]  # type: ignore[attr-defined]
            if journal.seals
            else [None] * len(instances)
        )
        keys = data_keys_for({s for s in subjects if s is not None}) if journal.seals else {}
        records = zip((vars(instance) for instance in instances), subjects, strict=True)
        journal.append(records, Sealer(keys, remember=False), batch_size)
        audit_append(
            action=action or f"{label}.bulk_update",
            actor_id=_actor_id(by),
            model=label,
            field_names=list(names),
            details={"count": len(instances)},
        )
    return sum(len(instances) for instances in groups.values())


def _update_rows(
    model: type[models.Model],
    names: Sequence[str],
    instances: Sequence[models.Model],
    batch_size: int,
) -> None:
    """``UPDATE`` the named fields and the stamp of each record, ``batch_size`` at a time."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    fields = [concrete_field(model, name) for name in (*names, "changed_clock", "origin")]
    key = model._meta.pk
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    # Names come from the model's own metadata, quoted by the backend; values are bound.
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(key.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(instances), batch_size):
            cursor.executemany(
                sql,
                [
                    [
                        *(
                            field.get_db_prep_save(getattr(instance, field.attname), connection)
                            for field in fields
                        ),
                        key.get_db_prep_save(instance.pk, connection),
                    ]
                    for instance in instances[start : start + batch_size]
                ],
            )


class _KeySource:
    """New UUIDv7 keys one at a time, made a block at a time (``bulk.new_keys``)."""

    BLOCK = 1024

    def __init__(self) -> None:
        self._keys: Iterator[uuid.UUID] = iter(())

    def __call__(self) -> uuid.UUID:
        key = next(self._keys, None)
        if key is None:
            self._keys = iter(new_keys(self.BLOCK))
            key = next(self._keys)
        return key


class RecordsBulkWriter:
    """Writes new records of one model from checked field values, chunk by chunk.

    Imports check every value before writing, and building a model instance per row cost
    more than inserting it. Here each row is a dict by attribute name (``institution_id``);
    the model's defaults are worked out once (``created_at`` once per chunk, callables such
    as the key per row), and every record is stamped, inserted and journaled as
    ``records_bulk_create`` does. ``close`` appends the one audit entry for all chunks.
    Use it inside the caller's transaction, so that a failure leaves nothing behind.
    """

    def __init__(
        self,
        model: type[models.Model],
        *,
        by: models.Model | None,
        action: str = "",
        subject: str | None = None,
    ) -> None:
        """Lay the model's rows out once; ``subject`` names the data subject's attribute.

        That is ``id`` for a person and ``person_id`` for their sensitive record; a model
        with personal values needs one, so that each record is sealed under its key.
        """
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("bulk writes run inside the caller's transaction")
        self.model = model
        self.by = by
        self.action = action or f"{model._meta.label_lower}.bulk_create"
        self.inserter = BulkInserter(model)
        columns = self.inserter.attnames
        self.journal = JournalBulk(model, JournalEntry.Operation.CREATE, columns, subject)
        if self.journal.seals and subject is None:
            raise ValueError(f"{model._meta.label_lower} has personal values: name a subject")
        self.subject = subject
        self.place = {name: index for index, name in enumerate(columns)}
        self.origin = local_node_id()
        self.count = 0
        self._template: list[Any] = []
        # Defaults made for each record that does not give the value (a new key, mostly).
        self._per_row: list[tuple[int, str, Callable[[], Any]]] = []
        self._now: list[int] = []
        for index, field in enumerate(self.inserter.fields):
            constant = None
            if field.attname in ("changed_clock", "origin", "deleted_clock"):
                pass  # stamped for each record
            elif not (field.has_default() and callable(field.default)):
                constant = field.get_default()
            elif field.default is timezone.now:
                self._now.append(index)
            elif field.default is uuid7:
                self._per_row.append((index, field.attname, _KeySource()))
            else:
                self._per_row.append((index, field.attname, field.default))
            self._template.append(constant)
        self._clock = self.place["changed_clock"]
        self._template[self.place["origin"]] = self.origin

    def write(
        self,
        rows: Sequence[Mapping[str, Any]],
        *,
        sealer: Sealer | None = None,
    ) -> list[list[Any]]:
        """Insert and journal one chunk; return the records' values in column order.

        ``sealer`` holds the subjects' data keys when the caller has them (new people's,
        just created); otherwise they are looked up, or created.
        """
        if not rows:
            return []
        subject = self.subject
        now = timezone.now()
        template, place, clock = self._template, self.place, self._clock
        for index in self._now:
            template[index] = now
        records = []
        per_row = self._per_row
        issue = clock_values()
        for values in rows:
            record = template.copy()
            for index, name, make in per_row:
                if name not in values:
                    record[index] = make()
            for name, value in values.items():
                record[place[name]] = value
            record[clock] = issue()
            records.append(record)
        convert = self.inserter.row
        converted = [convert(record) for record in records]
        self.inserter.insert_rows(converted, len(rows), True)
        at = place[subject] if subject else None
        subjects = [record[at] for record in records] if at is not None else [None] * len(rows)
        if sealer is None:
            keys = (
                data_keys_for({s for s in subjects if s is not None}) if self.journal.seals else {}
            )
            sealer = Sealer(keys, remember=False)
        self.journal.append(zip(records, subjects, strict=True), sealer, len(rows), converted)
        self.count += len(rows)
        return records

    def close(self) -> int:
        """Audit every chunk written, in one entry with the count; return the count."""
        if self.count:
            audit_append(
                action=self.action,
                actor_id=_actor_id(self.by),
                model=self.model._meta.label_lower,
                field_names=journaled_field_names(self.model),
                details={"count": self.count},
            )
        return self.count
