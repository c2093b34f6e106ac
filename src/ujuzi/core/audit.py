"""The keyed, tamper-evident audit trail.

Each node keeps one chain: ``hash = HMAC(chain key, previous hash ‖ canonical JSON)``. The
keys derive from ``UJUZI_AUDIT_KEY``, which lives in the environment and never in the
database, so someone who can write the database can neither edit an entry nor recompute
the chain. The chain head is sealed on every append and signed checkpoints of it are kept
in the database and in a file in the data directory, so cutting off the newest entries is
detected too. Entries hold ids, actions and field names, never personal values.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ujuzi.core import context
from ujuzi.core.models import AuditCheckpoint, AuditEntry, AuditHead
from ujuzi.core.node import local_node_id

GENESIS = "0" * 64
CHECKPOINT_FILE = "audit-checkpoints.jsonl"


def _derive(purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
        settings.UJUZI.audit_key
    )


@lru_cache(maxsize=1)
def _chain_key() -> bytes:
    return _derive(b"ujuzi audit chain v1")


@lru_cache(maxsize=1)
def _head_key() -> bytes:
    return _derive(b"ujuzi audit head v1")


@lru_cache(maxsize=1)
def _signing_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(_derive(b"ujuzi audit checkpoint v1"))


def checkpoint_public_key() -> str:
    """The hex Ed25519 public key that checks this node's checkpoints."""
    raw = (
        _signing_key()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return raw.hex()


def canonical(entry: AuditEntry) -> bytes:
    """The bytes an entry's hash covers: every column but the hash, in a fixed form."""
    at = entry.at.astimezone(datetime.UTC).isoformat(timespec="microseconds")
    document = {
        "node": str(entry.node),
        "seq": entry.seq,
        "at": at,
        "actor": str(entry.actor_id) if entry.actor_id else None,
        "action": entry.action,
        "model": entry.model,
        "record": str(entry.record_id) if entry.record_id else None,
        "fields": list(entry.field_names),
        "details": entry.details,
        "request": entry.request_id,
        "previous": entry.previous_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def entry_hash(entry: AuditEntry) -> str:
    """The keyed hash of an entry."""
    message = entry.previous_hash.encode() + b"|" + canonical(entry)
    return hmac.new(_chain_key(), message, hashlib.sha256).hexdigest()


def head_seal(node: uuid.UUID, count: int, head_hash: str) -> str:
    """The seal over a chain head."""
    message = f"{node}|{count}|{head_hash}".encode()
    return hmac.new(_head_key(), message, hashlib.sha256).hexdigest()


def _checkpoint_message(node: uuid.UUID, count: int, head_hash: str, at: str) -> bytes:
    return f"ujuzi-audit-checkpoint|{node}|{count}|{head_hash}|{at}".encode()


def _locked_head(node: uuid.UUID) -> AuditHead:
    """The chain head, row-locked until the transaction ends (serialises appends)."""
    head = AuditHead.objects.select_for_update().filter(node=node).first()
    if head is not None:
        return head
    try:
        with transaction.atomic():
            AuditHead.objects.create(
                node=node, count=0, hash=GENESIS, seal=head_seal(node, 0, GENESIS)
            )
    except IntegrityError:
        pass  # another writer created it first
    return AuditHead.objects.select_for_update().get(node=node)


def audit_append(
    *,
    action: str,
    actor_id: uuid.UUID | None = None,
    model: str = "",
    record_id: uuid.UUID | None = None,
    field_names: Iterable[str] = (),
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to this node's chain, inside the caller's transaction."""
    node = local_node_id()
    with transaction.atomic():
        head = _locked_head(node)
        entry = AuditEntry(
            node=node,
            seq=head.count + 1,
            at=timezone.now().astimezone(datetime.UTC),
            actor_id=actor_id,
            action=action,
            model=model,
            record_id=record_id,
            field_names=list(field_names),
            details=details or {},
            request_id=context.request_id.get(),
            previous_hash=head.hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        head.count, head.hash = entry.seq, entry.hash
        head.seal = head_seal(node, head.count, head.hash)
        head.save(update_fields=["count", "hash", "seal"])
    return entry


def checkpoint_path() -> Path:
    """The file outside the database where checkpoints are also kept."""
    return Path(settings.UJUZI.data_dir) / CHECKPOINT_FILE


def checkpoint_write() -> AuditCheckpoint | None:
    """Sign the current head of this node's chain; ``None`` when nothing new happened."""
    node = local_node_id()
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(node=node).first()
        if head is None or head.count == 0:
            return None
        if AuditCheckpoint.objects.filter(node=node, count=head.count).exists():
            return None
        at = timezone.now().astimezone(datetime.UTC)
        at_text = at.isoformat(timespec="microseconds")
        signature = _signing_key().sign(_checkpoint_message(node, head.count, head.hash, at_text))
        checkpoint = AuditCheckpoint.objects.create(
            node=node, count=head.count, hash=head.hash, at=at, signature=signature.hex()
        )
    record = {
        "node": str(node),
        "count": checkpoint.count,
        "hash": checkpoint.hash,
        "at": at_text,
        "signature": checkpoint.signature,
    }
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, sort_keys=True) + "\n")
    return checkpoint


@dataclass
class Verification:
    """The outcome of checking one node's chain."""

    node: uuid.UUID
    count: int = 0
    problems: list[str] = field(default_factory=list)
    first_bad_seq: int | None = None
    head_hash: str = GENESIS

    @property
    def is_valid(self) -> bool:
        """True when no problem was found."""
        return not self.problems

    def fail(self, message: str, seq: int | None = None) -> None:
        """Record a problem; the first entry named is the one reported."""
        self.problems.append(message)
        if seq is not None and self.first_bad_seq is None:
            self.first_bad_seq = seq


def _signature_is_valid(node: uuid.UUID, record: dict[str, Any], public_key: str) -> bool:
    key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
    message = _checkpoint_message(node, int(record["count"]), record["hash"], record["at"])
    try:
        key.verify(bytes.fromhex(record["signature"]), message)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _file_checkpoints(node: uuid.UUID) -> Iterator[dict[str, Any]]:
    path = checkpoint_path()
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            if record.get("node") == str(node):
                yield record


def _checkpoints(node: uuid.UUID) -> list[dict[str, Any]]:
    stored = [
        {
            "count": cp.count,
            "hash": cp.hash,
            "at": cp.at.astimezone(datetime.UTC).isoformat(timespec="microseconds"),
            "signature": cp.signature,
        }
        for cp in AuditCheckpoint.objects.filter(node=node).order_by("count")
    ]
    return [*stored, *_file_checkpoints(node)]


def _verify_links(node: uuid.UUID, result: Verification, wanted: set[int]) -> dict[int, str]:
    """Check order, links and keyed hashes; return the hashes at checkpointed positions."""
    hashes_at: dict[int, str] = {}
    previous = GENESIS
    expected_seq = 1
    entries = AuditEntry.objects.filter(node=node).order_by("seq")
    for entry in entries.iterator(chunk_size=5000):
        if entry.seq != expected_seq:
            result.fail(
                f"entry {expected_seq} is missing (next found is {entry.seq})", expected_seq
            )
            expected_seq = entry.seq
        if entry.previous_hash != previous:
            result.fail(f"entry {entry.seq} does not follow the entry before it", entry.seq)
        if not hmac.compare_digest(entry.hash, entry_hash(entry)):
            result.fail(f"entry {entry.seq} was altered: its hash does not match", entry.seq)
        if entry.seq in wanted:
            hashes_at[entry.seq] = entry.hash
        previous = entry.hash
        expected_seq += 1
        result.count = entry.seq
    result.head_hash = previous
    return hashes_at


def _verify_head(node: uuid.UUID, result: Verification) -> None:
    head = AuditHead.objects.filter(node=node).first()
    if head is None:
        if result.count:
            result.fail("the chain head is missing: entries may have been cut off")
        return
    if not hmac.compare_digest(head.seal, head_seal(node, head.count, head.hash)):
        result.fail("the chain head's seal is invalid: the head was rewritten")
    if head.count > result.count:
        result.fail(
            f"entries {result.count + 1} to {head.count} were cut off the end of the chain",
            result.count + 1,
        )
    elif head.count < result.count or head.hash != result.head_hash:
        result.fail("the chain head does not match the newest entry", head.count + 1)


def verify_chain(node: uuid.UUID | None = None) -> Verification:
    """Walk a node's chain in order and check every link, the head and the checkpoints."""
    node = node or local_node_id()
    result = Verification(node=node)
    checkpoints = _checkpoints(node)
    hashes_at = _verify_links(node, result, {int(record["count"]) for record in checkpoints})
    _verify_head(node, result)
    public_key = checkpoint_public_key()
    for record in checkpoints:
        count = int(record["count"])
        if not _signature_is_valid(node, record, public_key):
            result.fail(f"the checkpoint at entry {count} has an invalid signature")
        elif count > result.count:
            result.fail(
                f"a signed checkpoint saw {count} entries but only {result.count} remain: "
                "the newest entries were cut off",
                result.count + 1,
            )
        elif hashes_at.get(count) != record["hash"]:
            result.fail(f"entry {count} differs from its signed checkpoint", count)
    return result
