"""The change journal: what every service write appends, and how to read it back.

Each entry carries the new values of the fields a write changed. Values of registered
personal fields are sealed with the data subject's key (``ujuzi.core.crypto``), so the
journal can travel to other nodes and into backups without exposing people, and erasing a
person makes their past values unreadable everywhere.
"""

from __future__ import annotations

import base64
import datetime
import decimal
import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import models

from ujuzi.core import crypto
from ujuzi.core.bulk import BulkInserter, db_converter
from ujuzi.core.models import JournalEntry
from ujuzi.core.personal_data import declaration_for

# Bookkeeping columns: their values are the entry's own clock, origin and operation.
BOOKKEEPING_FIELDS = frozenset({"updated_at", "origin", "deleted_at"})
# Journal JSON is encoded once here; Django would build a new encoder for every value.
_JSON = json.JSONEncoder(separators=(",", ":"))
_SEEN_LIMIT = 10_000  # values remembered while journaling in bulk
_PLAIN_TRIAL = 500  # records after which remembering plain values must have paid off


def _fast_encoder() -> Callable[[Any], str]:
    """Compact JSON, keys in the order given, through the C encoder made once.

    ``JSONEncoder.encode`` makes a new C encoder on every call, which is about a third of
    the cost of encoding a small dict; bulk journaling encodes two per record. Where the C
    encoder is missing, the standard encoder does the same work.
    """
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return _JSON.encode
    encode = make(
        None,
        _JSON.default,
        json.encoder.encode_basestring_ascii,
        None,
        ":",
        ",",
        False,
        False,
        True,
    )
    return lambda value: "".join(encode(value, 0))


_encode = _fast_encoder()
_quote = json.encoder.encode_basestring_ascii  # what the encoder writes for text


def _json_format(names: Sequence[str]) -> str:
    """A %-format for a JSON object of these keys, in this order, values filled in as text."""
    return "{" + ",".join(f"{_quote(name)}:%s" for name in names) + "}"


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
            raise ValueError(f"data subject {subject} has been erased; refusing to write")
        sealed = crypto.seal_values(key, subject, secret)
    return JournalEntry(
        model=instance._meta.label_lower,
        record_id=instance.pk,
        operation=operation,
        clock=getattr(instance, "updated_at"),  # noqa: B009 - set by every synced model
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


class JournalBulk:
    """Journal rows for many records of one model and one write, laid out once per model.

    Which fields are personal, where each value is found, the list of changed fields and
    the driver's form of each column are worked out here once; each record then costs one
    sealing of its personal values and one small JSON text (encoded here, so the database
    layer does not encode it again). Records are given as mappings by attribute name, or,
    with ``columns`` (attribute names in order), as sequences in that order; ``subject``
    names the attribute holding each record's data subject, when it is one of them.
    """

    def __init__(
        self,
        model: type[models.Model],
        operation: str,
        columns: Sequence[str] | None = None,
        subject: str | None = None,
    ) -> None:
        names = journaled_field_names(model)
        personal = set(declaration_for(model).all_fields)

        def place(attname: str) -> Any:
            return attname if columns is None else list(columns).index(attname)

        self.label = model._meta.label_lower
        self.operation = operation
        self.pk = place(model._meta.pk.attname)
        self.clock = place("updated_at")
        self.origin = place("origin")
        self.plain = [
            (name, place(concrete_field(model, name).attname))
            for name in names
            if name not in personal
        ]
        # Sorted, as ``seal_values`` sorts them, so that both seal the same text.
        self.secret = [
            (name, place(concrete_field(model, name).attname))
            for name in sorted(names)
            if name in personal
        ]
        self.changed = _JSON.encode(names)
        self.inserter = BulkInserter(JournalEntry, include_pk=False)
        uuids = db_converter(concrete_field(JournalEntry, "record_id"))
        self.uuid: Any = uuids if uuids is not None else _unchanged
        self._origin: list[Any] = [object(), None]  # the node's id, converted once
        self._seen: dict[int, tuple[Any, Any]] = {}
        self._plain_seen: dict[tuple[Any, ...], str] | None = {}
        # Each entry's JSON is its layout's format filled with the values' JSON texts, in
        # the encoder's own compact form (the secret names sorted, as ``seal_values`` does).
        self._plain_format = _json_format([name for name, _ in self.plain])
        self._secret_format = _json_format([name for name, _ in self.secret])
        self.subject = place(subject) if subject is not None else None
        self._plain_hits = self._plain_misses = 0

    @property
    def seals(self) -> bool:
        """True when the model has personal values, so each record needs its subject's key."""
        return bool(self.secret)

    def row(
        self,
        values: Any,
        subject: uuid.UUID | None,
        sealer: crypto.Sealer,
        converted: Sequence[Any] | None = None,
    ) -> tuple[Any, ...]:
        """One entry, in the driver's form; ``values`` as laid out for this journal.

        ``converted``, the record's row as just inserted (same layout), saves converting
        its key and data subject again.
        """
        uuid_db = self.uuid
        record_id = values[self.pk]
        record_db = uuid_db(record_id) if converted is None else converted[self.pk]
        sealed = subject_db = None
        if self.secret:
            secret = self._secret_format % self._json_texts(self.secret, values)
            sealed = sealer.seal_text(subject, secret.encode())
            if subject == record_id:
                subject_db = record_db
            elif converted is not None and self.subject is not None:
                subject_db = converted[self.subject]
            else:
                subject_db = uuid_db(subject)
        origin = values[self.origin]
        if origin is not self._origin[0]:
            self._origin = [origin, None if origin is None else uuid_db(origin)]
        return (
            self.label,
            record_db,
            self.operation,
            values[self.clock],
            self._origin[1],
            self.changed,
            self._plain_json(values),
            subject_db,
            sealed,
        )

    def _plain_json(self, values: Any) -> str:
        """The entry's plain values as JSON, reused while records repeat them.

        Records written together often carry the same plain values (a chunk's
        ``created_at``, one institution, grade and county), so the text is remembered by
        the values themselves; a model whose records never repeat (each names its own
        person) stops remembering after a few hundred records.
        """
        if self._plain_seen is None:
            return self._plain_format % self._json_texts(self.plain, values)
        plain = [values[place] for _, place in self.plain]
        # With the types: 1, 1.0 and True are equal as keys but not as JSON.
        key = (*plain, *map(type, plain))
        try:
            text = self._plain_seen.get(key)
        except TypeError:  # a JSON field's dict or list: such records are not remembered
            self._plain_seen = None
            return self._plain_format % self._json_texts(self.plain, values)
        if text is not None:
            self._plain_hits += 1
            return text
        text = self._plain_format % self._json_texts(self.plain, values)
        self._plain_misses += 1
        if len(self._plain_seen) < _SEEN_LIMIT:
            self._plain_seen[key] = text
        if self._plain_misses >= _PLAIN_TRIAL and self._plain_hits < self._plain_misses:
            self._plain_seen = None
        return text

    def _json_texts(self, places: list[tuple[str, Any]], values: Any) -> tuple[str, ...]:
        """Each named value as JSON text, for the layout's format.

        Text (most values) is quoted by the JSON module's own C function. Other values go
        through ``to_json`` and the encoder; records written together share such objects
        (a chunk's ``created_at``, an institution's key), so their text is remembered by
        identity, the object kept with it so that its identity cannot pass to another.
        """
        quote, seen = _quote, self._seen
        texts = []
        for _, place in places:
            value = values[place]
            if type(value) is str:
                texts.append(quote(value))
                continue
            hit = seen.get(id(value))
            if hit is None or hit[0] is not value:
                if len(seen) > _SEEN_LIMIT:
                    seen.clear()
                safe = to_json(value)
                hit = seen[id(value)] = (value, quote(safe) if type(safe) is str else _encode(safe))
            texts.append(hit[1])
        return tuple(texts)

    def append(
        self,
        records: Iterable[tuple[Any, uuid.UUID | None]],
        sealer: crypto.Sealer,
        batch_size: int = 5000,
        converted: Iterable[Sequence[Any]] | None = None,
    ) -> int:
        """Insert one entry per ``(values, data subject)`` (``converted``: see ``row``)."""
        if converted is None:
            rows = (self.row(values, subject, sealer) for values, subject in records)
        else:
            rows = (
                self.row(values, subject, sealer, done)
                for (values, subject), done in zip(records, converted, strict=True)
            )
        try:
            return self.inserter.insert_rows(rows, batch_size, converted=True)
        finally:
            self._seen.clear()


def _unchanged(value: Any) -> Any:
    return value


def journal_append_bulk(
    instances: Sequence[models.Model], operation: str, batch_size: int = 5000
) -> int:
    """Journal many saved records of one model and one write, with one prepared insert.

    Each record still gets its own entry; the per-model layout (which fields are personal,
    their column names) is worked out once rather than per record.
    """
    if not instances:
        return 0
    journal = JournalBulk(type(instances[0]), operation)
    subjects = (
        [instance.data_subject_id() for instance in instances]  # type: ignore[attr-defined]
        if journal.seals
        else [None] * len(instances)
    )
    keys = crypto.data_keys_for({s for s in subjects if s is not None}) if journal.seals else {}
    # A new instance holds every concrete field's value under its attribute name.
    records = zip((vars(instance) for instance in instances), subjects, strict=True)
    return journal.append(records, crypto.Sealer(keys, remember=False), batch_size)


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
        record["updated_at"] = entry.clock
        record["origin"] = entry.origin
        record["deleted"] = entry.operation == JournalEntry.Operation.DELETE
    return state
