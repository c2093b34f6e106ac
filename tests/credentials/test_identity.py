"""The issuer's did:web identity, its keys, rotation, and the DID document."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.credentials.conftest import sign, unsigned_badge
from ujuzi.core.models import AuditEntry
from ujuzi.credentials.models import IssuerKey
from ujuzi.credentials.multikey import public_key_from_multibase, public_key_multibase
from ujuzi.credentials.selectors import did_web_for, issuer_did, issuer_public_key
from ujuzi.credentials.services import issuer_key_current
from ujuzi.credentials.verify import credential_verify

NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("url", "did"),
    [
        ("https://ujuzi.go.ke", "did:web:ujuzi.go.ke"),
        ("https://Ujuzi.GO.ke/", "did:web:ujuzi.go.ke"),
        ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000"),
        ("https://example.org/programmes/ujuzi", "did:web:example.org:programmes:ujuzi"),
    ],
)
def test_did_web_follows_the_public_address(url: str, did: str) -> None:
    assert did_web_for(url) == did


def test_issuer_did_uses_the_installations_public_url(settings: Any) -> None:
    settings.UJUZI = dataclasses.replace(settings.UJUZI, public_url="https://ujuzi.ksg.ac.ke")

    assert issuer_did() == "did:web:ujuzi.ksg.ac.ke"


def test_the_first_key_is_made_on_first_use_and_then_kept(db: Any) -> None:
    first = issuer_key_current()
    again = issuer_key_current()

    assert first.verification_method == "did:web:127.0.0.1%3A8000#key-1"
    assert again.verification_method == first.verification_method
    assert IssuerKey.objects.count() == 1
    assert AuditEntry.objects.filter(action="credentials.issuer_key.create").count() == 1


def test_the_private_key_is_not_stored_in_clear(db: Any) -> None:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    key = issuer_key_current()
    raw = key.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM credentials_issuerkey")
        (row,) = cursor.fetchall()
    stored = b"".join(
        bytes(value) if isinstance(value, bytes | memoryview) else str(value).encode()
        for value in row
    )

    assert raw not in stored
    assert raw.hex().encode() not in stored
    assert len(bytes(IssuerKey.objects.get().private_key_sealed)) > len(raw)


def test_rotation_keeps_old_credentials_valid_and_signs_new_ones_with_the_new_key(
    db: Any, capsys: Any
) -> None:
    old = sign(unsigned_badge())

    call_command("credentials", "rotate-key")
    new = sign(unsigned_badge(credential_id="urn:uuid:0190a3c4-5b6d-7e8f-9a0b-000000000002"))

    assert "did:web:127.0.0.1%3A8000#key-2" in capsys.readouterr().out
    assert old["proof"][0]["verificationMethod"].endswith("#key-1")
    assert new["proof"][0]["verificationMethod"].endswith("#key-2")
    assert credential_verify(old, now=NOW).status == "valid"
    assert credential_verify(new, now=NOW).status == "valid"
    assert list(IssuerKey.objects.values_list("number", "is_retired")) == [(1, True), (2, False)]


def test_the_did_document_lists_every_key_for_assertions(db: Any, client: Client) -> None:
    issuer_key_current()
    call_command("credentials", "rotate-key", stdout=None)
    keys = list(IssuerKey.objects.order_by("number"))

    response = client.get("/.well-known/did.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/did+json"
    did = "did:web:127.0.0.1%3A8000"
    assert response.json() == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": f"{did}#key-{key.number}",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.public_key_multibase,
            }
            for key in keys
        ],
        "assertionMethod": [f"{did}#key-1", f"{did}#key-2"],
    }


def test_the_did_document_needs_no_login_and_makes_a_first_key(db: Any, client: Client) -> None:
    response = client.get("/.well-known/did.json")

    assert response.status_code == 200
    (method,) = response.json()["verificationMethod"]
    assert method["publicKeyMultibase"].startswith("z6Mk")
    assert client.post("/.well-known/did.json").status_code == 405


@pytest.mark.parametrize(
    "method",
    [
        "did:web:other.example#key-1",
        "did:web:127.0.0.1%3A8000#key-7",
        "did:web:127.0.0.1%3A8000#key-",
        "did:web:127.0.0.1%3A8000#key-\uff11",  # a full-width digit one
        "did:web:127.0.0.1%3A8000#key-99999999999999999999",
        "did:web:127.0.0.1%3A8000",
        "did:web:127.0.0.1%3A8000#other",
    ],
)
def test_unknown_verification_methods_resolve_to_nothing(db: Any, method: str) -> None:
    issuer_key_current()

    assert issuer_public_key(method) is None


def test_the_current_key_resolves_to_its_public_key(db: Any) -> None:
    key = issuer_key_current()

    found = issuer_public_key(key.verification_method)

    assert found is not None
    assert public_key_multibase(found) == public_key_multibase(key.private_key.public_key())
    assert public_key_from_multibase(IssuerKey.objects.get().public_key_multibase)


def test_rotating_before_any_key_exists_makes_the_first(db: Any) -> None:
    from ujuzi.credentials.services import issuer_key_rotate

    key = issuer_key_rotate()

    assert key.verification_method == "did:web:127.0.0.1%3A8000#key-1"
    assert issuer_key_current().verification_method == key.verification_method
