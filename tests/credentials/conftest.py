"""A signed Open Badges credential from this installation's issuer."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from ujuzi.credentials.documents import open_badge, recipient_identity_hash
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.selectors import issuer_did
from ujuzi.credentials.services import issuer_key_current

SIGNED_AT = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
ACHIEVEMENT: dict[str, Any] = {
    "id": "https://ujuzi.example.go.ke/courses/CYB-101/",
    "type": ["Achievement"],
    "name": "Cyber hygiene for public servants",
    "description": "Completed the cyber hygiene course at KSG Mombasa.",
    "criteria": {"narrative": "Attended 80% of sessions and passed the final check."},
}


def unsigned_badge(**overrides: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {
        "credential_id": "urn:uuid:0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b",
        "issuer_did": issuer_did(),
        "issuer_name": "Kenya School of Government",
        "achievement": ACHIEVEMENT,
        "recipient_hash": recipient_identity_hash("wanjiku@example.go.ke", "pepper-1"),
        "salt": "pepper-1",
        "valid_from": datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
    }
    arguments.update(overrides)
    return open_badge(**arguments)


def sign(document: dict[str, Any]) -> dict[str, Any]:
    key = issuer_key_current()
    return proof_add(
        document,
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=SIGNED_AT,
    )


@pytest.fixture
def signed_badge(db: Any) -> dict[str, Any]:
    return sign(unsigned_badge())
