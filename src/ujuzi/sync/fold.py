"""A record's state from all its journal entries, whatever order they arrived in.

Every node folds the same set of entries the same way, so every node ends with the same
row: entries are taken in order of (clock, origin node, origin's sequence), a total order
every node agrees on; each field keeps the value of the last entry that set it
(last-writer-wins per field), except where the model's merge policy says otherwise
(``ujuzi.core.merge``). The first tombstone deletes the record for good.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from ujuzi.core import crypto
from ujuzi.core.erasure import erased_value
from ujuzi.core.journal import concrete_field, from_json, opened_values, to_json
from ujuzi.core.merge import merge_policy
from ujuzi.core.models import JournalEntry
from ujuzi.core.personal_data import declaration_for


@dataclass
class Clash:
    """An entry the fold did not (fully) take, and why; see ``SyncConflict.Kind``."""

    kind: str
    entry: JournalEntry
    field: str = ""
    detail: str = ""


@dataclass
class Folded:
    """What a record's entries add up to."""

    created: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    changed_clock: int = 0
    origin: uuid.UUID | None = None
    deleted_clock: int | None = None
    sealed_unopened: bool = False
    clashes: list[Clash] = field(default_factory=list)


def order_of(entry: JournalEntry) -> tuple[int, bytes, int]:
    """The order every node agrees on: clock, then origin node, then origin's sequence."""
    return (entry.clock, entry.origin.bytes, entry.origin_position)


def record_fold(
    model: type[models.Model],
    entries: list[JournalEntry],
    hubs: frozenset[uuid.UUID],
) -> Folded:
    """Fold one record's entries by its model's merge policy.

    ``hubs`` are the nodes whose changes to hub-decided fields count.
    """
    policy = merge_policy(model)
    hub_fields = policy.hub_fields
    subjects = {entry.subject_id for entry in entries if entry.subject_id is not None}
    keys = crypto.data_keys_for(subjects, create=False) if subjects else {}
    folded = Folded()
    for entry in sorted(entries, key=order_of):
        values = opened_values(entry, keys)
        if values is None and entry.subject_id in keys:  # erased: its values are blanks now
            values = dict(entry.values) | _erased(model, entry.changed_fields)
        elif values is None:  # the person's key has not arrived yet
            folded.sealed_unopened = True
            values = dict(entry.values)
        if entry.operation == JournalEntry.Operation.DELETE:
            if folded.deleted_clock is None:
                folded.deleted_clock = entry.clock
        elif entry.operation == JournalEntry.Operation.CREATE or not folded.created:
            folded.created = folded.created or entry.operation == JournalEntry.Operation.CREATE
            _take(model, folded, values, entry.changed_fields)
        elif not policy.changes_after_creation:
            folded.clashes.append(Clash("append_only", entry))
            continue
        else:
            taken = []
            for name in entry.changed_fields:
                if name in hub_fields and entry.origin not in hubs:
                    folded.clashes.append(Clash("hub_decides", entry, name))
                else:
                    taken.append(name)
            _take(model, folded, values, taken)
        folded.changed_clock = entry.clock
        folded.origin = entry.origin
    return folded


def _take(
    model: type[models.Model], folded: Folded, values: dict[str, Any], names: list[str]
) -> None:
    """Set each named field from an entry's values."""
    for name in names:
        if name in values:
            folded.values[name] = from_json(concrete_field(model, name), values[name])


def _erased(model: type[models.Model], names: list[str]) -> dict[str, Any]:
    """The journaled form of an erased subject's personal values among ``names``."""
    personal = set(declaration_for(model).all_fields)
    return {
        name: to_json(erased_value(concrete_field(model, name)))
        for name in names
        if name in personal
    }
