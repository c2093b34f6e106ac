"""Journaling many records of one model and one write at once: imports, the demo loader.

Each record still gets its own entry, its personal values sealed under its own data
subject's key, exactly as ``ujuzi.core.journal.journal_append`` would write it; what is
shared is the work of laying the entries out (once per model) and of encoding them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import models

from ujuzi.core import crypto
from ujuzi.core.bulk import BulkInserter, db_converter
from ujuzi.core.journal import concrete_field, journaled_field_names, to_json
from ujuzi.core.models import JournalEntry
from ujuzi.core.personal_data import declaration_for

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


class JournalBulk:
    """Journal rows for many records of one model and one write, laid out once per model.

    Which fields are personal, where each value is found, the list of changed fields and
    the driver's form of each column are worked out here once; each record then costs one
    sealing of its personal values and one small JSON text (encoded here, so the database
    layer does not encode it again). Records are given as mappings by attribute name, or,
    with ``columns`` (attribute names in order), as sequences in that order; ``subject``
    names the attribute holding each record's data subject, when it is one of them.
    ``fields`` (field names) limits each entry to the fields an update changed.
    """

    def __init__(
        self,
        model: type[models.Model],
        operation: str,
        columns: Sequence[str] | None = None,
        subject: str | None = None,
        fields: Sequence[str] | None = None,
    ) -> None:
        names = journaled_field_names(model) if fields is None else list(fields)
        personal = set(declaration_for(model).all_fields)

        def place(attname: str) -> Any:
            return attname if columns is None else list(columns).index(attname)

        self.label = model._meta.label_lower
        self.operation = operation
        self.pk = place(model._meta.pk.attname)
        self.clock = place("changed_clock")
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
            None,  # origin_seq: written here, so the entry's own seq
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
