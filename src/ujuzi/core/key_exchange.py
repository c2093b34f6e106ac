"""People's data keys travel between nodes wrapped for the node that receives them.

A person has one data key for the whole programme, made where the person is first
registered. When a node sends sealed values to a peer, it sends the key too, wrapped for
that peer alone: an X25519 exchange with a fresh ephemeral key and the peer's public key,
HKDF-SHA256 to an AES-256-GCM key, the person's id as associated data (Ed25519 keys, which
the audit checkpoints use, sign but cannot encrypt). The receiver unwraps it with its
private key and stores it wrapped with its own keyring, as if made there. A key that was
shredded here is never taken in again, so a node that has not yet heard of an erasure
cannot bring the person's data back to one that has.
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.db import transaction
from django.utils import timezone

from ujuzi.core import crypto
from ujuzi.core.models import DataKey, Node
from ujuzi.core.node import local_node

_RAW = serialization.Encoding.Raw
_NONCE = 12
_KEY = 32


def _private_context(node: Node) -> bytes:
    return b"ujuzi node exchange key:" + node.id.bytes


@transaction.atomic
def node_exchange_key() -> X25519PrivateKey:
    """The local node's X25519 private key, made and stored (sealed) on first use."""
    node = Node.objects.select_for_update().get(pk=local_node().pk)
    ring = crypto.keyring()
    if node.exchange_private_key:
        raw = ring.open(bytes(node.exchange_private_key), _private_context(node))
        return X25519PrivateKey.from_private_bytes(raw)
    private = X25519PrivateKey.generate()
    raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    node.exchange_private_key = ring.seal(raw, _private_context(node))
    node.exchange_public_key = (
        private.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw).hex()
    )
    node.save(update_fields=["exchange_private_key", "exchange_public_key"])
    return private


def node_exchange_public_key() -> str:
    """The local node's public key, hex, for peers to register."""
    node_exchange_key()
    return str(local_node().exchange_public_key)


def _derived(shared: bytes, subject: uuid.UUID) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=_KEY, salt=None, info=b"ujuzi data key" + subject.bytes
    ).derive(shared)


def key_wrap(public_hex: str, subject: uuid.UUID, key: bytes) -> bytes:
    """``key`` wrapped so that only the holder of ``public_hex``'s private key opens it."""
    ephemeral = X25519PrivateKey.generate()
    peer = X25519PublicKey.from_public_bytes(bytes.fromhex(public_hex))
    nonce = os.urandom(_NONCE)
    sealed = AESGCM(_derived(ephemeral.exchange(peer), subject)).encrypt(nonce, key, subject.bytes)
    return (
        ephemeral.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw) + nonce + sealed
    )


def key_unwrap(private: X25519PrivateKey, subject: uuid.UUID, blob: bytes) -> bytes:
    """The key inside a wrapping made for this node; ``DecryptionError`` otherwise."""
    if len(blob) != 32 + _NONCE + _KEY + 16:
        raise crypto.DecryptionError("a wrapped data key has the wrong length")
    ephemeral = X25519PublicKey.from_public_bytes(blob[:32])
    nonce, sealed = blob[32 : 32 + _NONCE], blob[32 + _NONCE :]
    try:
        return AESGCM(_derived(private.exchange(ephemeral), subject)).decrypt(
            nonce, sealed, subject.bytes
        )
    except InvalidTag as error:
        raise crypto.DecryptionError("a wrapped data key was not made for this node") from error


def data_keys_wrapped_for(peer: Node, subjects: Iterable[uuid.UUID]) -> list[dict[str, str]]:
    """The live data keys of ``subjects`` that this node holds, wrapped for ``peer``."""
    if not peer.exchange_public_key:
        raise ValueError(f"node {peer.name} has no exchange key registered")
    keys = crypto.data_keys_for(set(subjects), create=False)
    return [
        {
            "subject_id": str(subject),
            "wrapped": base64.b64encode(key_wrap(peer.exchange_public_key, subject, key)).decode(),
        }
        for subject, key in sorted(keys.items(), key=lambda item: str(item[0]))
        if key is not None
    ]


def data_keys_take(grants: Sequence[Mapping[str, Any]]) -> int:
    """Store the keys wrapped for this node; return how many were new here.

    A subject that already has a key here, live or shredded, keeps it: a shredded key is
    never brought back. Raises ``DecryptionError`` or ``ValueError`` on a bad grant.
    """
    if not grants:
        return 0
    private = node_exchange_key()
    opened: dict[uuid.UUID, bytes] = {}
    for grant in grants:
        subject = uuid.UUID(str(grant["subject_id"]))
        opened[subject] = key_unwrap(private, subject, base64.b64decode(str(grant["wrapped"])))
    held = set(DataKey.objects.filter(subject_id__in=opened).values_list("subject_id", flat=True))
    ring = crypto.keyring()
    new = [
        DataKey(
            subject_id=subject,
            wrapped_key=ring.seal(key, crypto.subject_context(subject)),
            created_at=timezone.now(),
        )
        for subject, key in opened.items()
        if subject not in held
    ]
    DataKey.objects.bulk_create(new)
    return len(new)
