"""Signing and verifying Open Badges credentials (eddsa-rdfc-2022, RDFC-1.0)."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from harness import Run
from ujuzi.credentials.documents import open_badge, recipient_identity_hash
from ujuzi.credentials.proofs import proof_add
from ujuzi.credentials.selectors import issuer_did
from ujuzi.credentials.services import issuer_key_current
from ujuzi.credentials.verify import credential_verify

_SIGNED_AT = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
_NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


def _badge(number: int) -> dict[str, Any]:
    salt = f"salt-{number}"
    return open_badge(
        credential_id=f"urn:uuid:0190a3c4-5b6d-7e8f-9a0b-{number:012d}",
        issuer_did=issuer_did(),
        issuer_name="Kenya School of Government",
        achievement={
            "id": "https://ujuzi.example.go.ke/courses/CYB-101/",
            "type": ["Achievement"],
            "name": "Cyber hygiene for public servants",
            "description": "Completed the cyber hygiene course.",
            "criteria": {"narrative": "Attended 80% of sessions and passed the final check."},
        },
        recipient_hash=recipient_identity_hash(f"learner{number}@example.go.ke", salt),
        salt=salt,
        valid_from=datetime.datetime(2026, 11, 30, tzinfo=datetime.UTC),
    )


def credential_sign(size: int) -> Run:
    """``proof_add`` on ``size`` different credentials with the current key."""
    key = issuer_key_current()
    documents = [_badge(number) for number in range(size)]
    signed: list[dict[str, Any]] = []

    def timed() -> int:
        signed.extend(
            proof_add(
                document,
                private_key=key.private_key,
                verification_method=key.verification_method,
                created=_SIGNED_AT,
            )
            for document in documents
        )
        return len(signed)

    def check(count: int) -> None:
        if count != size or credential_verify(signed[-1], now=_NOW).status != "valid":
            raise AssertionError("a signed credential does not verify")

    return Run(timed, check)


def credential_verify_one(size: int) -> Run:
    """``credential_verify`` of one signed credential, ``size`` times (key look-up included)."""
    key = issuer_key_current()
    signed = proof_add(
        _badge(0),
        private_key=key.private_key,
        verification_method=key.verification_method,
        created=_SIGNED_AT,
    )
    credential_verify(copy.deepcopy(signed), now=_NOW)  # warm the processed contexts
    verdicts: list[str] = []

    def timed() -> int:
        verdicts.extend(credential_verify(signed, now=_NOW).status for _ in range(size))
        return size

    def check(count: int) -> None:
        if verdicts.count("valid") != count:
            raise AssertionError("a genuine credential did not verify")

    return Run(timed, check)
