"""Taking in a batch of journal entries from another node: idempotent, all or nothing.

Each new entry is kept in this node's journal with its origin and origin sequence (an
entry seen before, from whichever peer, changes nothing), the node's clock floor is
raised, and each record an entry touches is rebuilt from all its entries by its model's
merge rule (``ujuzi.sync.fold``). A record that cannot be written yet (its creation, a
record it points to or its person's data key has not arrived) waits as a
``PendingRecord`` and is written when what it waits for comes. The whole batch is one
transaction with one audit entry.
"""

from __future__ import annotations

import binascii
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ujuzi.core.audit import audit_append
from ujuzi.core.bulk import MAX_IN_LIST
from ujuzi.core.clock import pack, wall_clock_ms
from ujuzi.core.erasure import shredding_apply
from ujuzi.core.journal import concrete_field, journaled_field_names
from ujuzi.core.key_exchange import data_keys_take
from ujuzi.core.models import JournalEntry, Node, Shredding
from ujuzi.core.node import MAX_DRIFT_MS, clock_receive, local_node_id
from ujuzi.sync.fold import Clash, Folded, record_fold
from ujuzi.sync.models import PeerCursor, PendingRecord, SyncConflict
from ujuzi.sync.wire import Incoming, SyncRefused, entries_checked


@dataclass
class Applied:
    """What a batch did."""

    new: int = 0
    seen_before: int = 0
    records_written: int = 0
    waiting: int = 0
    conflicts: int = 0


def _hubs() -> frozenset[uuid.UUID]:
    return frozenset(Node.objects.filter(role=Node.Role.HUB).values_list("id", flat=True))


def _known(entries: list[Incoming]) -> set[tuple[uuid.UUID, int]]:
    """Which (origin, origin sequence) pairs this node already holds."""
    local = local_node_id()
    wanted: dict[uuid.UUID, set[int]] = defaultdict(set)
    for entry in entries:
        wanted[entry.origin].add(entry.origin_seq)
    known: set[tuple[uuid.UUID, int]] = set()
    for origin, numbers in wanted.items():
        if origin == local:  # our own entries, coming back: their number is our seq
            found = JournalEntry.objects.filter(origin=local, seq__in=numbers, origin_seq=None)
            known.update((origin, seq) for seq in found.values_list("seq", flat=True))
        else:
            found = JournalEntry.objects.filter(origin=origin, origin_seq__in=numbers)
            known.update(
                (origin, number)
                for number in found.values_list("origin_seq", flat=True)
                if number is not None
            )
    return known


def _kept(entry: Incoming) -> JournalEntry:
    return JournalEntry(
        model=entry.label,
        record_id=entry.record_id,
        operation=entry.operation,
        clock=entry.clock,
        origin=entry.origin,
        origin_seq=entry.origin_seq,
        changed_fields=entry.changed_fields,
        values=entry.values,
        subject_id=entry.subject_id,
        sealed_values=entry.sealed_values,
    )


@transaction.atomic
def entries_apply(
    raw: Any, *, peer: Node | None = None, keys: Sequence[Mapping[str, Any]] = ()
) -> Applied:
    """Check and apply a batch from ``peer`` (``None``: a bundle carried by hand).

    ``keys`` are the data keys of the people whose values the entries seal, wrapped for
    this node (``batch_for`` at the sender). Raises ``SyncRefused`` before writing anything
    when an entry or a key is malformed.
    """
    entries = entries_checked(raw)
    result = Applied()
    try:
        data_keys_take(keys)
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        raise SyncRefused(f"a data key in the batch cannot be opened here: {error}") from None
    known = _known(entries)
    fresh: list[Incoming] = []
    for entry in entries:
        key = (entry.origin, entry.origin_seq)
        if key in known:
            result.seen_before += 1
            continue
        known.add(key)
        fresh.append(entry)
    if peer is not None and peer.is_local:
        raise SyncRefused("a node does not sync with itself")
    kept = JournalEntry.objects.bulk_create([_kept(entry) for entry in fresh])
    result.new = len(kept)
    result.conflicts += _clocks_take(kept, peer)
    touched = {(entry.model, entry.record_id) for entry in fresh}
    records_settle(touched, result)
    if peer is not None and entries:
        _cursor_advance(peer, max(entry.sender_seq for entry in entries))
    if result.new:
        audit_append(
            action="sync.apply",
            model="core.journalentry",
            details={
                "peer": str(peer.pk) if peer else None,
                "new": result.new,
                "seen_before": result.seen_before,
                "waiting": result.waiting,
                "conflicts": result.conflicts,
            },
        )
    return result


def _clocks_take(kept: list[JournalEntry], peer: Node | None) -> int:
    """Raise the node's clock floor; note entries stamped by a clock far ahead."""
    if not kept:
        return 0
    clock_receive(
        max(entry.clock for entry in kept),
        from_hub=peer is not None and peer.role == Node.Role.HUB,
    )
    ceiling = pack(wall_clock_ms() + MAX_DRIFT_MS)
    return sum(
        _conflict_note(Clash("clock_ahead", entry, detail="clock ahead of this node's"))
        for entry in kept
        if entry.clock > ceiling
    )


def _cursor_advance(peer: Node, through: int) -> None:
    cursor, _ = PeerCursor.objects.get_or_create(peer=peer)
    cursor.received_through = max(cursor.received_through, through)
    cursor.synced_at = timezone.now()
    cursor.save()


def records_settle(
    touched: Iterable[tuple[type[models.Model], uuid.UUID]], result: Applied
) -> None:
    """Rebuild each touched record, then every waiting one, until nothing more can be written.

    A record waiting for its parent is written in the same pass as the parent, whatever
    order their entries came in.
    """
    hubs = _hubs()
    queue = dict.fromkeys(touched)
    for pending in PendingRecord.objects.all():
        queue.setdefault((_model_of(pending.model), pending.record_id), None)
    while queue:
        progressed = False
        waiting: dict[tuple[type[models.Model], uuid.UUID], None] = {}
        entries = _entries_of(queue)
        for model, record_id in queue:
            found = entries.get((model._meta.label_lower, record_id), [])
            if _record_write(model, record_id, found, hubs, result):
                progressed = True
            else:
                waiting[(model, record_id)] = None
        if not progressed or not waiting:
            break
        queue = waiting
    result.waiting = PendingRecord.objects.count()


def _model_of(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _entries_of(
    records: Iterable[tuple[type[models.Model], uuid.UUID]],
) -> dict[tuple[str, uuid.UUID], list[JournalEntry]]:
    """Every journal entry of the records, one query per model and chunk, not per record."""
    by_model: dict[str, list[uuid.UUID]] = defaultdict(list)
    for model, record_id in records:
        by_model[model._meta.label_lower].append(record_id)
    found: dict[tuple[str, uuid.UUID], list[JournalEntry]] = defaultdict(list)
    for label, ids in by_model.items():
        for start in range(0, len(ids), MAX_IN_LIST):
            chunk = JournalEntry.objects.filter(
                model=label, record_id__in=ids[start : start + MAX_IN_LIST]
            )
            for entry in chunk:
                found[(label, entry.record_id)].append(entry)
    return found


def _record_write(
    model: type[models.Model],
    record_id: uuid.UUID,
    entries: list[JournalEntry],
    hubs: frozenset[uuid.UUID],
    result: Applied,
) -> bool:
    """Write one record from its entries; ``False`` when it has to wait (noted)."""
    label = model._meta.label_lower
    folded = record_fold(model, entries, hubs)
    for clash in folded.clashes:
        result.conflicts += _conflict_note(clash)
    reason = _waits_for(model, folded)
    if reason is None:
        try:
            with transaction.atomic():
                _row_write(model, record_id, folded)
        except IntegrityError as error:
            reason = PendingRecord.Reason.NATURAL_KEY
            for entry in entries:
                result.conflicts += _conflict_note(
                    Clash("natural_key", entry, detail=str(error)[:300])
                )
                break
    if reason is None and model is Shredding:
        shredding_apply(folded.values["subject_id"])
    if reason is not None:
        PendingRecord.objects.update_or_create(
            model=label, record_id=record_id, defaults={"reason": reason}
        )
        return False
    PendingRecord.objects.filter(model=label, record_id=record_id).delete()
    result.records_written += 1
    return True


def _waits_for(model: type[models.Model], folded: Folded) -> str | None:
    """Why the record cannot be written yet, or ``None``."""
    if not folded.created:
        return PendingRecord.Reason.NOT_CREATED
    if folded.sealed_unopened:
        return PendingRecord.Reason.KEY
    for name, value in folded.values.items():
        related = concrete_field(model, name)
        if related.is_relation and value is not None and related.related_model is not None:
            target = related.related_model
            if not target._base_manager.filter(pk=value).exists():  # type: ignore[union-attr]
                return PendingRecord.Reason.PARENT
    return None


def _row_write(model: type[models.Model], record_id: uuid.UUID, folded: Folded) -> None:
    """Insert or overwrite the row with the folded state (no journal: the entries are it)."""
    row: dict[str, Any] = {}
    for name in journaled_field_names(model):
        field_ = concrete_field(model, name)
        row[field_.attname] = folded.values[name] if name in folded.values else field_.get_default()
    row.update(
        changed_clock=folded.changed_clock,
        origin=folded.origin,
        deleted_clock=folded.deleted_clock,
    )
    manager = model._base_manager
    if not manager.filter(pk=record_id).update(**row):
        manager.bulk_create([model(pk=record_id, **row)])


def _conflict_note(clash: Clash) -> int:
    """Keep a conflict once (the same entry clashing again is not a new conflict)."""
    entry = clash.entry
    _, made = SyncConflict.objects.get_or_create(
        kind=clash.kind,
        origin=entry.origin,
        origin_seq=entry.origin_position,
        field=clash.field,
        defaults={
            "model": entry.model,
            "record_id": entry.record_id,
            "clock": entry.clock,
            "detail": clash.detail[:300],
        },
    )
    return int(made)


__all__ = ["Applied", "SyncRefused", "entries_apply", "records_settle"]
