"""A second issuer, made in the test: its own Ed25519 key, DID document and credentials."""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.credentials.conftest import SIGNED_AT, unsigned_badge
from ujuzi.credentials.contexts import DID_V1, MULTIKEY_V1
from ujuzi.credentials.multikey import public_key_multibase
from ujuzi.credentials.proofs import proof_add

PARTNER_DID = "did:web:partner.example.rw"


@dataclass
class Partner:
    """Another installation's issuer."""

    did: str = PARTNER_DID
    private_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def key_id(self) -> str:
        return f"{self.did}#key-1"

    @property
    def public_multibase(self) -> str:
        return public_key_multibase(self.private_key.public_key())

    def did_document(self) -> dict[str, Any]:
        return {
            "@context": [DID_V1, MULTIKEY_V1],
            "id": self.did,
            "verificationMethod": [
                {
                    "id": self.key_id,
                    "type": "Multikey",
                    "controller": self.did,
                    "publicKeyMultibase": self.public_multibase,
                }
            ],
            "assertionMethod": [self.key_id],
        }

    def badge(self, **overrides: Any) -> dict[str, Any]:
        unsigned = unsigned_badge(
            issuer_did=self.did, issuer_name="Rwanda Management Institute", **overrides
        )
        return self.sign(unsigned)

    def sign(self, unsigned: dict[str, Any], *, key: Ed25519PrivateKey | None = None) -> Any:
        return proof_add(
            copy.deepcopy(unsigned),
            private_key=key or self.private_key,
            verification_method=self.key_id,
            created=SIGNED_AT,
        )


def status_entry(list_url: str, index: int = 7) -> dict[str, Any]:
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
