"""Encryption at rest: the installation's keyring and per-person data keys.

The keyring holds the key-encryption keys from ``UJUZI_ENCRYPTION_KEYS`` (newest first):
new data is sealed with the first, and any listed key still opens older data, so keys
rotate without downtime (``ujuzi keys rewrap`` moves everything to the newest key).
Each person has a random data key, stored only wrapped by the keyring; erasing the person
destroys it ("crypto-shredding").
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ujuzi.core.bulk import MAX_IN_LIST, BulkInserter
from ujuzi.core.models import DataKey

_FORMAT = b"\x01"
_NONCE_BYTES = 12
_KEY_BYTES = 32
# One encoder for every seal: ``json.dumps`` with options builds a new encoder per call.
_VALUES_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


class DecryptionError(ValueError):
    """Sealed data could not be opened: unknown key, wrong context or tampering."""


class Nonces:
    """Fresh random AES-GCM nonces for bulk sealing, read from the system source in blocks.

    Each nonce is 12 bytes of ``os.urandom`` as before, handed out once and never again;
    reading 4,096 at a time saves a system call per seal (and, with a COPY thread running,
    a wait for the interpreter lock after each one).
    """

    BLOCK = 4096

    def __init__(self) -> None:
        self._pool = b""
        self._at = 0

    def take(self) -> bytes:
        """The next unused nonce."""
        at = self._at
        if at >= len(self._pool):
            self._pool, at = os.urandom(_NONCE_BYTES * self.BLOCK), 0
        self._at = at + _NONCE_BYTES
        return self._pool[at : at + _NONCE_BYTES]


def _fingerprint(key: bytes) -> bytes:
    return hashlib.sha256(b"ujuzi key id" + key).digest()[:4]


class Keyring:
    """AES-256-GCM with key rotation: seal with the newest key, open with any listed."""

    def __init__(self, keys: Iterable[bytes]) -> None:
        listed = list(keys)
        if not listed:
            raise ValueError("the keyring needs at least one key")
        self._primary = listed[0]
        self._primary_id = _fingerprint(self._primary)
        self._primary_cipher = AESGCM(self._primary)  # reused: wrapping keys in bulk
        self._by_fingerprint = {_fingerprint(key): key for key in listed}

    def seal(self, plaintext: bytes, context: bytes, nonce: bytes | None = None) -> bytes:
        """Encrypt and authenticate; ``context`` binds the result to its owner.

        ``nonce``, for bulk callers, is a fresh one from ``Nonces`` (never one used before).
        """
        if nonce is None:
            nonce = os.urandom(_NONCE_BYTES)
        elif len(nonce) != _NONCE_BYTES:
            raise ValueError("a nonce is 12 bytes")
        sealed = self._primary_cipher.encrypt(nonce, plaintext, context)
        return _FORMAT + self._primary_id + nonce + sealed

    def open(self, blob: bytes, context: bytes) -> bytes:
        """Decrypt what ``seal`` produced with the same context."""
        if len(blob) < 1 + 4 + _NONCE_BYTES + 16 or blob[:1] != _FORMAT:
            raise DecryptionError("not sealed data")
        key = self._by_fingerprint.get(bytes(blob[1:5]))
        if key is None:
            raise DecryptionError("sealed with a key this installation no longer holds")
        nonce, sealed = bytes(blob[5 : 5 + _NONCE_BYTES]), bytes(blob[5 + _NONCE_BYTES :])
        try:
            return AESGCM(key).decrypt(nonce, sealed, context)
        except InvalidTag as error:
            raise DecryptionError("sealed data was altered or belongs elsewhere") from error

    def is_current(self, blob: bytes) -> bool:
        """True when ``blob`` was sealed with the newest key."""
        return bytes(blob[1:5]) == _fingerprint(self._primary)


@lru_cache(maxsize=1)
def keyring() -> Keyring:
    """The installation's keyring, from settings."""
    return Keyring(settings.UJUZI.encryption_keys)


def subject_context(subject_id: uuid.UUID) -> bytes:
    """What binds a wrapped data key to its subject."""
    return b"ujuzi data key:" + subject_id.bytes


def data_keys_for(
    subject_ids: Iterable[uuid.UUID], *, create: bool = True
) -> dict[uuid.UUID, bytes | None]:
    """Each subject's data key, creating missing ones when asked; ``None`` when shredded.

    With ``create=False`` a subject that never had a key is left out of the result.
    """
    wanted = set(subject_ids)
    if not wanted:
        return {}
    ring = keyring()
    found: dict[uuid.UUID, DataKey] = {}
    ordered = sorted(wanted, key=str)
    for start in range(0, len(ordered), MAX_IN_LIST):
        chunk = ordered[start : start + MAX_IN_LIST]
        found.update((row.subject_id, row) for row in DataKey.objects.filter(subject_id__in=chunk))
    keys: dict[uuid.UUID, bytes | None] = {}
    if create:
        keys.update(data_keys_new(sorted(wanted - found.keys())))
    for subject, row in found.items():
        wrapped = bytes(row.wrapped_key)
        keys[subject] = ring.open(wrapped, subject_context(subject)) if wrapped else None
    return keys


def data_keys_new(subject_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, bytes]:
    """A new random data key for each subject, stored wrapped; the subjects must have none.

    For records created in this transaction (a new UUIDv7 cannot have a key yet), so no
    look-up runs: bulk writes create a hundred thousand people at once. Every person still
    gets a key of their own, drawn from one read of the system's random source and wrapped
    individually; nothing they are derived from is kept, so shredding one key erases that
    person alone. Should a subject have a key after all, its primary key refuses the insert
    and the caller's transaction fails: an existing or shredded key is never replaced.
    """
    if not subject_ids:
        return {}
    ring = keyring()
    randomness = os.urandom(_KEY_BYTES * len(subject_ids))
    keys = {
        subject: randomness[index * _KEY_BYTES : (index + 1) * _KEY_BYTES]
        for index, subject in enumerate(subject_ids)
    }
    if len(keys) != len(subject_ids):
        raise ValueError("a subject is listed twice")
    now = timezone.now()
    nonces = Nonces()
    BulkInserter(DataKey).insert_rows(
        (subject, ring.seal(key, subject_context(subject), nonces.take()), now, None)
        for subject, key in keys.items()
    )
    return keys


def seal_values(key: bytes, subject_id: uuid.UUID, values: Mapping[str, Any]) -> bytes:
    """Seal a JSON-able mapping of personal values under one subject's data key."""
    plaintext = _VALUES_JSON.encode(values).encode()
    nonce = os.urandom(_NONCE_BYTES)
    return _FORMAT + nonce + AESGCM(key).encrypt(nonce, plaintext, subject_id.bytes)


class Sealer:
    """Seals personal values for many records, making each subject's cipher only once.

    A bulk write seals a person's record and their sensitive record with the same key;
    the cipher object (the key schedule) is kept for the next record of that subject.
    """

    def __init__(self, keys: Mapping[uuid.UUID, bytes | None], *, remember: bool = True) -> None:
        """``remember=False`` when each subject is sealed once: a cipher costs memory."""
        self.keys = keys
        self.remember = remember
        self._ciphers: dict[uuid.UUID, AESGCM] = {}
        self._nonces = Nonces()

    def seal(self, subject_id: uuid.UUID | None, values: Mapping[str, Any]) -> bytes:
        """What ``seal_values`` gives; refuses a subject without a key (erased or unknown)."""
        return self.seal_text(subject_id, _VALUES_JSON.encode(values).encode())

    def seal_text(self, subject_id: uuid.UUID | None, plaintext: bytes) -> bytes:
        """Seal values already encoded as ``seal_values`` encodes them (sorted, compact)."""
        cipher = self._ciphers.get(subject_id) if subject_id is not None else None
        if cipher is None:
            key = self.keys.get(subject_id) if subject_id is not None else None
            if key is None:
                raise ValueError(f"data subject {subject_id} is missing or erased")
            cipher = AESGCM(key)
            if self.remember:
                self._ciphers[subject_id] = cipher  # type: ignore[index]
        nonce = self._nonces.take()
        return _FORMAT + nonce + cipher.encrypt(nonce, plaintext, subject_id.bytes)  # type: ignore[union-attr]


def open_values(
    subject_id: uuid.UUID, blob: bytes, keys: Mapping[uuid.UUID, bytes | None] | None = None
) -> dict[str, Any] | None:
    """Open sealed personal values; ``None`` once the subject has been erased.

    ``keys`` may hold keys already fetched with ``data_keys_for(..., create=False)``, so
    that reading many entries costs one query per chunk rather than one per entry.
    """
    if keys is None:
        keys = data_keys_for([subject_id], create=False)
    key = keys.get(subject_id)
    if key is None:
        return None
    data = bytes(blob)
    nonce, sealed = data[1 : 1 + _NONCE_BYTES], data[1 + _NONCE_BYTES :]
    try:
        return dict(json.loads(AESGCM(key).decrypt(nonce, sealed, subject_id.bytes)))
    except InvalidTag as error:
        raise DecryptionError("sealed personal values were altered") from error


@transaction.atomic
def shred_data_key(subject_id: uuid.UUID) -> None:
    """Destroy a subject's data key so that nothing sealed with it can be read again."""
    DataKey.objects.update_or_create(
        subject_id=subject_id,
        defaults={"wrapped_key": b"", "shredded_at": timezone.now()},
    )


def rewrap_data_keys(batch_size: int = 1000) -> int:
    """Re-wrap every data key with the newest key-encryption key; return how many moved."""
    ring = keyring()
    moved = 0
    pending = DataKey.objects.exclude(wrapped_key=b"").order_by("subject_id")
    for row in pending.iterator(chunk_size=batch_size):
        wrapped = bytes(row.wrapped_key)
        if ring.is_current(wrapped):
            continue
        context = subject_context(row.subject_id)
        row.wrapped_key = ring.seal(ring.open(wrapped, context), context)
        row.save(update_fields=["wrapped_key"])
        moved += 1
    return moved
