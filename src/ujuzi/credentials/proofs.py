"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C vc-di-eddsa 1.0).

Signing, as the specification's sections 3.2.4 to 3.2.6 say: the proof configuration (the
proof's options with the document's ``@context``) and the document without its proof
are each canonicalised with RDFC-1.0 and hashed with SHA-256; the signature is Ed25519
over ``proofConfigHash + transformedDocumentHash``; ``proofValue`` is multibase
base58btc. The proof is written as a one-element list because the Open Badges 3.0 JSON
Schema wants a list. See docs/adr/0004-credential-proofs.md.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ujuzi.credentials.canonical import CanonicalisationError, UnknownTermError, canonicalize
from ujuzi.credentials.multikey import multibase_decode, multibase_encode

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"
_PROOF_OPTION_KEYS = frozenset(
    {"type", "cryptosuite", "created", "verificationMethod", "proofPurpose", "proofValue"}
)


@dataclass(frozen=True)
class ProofCheck:
    """The outcome of checking a proof: ``valid``, and in plain words why not."""

    valid: bool
    reason: str


def _timestamp(moment: datetime.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("the proof's creation time must carry a time zone")
    return moment.astimezone(datetime.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _hash_data(document: dict[str, Any], options: dict[str, Any]) -> bytes:
    """``proofConfigHash + transformedDocumentHash`` for a document without its proof."""
    config = {"@context": document["@context"], **options}
    config_hash = hashlib.sha256(canonicalize(config).encode()).digest()
    document_hash = hashlib.sha256(canonicalize(document).encode()).digest()
    return config_hash + document_hash


def proof_add(
    document: dict[str, Any],
    *,
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: datetime.datetime,
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """A copy of ``document`` with an eddsa-rdfc-2022 proof (as a list of one) added."""
    if "proof" in document:
        raise ValueError("the document already carries a proof")
    unsecured = copy.deepcopy(document)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": _timestamp(created),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    signature = private_key.sign(_hash_data(unsecured, options))
    return {**unsecured, "proof": [{**options, "proofValue": multibase_encode(signature)}]}


def _check_one(
    unsecured: dict[str, Any],
    proof: Any,
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    proof_purpose: str,
) -> ProofCheck:
    if not isinstance(proof, dict):
        return ProofCheck(False, "malformed proof: a proof must be a JSON object")
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return ProofCheck(False, "unsupported cryptosuite (only eddsa-rdfc-2022)")
    unknown = sorted(set(proof) - _PROOF_OPTION_KEYS)
    if unknown:
        return ProofCheck(False, f"malformed proof: unexpected field(s) {', '.join(unknown)}")
    for name in ("created", "verificationMethod", "proofPurpose", "proofValue"):
        if not isinstance(proof.get(name), str):
            return ProofCheck(False, f"malformed proof: {name} is missing or not text")
    if proof["proofPurpose"] != proof_purpose:
        return ProofCheck(False, f"wrong proof purpose: {proof['proofPurpose']!r}")
    try:
        datetime.datetime.fromisoformat(proof["created"].replace("Z", "+00:00"))
    except ValueError:
        return ProofCheck(False, "malformed proof: created is not a date and time")
    public_key = resolve_key(proof["verificationMethod"])
    if public_key is None:
        return ProofCheck(False, "unknown verification method")
    try:
        signature = multibase_decode(proof["proofValue"])
    except ValueError:
        return ProofCheck(False, "malformed proof value")
    if len(signature) != 64:
        return ProofCheck(False, "malformed proof value")
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    try:
        public_key.verify(signature, _hash_data(unsecured, options))
    except InvalidSignature:
        return ProofCheck(
            False, "the signature does not match: the credential was changed after it was signed"
        )
    return ProofCheck(True, "the signature matches")


def proof_verify(
    document: dict[str, Any],
    *,
    resolve_key: Callable[[str], Ed25519PublicKey | None],
    proof_purpose: str = "assertionMethod",
) -> ProofCheck:
    """Check every eddsa-rdfc-2022 proof on ``document``; all must hold.

    ``resolve_key`` turns a verification method id into its public key, or ``None``
    when the method is unknown (or not allowed for ``proof_purpose``).
    """
    if not isinstance(document, dict):
        return ProofCheck(False, "malformed: a credential must be a JSON object")
    if "@context" not in document:
        return ProofCheck(False, "malformed: the credential has no @context")
    proofs = document.get("proof")
    if proofs is None or proofs == []:
        return ProofCheck(False, "no proof")
    if not isinstance(proofs, list):
        proofs = [proofs]
    unsecured = {key: value for key, value in document.items() if key != "proof"}
    try:
        for proof in proofs:
            check = _check_one(unsecured, proof, resolve_key, proof_purpose)
            if not check.valid:
                return check
    except UnknownTermError as error:
        return ProofCheck(False, str(error))
    except CanonicalisationError as error:
        return ProofCheck(False, f"malformed: {error}")
    return check
