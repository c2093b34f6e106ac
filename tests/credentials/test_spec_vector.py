"""The eddsa-rdfc-2022 test vector of W3C vc-di-eddsa 1.0 (appendix B.1), byte for byte.

The vector's credential uses the VC examples context, which Ujuzi does not ship; the test
lends it to the loader (``{"@vocab": …examples#}``, the document at that address) and
forgets it afterwards.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

from ujuzi.credentials import contexts
from ujuzi.credentials.canonical import canonicalize
from ujuzi.credentials.multikey import multibase_decode, public_key_multibase
from ujuzi.credentials.proofs import proof_add, proof_verify

EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
METHOD = f"did:key:{PUBLIC}#{PUBLIC}"
PROOF_VALUE = (
    "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
)
CREDENTIAL: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2", EXAMPLES_V2],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}


@pytest.fixture(autouse=True)
def examples_context(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    shipped_load = contexts.load

    def load(url: str) -> dict[str, Any]:
        if url == EXAMPLES_V2:
            return {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}
        return shipped_load(url)

    monkeypatch.setattr(contexts, "load", load)
    jsonld._resolved_context_cache.clear()
    yield
    jsonld._resolved_context_cache.clear()


def _spec_key() -> Ed25519PrivateKey:
    secret = multibase_decode(SECRET)
    assert secret[:2] == b"\x80\x26"  # multicodec ed25519-priv
    return Ed25519PrivateKey.from_private_bytes(secret[2:])


def test_the_spec_key_pair_matches() -> None:
    assert public_key_multibase(_spec_key().public_key()) == PUBLIC


def test_the_canonical_document_hash_matches_the_spec() -> None:
    digest = hashlib.sha256(canonicalize(CREDENTIAL).encode()).hexdigest()

    assert digest == "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"


def test_signing_gives_the_specs_proof_value() -> None:
    signed = proof_add(
        CREDENTIAL,
        private_key=_spec_key(),
        verification_method=METHOD,
        created=datetime.datetime(2023, 2, 24, 23, 36, 38, tzinfo=datetime.UTC),
    )

    assert signed["proof"] == [
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": METHOD,
            "proofPurpose": "assertionMethod",
            "proofValue": PROOF_VALUE,
        }
    ]


def test_the_specs_signed_credential_verifies_with_its_proof_as_an_object() -> None:
    signed = {
        **CREDENTIAL,
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2023-02-24T23:36:38Z",
            "verificationMethod": METHOD,
            "proofPurpose": "assertionMethod",
            "proofValue": PROOF_VALUE,
        },
    }
    public_key = _spec_key().public_key()

    check = proof_verify(
        signed, resolve_key=lambda method: public_key if method == METHOD else None
    )

    assert check.valid, check.reason
