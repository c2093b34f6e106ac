"""Journal entries as they travel between nodes, and the checks on what arrives.

An entry travels as a JSON object: where it comes from (``origin`` and ``origin_seq``, its
number on the node that wrote it), the sender's own ``seq`` (for the receiver's cursor),
and the write itself. Personal values stay sealed under the person's data key all the
way. What arrives is checked before anything is written: an unknown model, a field the
model does not sync, a value of the wrong shape or an oversized batch refuses the whole
batch with a message saying which entry and why.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

from ujuzi.core.journal import is_synced, journaled_field_names
from ujuzi.core.key_exchange import data_keys_wrapped_for
from ujuzi.core.models import JournalEntry, Node

MAX_ENTRIES = 5000
MAX_SEALED_BYTES = 64 * 1024
_OPERATIONS = frozenset(JournalEntry.Operation.values)


class SyncRefused(ValueError):
    """A batch was refused whole; nothing of it was written."""


@dataclass(frozen=True)
class Incoming:
    """One checked entry from another node."""

    model: type[models.Model]
    record_id: uuid.UUID
    operation: str
    clock: int
    origin: uuid.UUID
    origin_seq: int
    sender_seq: int
    changed_fields: list[str]
    values: dict[str, Any]
    subject_id: uuid.UUID | None
    sealed_values: bytes | None

    @property
    def label(self) -> str:
        """The model's label, as the journal names it."""
        return self.model._meta.label_lower


def entry_to_wire(entry: JournalEntry) -> dict[str, Any]:
    """A journal entry in its travelling form."""
    sealed = entry.sealed_values
    return {
        "seq": entry.seq,
        "origin": str(entry.origin),
        "origin_seq": entry.origin_position,
        "model": entry.model,
        "record_id": str(entry.record_id),
        "operation": entry.operation,
        "clock": entry.clock,
        "changed_fields": list(entry.changed_fields),
        "values": dict(entry.values),
        "subject_id": str(entry.subject_id) if entry.subject_id else None,
        "sealed_values": base64.b64encode(bytes(sealed)).decode() if sealed else None,
    }


def journal_since(after: int, limit: int = 1000) -> list[dict[str, Any]]:
    """The local journal after sequence ``after``, oldest first, ready to send."""
    entries = JournalEntry.objects.filter(seq__gt=after).order_by("seq")[:limit]
    return [entry_to_wire(entry) for entry in entries]


def batch_for(peer: Node, after: int, limit: int = 1000) -> dict[str, Any]:
    """What to send ``peer``: the journal after ``after`` and the data keys it needs.

    Each key is wrapped for that peer alone; a person erased here has no key to send.
    """
    entries = journal_since(after, limit)
    subjects = {uuid.UUID(entry["subject_id"]) for entry in entries if entry["subject_id"]}
    return {"entries": entries, "keys": data_keys_wrapped_for(peer, subjects)}


def _uuid(value: Any, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        raise SyncRefused(f"{what} is not a UUID: {str(value)[:40]!r}") from None


def _count(value: Any, what: str) -> int:
    if type(value) is not int or value < 0 or value >= 2**63:
        raise SyncRefused(f"{what} must be a whole number from 0 to 2^63: {str(value)[:40]!r}")
    return value


def _model(label: Any) -> type[models.Model]:
    try:
        model = apps.get_model(str(label))
    except (LookupError, ValueError):
        raise SyncRefused(f"no such model: {str(label)[:100]!r}") from None
    if not is_synced(model):
        raise SyncRefused(f"{model._meta.label_lower} does not sync")
    return model


def _entry(raw: Any, where: str) -> Incoming:
    if not isinstance(raw, Mapping):
        raise SyncRefused(f"{where} is not an object")
    model = _model(raw.get("model"))
    operation = raw.get("operation")
    if operation not in _OPERATIONS:
        raise SyncRefused(f"{where}: unknown operation {str(operation)[:20]!r}")
    fields = raw.get("changed_fields")
    values = raw.get("values")
    if not isinstance(fields, list) or not all(isinstance(name, str) for name in fields):
        raise SyncRefused(f"{where}: changed_fields must be a list of names")
    if not isinstance(values, dict):
        raise SyncRefused(f"{where}: values must be an object")
    unknown = sorted(set(fields) - set(journaled_field_names(model)))
    if unknown:
        raise SyncRefused(f"{where}: {model._meta.label_lower} does not sync {unknown[:5]}")
    if not set(values) <= set(fields):
        raise SyncRefused(f"{where}: values name fields the entry did not change")
    sealed_text = raw.get("sealed_values")
    sealed = None
    if sealed_text is not None:
        if not isinstance(sealed_text, str) or len(sealed_text) > MAX_SEALED_BYTES * 4 // 3 + 4:
            raise SyncRefused(f"{where}: sealed values are not base64 text of a sane size")
        try:
            sealed = base64.b64decode(sealed_text, validate=True)
        except (binascii.Error, ValueError):
            raise SyncRefused(f"{where}: sealed values are not base64") from None
    subject = raw.get("subject_id")
    if (sealed is None) != (subject is None):
        raise SyncRefused(f"{where}: sealed values and their data subject come together")
    return Incoming(
        model=model,
        record_id=_uuid(raw.get("record_id"), f"{where}: record_id"),
        operation=str(operation),
        clock=_count(raw.get("clock"), f"{where}: clock"),
        origin=_uuid(raw.get("origin"), f"{where}: origin"),
        origin_seq=_count(raw.get("origin_seq"), f"{where}: origin_seq"),
        sender_seq=_count(raw.get("seq", 0), f"{where}: seq"),
        changed_fields=list(fields),
        values=dict(values),
        subject_id=_uuid(subject, f"{where}: subject_id") if subject is not None else None,
        sealed_values=sealed,
    )


def entries_checked(raw: Iterable[Any] | Any) -> list[Incoming]:
    """Every entry of a batch checked, or ``SyncRefused`` naming the first bad one."""
    if isinstance(raw, str | bytes | Mapping) or not isinstance(raw, Sequence):
        raise SyncRefused("a batch is a list of entries")
    if len(raw) > MAX_ENTRIES:
        raise SyncRefused(f"a batch holds at most {MAX_ENTRIES} entries, not {len(raw)}")
    return [_entry(item, f"entry {index + 1}") for index, item in enumerate(raw)]
