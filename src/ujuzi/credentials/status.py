"""The revocation status list: which certificates this issuer has revoked.

Published as a W3C Bitstring Status List v1.0 credential: bit *i* (left-most bit of the
first byte is 0) is set when the certificate holding index *i* of the list is revoked.
The list has 131,072 entries (16 KiB) before GZIP, the specification's minimum, so that
one learner's revocation hides among many. Verification in this installation reads the
same facts from the database and fetches nothing.
"""

from __future__ import annotations

import base64
import gzip
from typing import Any

from django.utils import timezone

from ujuzi.credentials.contexts import VC_V2
from ujuzi.credentials.documents import timestamp
from ujuzi.credentials.issuing import STATUS_LIST_SIZE, status_list_url
from ujuzi.credentials.models import Credential, StatusListRange
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.selectors import issuer_did
from ujuzi.credentials.services import issuer_key_current


def encoded_list(revoked_indexes: list[int], size: int = STATUS_LIST_SIZE) -> str:
    """Multibase base64url (prefix ``u``, no padding) of the GZIP-compressed bitstring."""
    bits = bytearray(size // 8)
    for index in revoked_indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: the same list, the same bytes
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decoded_list(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (for tests and other verifiers' lists)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList must be multibase base64url ('u')")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit_is_set(bitstring: bytes, index: int) -> bool:
    """Bit ``index`` of a status list, counted from the left of the first byte."""
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))


def status_list_exists(list_id: str) -> bool:
    """True when some range of this list has been handed out."""
    return StatusListRange.all_objects.filter(list_id=list_id).exists()


def status_list_credential(list_id: str) -> dict[str, Any]:
    """The signed ``BitstringStatusListCredential`` of one list, as it stands now."""
    revoked = list(
        Credential.all_objects.filter(status_list_id=list_id, revoked_at__isnull=False).values_list(
            "status_list_index", flat=True
        )
    )
    url = status_list_url(list_id)
    now = timezone.now()
    document: dict[str, Any] = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": timestamp(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked),
        },
    }
    key = issuer_key_current()
    return proof_add(
        document,
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=now,
    )


def revocation_of(entry: Any) -> tuple[bool, str] | None:
    """For a ``credentialStatus`` entry naming one of our lists: (revoked, reason).

    ``None`` when the entry is not a revocation entry of this installation's lists.
    """
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        return None
    if entry.get("statusPurpose") != "revocation":
        return None
    list_url, index = entry.get("statusListCredential"), entry.get("statusListIndex")
    prefix = status_list_url("")
    if not isinstance(list_url, str) or not list_url.startswith(prefix):
        return None
    if not isinstance(index, str) or not index.isascii() or not index.isdigit() or len(index) > 9:
        return None
    list_id = list_url.removeprefix(prefix)
    found = (
        Credential.all_objects.filter(
            status_list_id=list_id, status_list_index=int(index), revoked_at__isnull=False
        )
        .values_list("revoked_at", "revocation_reason")
        .first()
    )
    if found is None:
        return False, ""
    revoked_at, reason = found
    day = revoked_at.date().isoformat() if revoked_at is not None else ""
    return True, f"revoked on {day}: {reason}"
