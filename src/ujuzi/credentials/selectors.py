"""Reads of the issuer's public identity: its DID, its DID document and its keys.

The issuer's identity is public by design; a learner's certificates are read only by
that learner (``credentials_of_learner``), and the verification page reads one
certificate by its key without any person data.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db.models import QuerySet

from ujuzi.credentials.contexts import DID_V1, MULTIKEY_V1
from ujuzi.credentials.models import Credential, IssuerKey
from ujuzi.credentials.multikey import public_key_from_multibase
from ujuzi.delivery.selectors import own_person


def did_web_for(public_url: str) -> str:
    """``did:web`` of an https or http address: host, ``%3A`` before a port, path by ':'."""
    parts = urlsplit(public_url)
    if not parts.hostname:
        raise ValueError(f"not an address with a host: {public_url!r}")
    host = parts.hostname.lower()
    if parts.port is not None:
        host = f"{host}%3A{parts.port}"
    segments = [quote(segment, safe="") for segment in parts.path.split("/") if segment]
    return ":".join(["did", "web", host, *segments])


def issuer_did() -> str:
    """The issuer of this installation, from ``UJUZI_PUBLIC_URL`` (``did:web:<host>``)."""
    return did_web_for(settings.UJUZI.public_url)


def did_document() -> dict[str, Any]:
    """The DID document: every key, current and retired, for assertions."""
    did = issuer_did()
    methods = [
        {
            "id": f"{did}#{key.key_id}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public_key_multibase,
        }
        for key in IssuerKey.objects.order_by("number")
    ]
    return {
        "@context": [DID_V1, MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def issuer_public_key(verification_method: str) -> Ed25519PublicKey | None:
    """The public key behind ``<did>#key-N`` of this issuer, or ``None``."""
    did, _, fragment = verification_method.partition("#")
    if did != issuer_did() or not fragment.startswith("key-"):
        return None
    number = fragment.removeprefix("key-")
    if not number.isascii() or not number.isdigit() or len(number) > 9:
        return None
    key = IssuerKey.objects.filter(number=int(number)).first()
    return public_key_from_multibase(key.public_key_multibase) if key is not None else None


def credential_public(credential_pk: uuid.UUID) -> Credential | None:
    """A live certificate by its key, for the public verification page (no person data)."""
    return Credential.objects.select_related("course").filter(pk=credential_pk).first()


def credentials_of_learner(user: object) -> QuerySet[Credential]:
    """The signed-in learner's own certificates, newest first (none for other logins)."""
    person = own_person(user)
    if person is None:
        return Credential.objects.none()
    return Credential.objects.filter(person=person).select_related("course")


def credential_own_get(user: object, credential_pk: uuid.UUID) -> Credential | None:
    """One of the signed-in learner's own certificates, or ``None`` (then a 404)."""
    return credentials_of_learner(user).filter(pk=credential_pk).first()
