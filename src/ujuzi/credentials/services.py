"""Writes of the issuer's identity: the first key on demand, key rotation, and rewrapping.

Issuer keys are local records (see ``models.py``), so they are not journaled; each new
key is still written to the audit chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
)
from django.db import IntegrityError, transaction

from ujuzi.core.audit import audit_append
from ujuzi.core.crypto import keyring
from ujuzi.credentials.models import IssuerKey
from ujuzi.credentials.multikey import public_key_multibase
from ujuzi.credentials.selectors import issuer_did


@dataclass(frozen=True)
class SigningKey:
    """The current key, opened: what signing needs and nothing kept in the database."""

    verification_method: str
    private_key: Ed25519PrivateKey


def _context(public_multibase: str) -> bytes:
    # Binds the sealed private key to its public key: a sealed blob moved to another
    # row does not open.
    return b"ujuzi issuer key:" + public_multibase.encode()


def _create(number: int) -> IssuerKey:
    private_key = Ed25519PrivateKey.generate()
    public = public_key_multibase(private_key.public_key())
    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    key = IssuerKey(
        number=number,
        public_key_multibase=public,
        private_key_sealed=keyring().seal(raw, _context(public)),
    )
    key.full_clean()
    key.save(force_insert=True)
    audit_append(
        action="credentials.issuer_key.create",
        model=IssuerKey._meta.label_lower,
        record_id=key.pk,
        field_names=["number", "public_key_multibase"],
        details={"key_id": key.key_id},
    )
    return key


def _current() -> IssuerKey | None:
    return IssuerKey.objects.filter(is_retired=False).order_by("-number").first()


def issuer_key_current() -> SigningKey:
    """The key that signs now; the first key is created on first use."""
    key = _current()
    if key is None:
        try:
            with transaction.atomic():
                key = _create(1)
        except IntegrityError:  # another process created it at the same moment
            key = _current()
            if key is None:
                raise
    return _opened(key)


@transaction.atomic
def issuer_key_rotate() -> SigningKey:
    """Add a new key that signs from now on; the older keys stay published."""
    latest = IssuerKey.objects.select_for_update().order_by("-number").first()
    IssuerKey.objects.filter(is_retired=False).update(is_retired=True)
    key = _create(latest.number + 1 if latest is not None else 1)
    return _opened(key)


@transaction.atomic
def issuer_keys_rewrap() -> int:
    """Seal every issuer key's private half with the newest encryption key; how many moved.

    Part of ``ujuzi keys rewrap``: afterwards the older encryption key may leave
    ``UJUZI_ENCRYPTION_KEYS`` and signing still works. Each move is audited.
    """
    ring = keyring()
    moved = 0
    for key in IssuerKey.objects.select_for_update().order_by("number"):
        sealed = bytes(key.private_key_sealed)
        if ring.is_current(sealed):
            continue
        context = _context(key.public_key_multibase)
        key.private_key_sealed = ring.seal(ring.open(sealed, context), context)
        key.save(update_fields=["private_key_sealed"])
        audit_append(
            action="credentials.issuer_key.rewrap",
            model=IssuerKey._meta.label_lower,
            record_id=key.pk,
            field_names=["private_key_sealed"],
            details={"key_id": key.key_id},
        )
        moved += 1
    return moved


def _opened(key: IssuerKey) -> SigningKey:
    raw = keyring().open(bytes(key.private_key_sealed), _context(key.public_key_multibase))
    return SigningKey(
        verification_method=f"{issuer_did()}#{key.key_id}",
        private_key=Ed25519PrivateKey.from_private_bytes(raw),
    )
