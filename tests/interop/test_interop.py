"""Ujuzi's credentials against an independent implementation: Digital Bazaar's Node libraries.

Python signs, ``verify.mjs`` (``@digitalbazaar/vc`` with the eddsa-rdfc-2022 cryptosuite)
verifies; ``sign.mjs`` signs, ``ujuzi.credentials.proofs.proof_verify`` verifies. Both
Node scripts use a document loader that knows only the bundled contexts and the DID
document given to it, so nothing reaches the network.

Marked ``interop`` and skipped unless ``UJUZI_INTEROP_TESTS=1``; when asked for, a
missing ``node`` or missing ``tests/interop/node_modules`` fails them: run
``(cd tests/interop && npm ci)``. No database is needed.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import importlib
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

HERE = Path(__file__).parent
WANTED = os.environ.get("UJUZI_INTEROP_TESTS") == "1"
DID = "did:web:certificates.example.org"
UNSIGNED_FIXTURE = HERE / "fixtures" / "unsigned-open-badge.json"

pytestmark = [
    pytest.mark.interop,
    pytest.mark.skipif(not WANTED, reason="interop tests run with UJUZI_INTEROP_TESTS=1"),
]

# --- multibase, written out here so that the check does not lean on the code it checks --

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB = b"\xed\x01"  # multicodec 0xed as a varint
ED25519_PRIV = b"\x80\x26"  # multicodec 0x1300 as a varint


def _base58btc(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "z" + "1" * zeros + "".join(reversed(digits))


def public_multibase(public_key: Ed25519PublicKey) -> str:
    return _base58btc(ED25519_PUB + public_key.public_bytes(Encoding.Raw, PublicFormat.Raw))


def secret_multibase(private_key: Ed25519PrivateKey) -> str:
    """The form ``@digitalbazaar/ed25519-multikey`` reads: ed25519-priv and the 32-byte seed."""
    seed = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return _base58btc(ED25519_PRIV + seed)


# --- Node -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    executable: str

    def run(self, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.executable, str(HERE / script), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd=HERE,
        )


@pytest.fixture(scope="session")
def node() -> Node:
    executable = shutil.which("node")
    if executable is None:
        pytest.fail(
            "UJUZI_INTEROP_TESTS=1 but `node` is not on PATH: install Node.js 20", pytrace=False
        )
    if not (HERE / "node_modules" / "@digitalbazaar" / "vc").is_dir():
        pytest.fail(
            "UJUZI_INTEROP_TESTS=1 but tests/interop/node_modules is missing: "
            "run `(cd tests/interop && npm ci)`",
            pytrace=False,
        )
    return Node(executable)


def did_document(keys: dict[str, Ed25519PublicKey]) -> dict[str, Any]:
    """Ujuzi's DID document shape, one Multikey per ``#fragment``."""
    methods = [
        {
            "id": f"{DID}#{fragment}",
            "type": "Multikey",
            "controller": DID,
            "publicKeyMultibase": public_multibase(key),
        }
        for fragment, key in keys.items()
    ]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": DID,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def write_json(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def node_verify(
    node: Node, tmp_path: Path, credential: dict[str, Any], did_doc: dict[str, Any]
) -> tuple[bool, str]:
    credential_path = write_json(tmp_path / "credential.json", credential)
    did_path = write_json(tmp_path / "did.json", did_doc)
    result = node.run("verify.mjs", str(credential_path), str(did_path))
    assert result.returncode in (0, 1), result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout + result.stderr
    outcome = json.loads(lines[0])
    assert outcome["verified"] is (result.returncode == 0)
    return outcome["verified"], outcome["error"]


def node_sign(
    node: Node,
    tmp_path: Path,
    unsigned: dict[str, Any],
    private_key: Ed25519PrivateKey,
    key_id: str = f"{DID}#key-1",
) -> dict[str, Any]:
    path = write_json(tmp_path / "unsigned.json", unsigned)
    result = node.run(
        "sign.mjs",
        str(path),
        secret_multibase(private_key),
        public_multibase(private_key.public_key()),
        DID,
        key_id,
    )
    assert result.returncode == 0, result.stderr
    signed: dict[str, Any] = json.loads(result.stdout)
    return signed


def diagnosis(node: Node, tmp_path: Path, credential: dict[str, Any]) -> str:
    """Both sides' canonical forms of what the first proof signs, to tell where they part."""
    path = write_json(tmp_path / "diagnosed.json", credential)
    result = node.run("canonize.mjs", str(path))
    lines = [f"Node canonize.mjs (exit {result.returncode}):", result.stdout, result.stderr]
    try:
        canonical = importlib.import_module("ujuzi.credentials.canonical")
        document = {k: v for k, v in credential.items() if k != "proof"}
        proofs = credential["proof"]
        proof = dict(proofs[0] if isinstance(proofs, list) else proofs)
        proof.pop("proofValue", None)
        proof_config = {"@context": credential["@context"], **proof}
        python_document = canonical.canonicalize(document)
        python_proof = canonical.canonicalize(proof_config)
        lines += [
            "Python ujuzi.credentials.canonical:",
            "proof_nquads:\n" + python_proof,
            "document_nquads:\n" + python_document,
            "proof_hash: " + hashlib.sha256(python_proof.encode()).hexdigest(),
            "document_hash: " + hashlib.sha256(python_document.encode()).hexdigest(),
        ]
    except Exception as error:  # diagnosis only: say why the Python side has none
        lines.append(f"Python canonical form unavailable: {error!r}")
    return "\n".join(lines)


# --- the Python side --------------------------------------------------------------------


@dataclass(frozen=True)
class Ujuzi:
    proofs: ModuleType
    documents: ModuleType
    multikey: ModuleType


def _import(name: str) -> ModuleType:
    """The module, or a skip while the Python side has not landed in this checkout."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name is None or not error.name.startswith("ujuzi.credentials"):
            raise
        pytest.skip(f"waiting for ujuzi.credentials.proofs ({error})")


@pytest.fixture
def ujuzi() -> Ujuzi:
    return Ujuzi(
        proofs=_import("ujuzi.credentials.proofs"),
        documents=_import("ujuzi.credentials.documents"),
        multikey=_import("ujuzi.credentials.multikey"),
    )


NOW = datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def open_badge(ujuzi: Ujuzi, name: str = "Digital essentials for public servants") -> dict:
    credential: dict[str, Any] = ujuzi.documents.open_badge(
        credential_id="urn:uuid:0193a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b",
        issuer_did=DID,
        issuer_name="Kenya School of Government",
        achievement={
            "id": "https://certificates.example.org/achievements/digital-essentials",
            "type": ["Achievement"],
            "name": name,
            "description": "Completed the course Digital essentials for public servants.",
            "criteria": {"narrative": "Attended the sessions and passed the skills check."},
        },
        recipient_hash="sha256$" + hashlib.sha256(b"wanjiku@example.go.ke" + b"salt").hexdigest(),
        salt="salt",
        valid_from=NOW - datetime.timedelta(days=1),
        valid_until=NOW + datetime.timedelta(days=365),
    )
    return credential


def python_sign(
    ujuzi: Ujuzi, document: dict, private_key: Ed25519PrivateKey, key_id: str = f"{DID}#key-1"
) -> dict[str, Any]:
    signed: dict[str, Any] = ujuzi.proofs.proof_add(
        document,
        private_key=private_key,
        verification_method=key_id,
        created=NOW - datetime.timedelta(hours=1),
    )
    return signed


def resolver(keys: dict[str, Ed25519PublicKey]) -> Callable[[str], Ed25519PublicKey | None]:
    by_id = {f"{DID}#{fragment}": key for fragment, key in keys.items()}
    return by_id.get


# --- Node against itself (needs no Python credentials code) -----------------------------


def test_node_sign_and_verify_agree(node: Node) -> None:
    """sign.mjs → verify.mjs accepts; a changed name, another key, an unknown context fail."""
    result = node.run("selftest.mjs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("ok  ") == 6, result.stdout


def test_shipped_contexts_are_the_published_ones(node: Node) -> None:
    """Every context Ujuzi ships is the npm packages' copy of the context at its URL."""
    contexts = _import("ujuzi.credentials.contexts")
    result = node.run("contexts.mjs")
    assert result.returncode == 0, result.stderr
    published = json.loads(result.stdout)
    assert contexts.SHIPPED
    for url in contexts.SHIPPED:
        assert url in published, url
        assert contexts.load(url) == published[url], url


# --- Python and Node --------------------------------------------------------------------


def test_multikey_text_is_the_standard_one() -> None:
    key = Ed25519PrivateKey.generate().public_key()
    text = _import("ujuzi.credentials.multikey").public_key_multibase(key)
    assert text == public_multibase(key)
    assert text.startswith("z6Mk")


def test_python_signs_node_verifies(node: Node, ujuzi: Ujuzi, tmp_path: Path) -> None:
    private_key = Ed25519PrivateKey.generate()
    signed = python_sign(ujuzi, open_badge(ujuzi), private_key)
    assert isinstance(signed["proof"], list)
    assert signed["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    verified, error = node_verify(
        node, tmp_path, signed, did_document({"key-1": private_key.public_key()})
    )
    assert verified, f"{error}\n{diagnosis(node, tmp_path, signed)}"


def test_node_rejects_a_changed_python_credential(node: Node, ujuzi: Ujuzi, tmp_path: Path) -> None:
    private_key = Ed25519PrivateKey.generate()
    signed = python_sign(ujuzi, open_badge(ujuzi), private_key)
    did_doc = did_document({"key-1": private_key.public_key()})
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Expert in everything"
    verified, error = node_verify(node, tmp_path, tampered, did_doc)
    assert not verified
    assert "Invalid signature" in error
    other_key = did_document({"key-1": Ed25519PrivateKey.generate().public_key()})
    assert not node_verify(node, tmp_path, signed, other_key)[0]


def test_node_signs_python_verifies(node: Node, ujuzi: Ujuzi, tmp_path: Path) -> None:
    private_key = Ed25519PrivateKey.generate()
    keys = {"key-1": private_key.public_key()}
    for unsigned in (open_badge(ujuzi), json.loads(UNSIGNED_FIXTURE.read_text())):
        signed = node_sign(node, tmp_path, unsigned, private_key)
        check = ujuzi.proofs.proof_verify(signed, resolve_key=resolver(keys))
        assert check.valid, f"{check.reason}\n{diagnosis(node, tmp_path, signed)}"
        # Node writes a single proof as an object; Ujuzi writes a list of one
        as_list = {**signed, "proof": [signed["proof"]]}
        assert ujuzi.proofs.proof_verify(as_list, resolve_key=resolver(keys)).valid

        tampered = copy.deepcopy(signed)
        tampered["credentialSubject"]["achievement"]["name"] = "Expert in everything"
        assert not ujuzi.proofs.proof_verify(tampered, resolve_key=resolver(keys)).valid
        other = {"key-1": Ed25519PrivateKey.generate().public_key()}
        assert not ujuzi.proofs.proof_verify(signed, resolve_key=resolver(other)).valid


def test_rotated_keys(node: Node, ujuzi: Ujuzi, tmp_path: Path) -> None:
    """After rotation the DID document lists both keys; credentials from each still verify."""
    old, new = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    keys = {"key-1": old.public_key(), "key-2": new.public_key()}
    both = did_document(keys)
    before = python_sign(ujuzi, open_badge(ujuzi), old, f"{DID}#key-1")
    after = python_sign(ujuzi, open_badge(ujuzi), new, f"{DID}#key-2")
    for credential in (before, after):
        verified, error = node_verify(node, tmp_path, credential, both)
        assert verified, f"{error}\n{diagnosis(node, tmp_path, credential)}"
    # a DID document that no longer lists key-2 does not vouch for it
    verified, error = node_verify(node, tmp_path, after, did_document({"key-1": keys["key-1"]}))
    assert not verified

    by_node = node_sign(node, tmp_path, open_badge(ujuzi), new, f"{DID}#key-2")
    assert ujuzi.proofs.proof_verify(by_node, resolve_key=resolver(keys)).valid
    only_old = resolver({"key-1": keys["key-1"]})
    assert not ujuzi.proofs.proof_verify(by_node, resolve_key=only_old).valid


AWKWARD: dict[str, dict[str, Any]] = {
    "non-ASCII": {"name": "Ujuzi wa kidijitali — ñ é 漢字 🎓"},
    "escapes": {"description": 'one\ntwo\t"quoted" back\\slash\r end'},
    "control characters": {"description": "bell\u0007 unit\u001f del\u007f"},
    "a fractional number": {"creditsAvailable": 1.5},
    "a whole number as a float": {"creditsAvailable": 3.0},
    "a tiny number": {"creditsAvailable": 0.1},
    "a huge number": {"creditsAvailable": 1e21},
    "a list with repeats": {"tag": ["b", "a", "a"]},
    "a language-tagged value": {"description": {"@value": "Habari", "@language": "sw"}},
}


@pytest.mark.parametrize("change", AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_values_survive_both_ways(
    node: Node, ujuzi: Ujuzi, tmp_path: Path, change: dict[str, Any]
) -> None:
    """Escaping in N-Quads and the literal forms of numbers are where canonicalisers part."""
    private_key = Ed25519PrivateKey.generate()
    keys = {"key-1": private_key.public_key()}
    unsigned = open_badge(ujuzi)
    unsigned["credentialSubject"]["achievement"].update(change)

    signed = python_sign(ujuzi, unsigned, private_key)
    verified, error = node_verify(node, tmp_path, signed, did_document(keys))
    assert verified, f"{error}\n{diagnosis(node, tmp_path, signed)}"

    by_node = node_sign(node, tmp_path, unsigned, private_key)
    check = ujuzi.proofs.proof_verify(by_node, resolve_key=resolver(keys))
    assert check.valid, f"{check.reason}\n{diagnosis(node, tmp_path, by_node)}"


def test_both_refuse_an_undefined_term(node: Node, ujuzi: Ujuzi, tmp_path: Path) -> None:
    """A term no context defines would go unsigned; neither side signs such a document."""
    private_key = Ed25519PrivateKey.generate()
    unsigned = open_badge(ujuzi)
    unsigned["credentialSubject"]["achievement"]["undefinedTerm"] = "not signed"
    with pytest.raises(ValueError, match="undefinedTerm"):
        python_sign(ujuzi, unsigned, private_key)
    path = write_json(tmp_path / "unsigned.json", unsigned)
    public = public_multibase(private_key.public_key())
    result = node.run("sign.mjs", str(path), secret_multibase(private_key), public, DID)
    assert result.returncode == 1
    assert "Safe mode validation error" in result.stderr


# --- status: our signed Bitstring Status List, read by the Node side --------------------


def node_verify_with_status(
    node: Node,
    tmp_path: Path,
    credential: dict[str, Any],
    did_doc: dict[str, Any],
    status_lists: list[dict[str, Any]],
) -> dict[str, Any]:
    credential_path = write_json(tmp_path / "credential.json", credential)
    did_path = write_json(tmp_path / "did.json", did_doc)
    lists_path = tmp_path / "status-lists.json"
    lists_path.write_text(json.dumps(status_lists), encoding="utf-8")
    result = node.run("verify.mjs", str(credential_path), str(did_path), str(lists_path))
    assert result.returncode in (0, 1), result.stderr
    outcome: dict[str, Any] = json.loads(result.stdout.strip())
    assert outcome["verified"] is (result.returncode == 0)
    return outcome


def test_node_checks_status_with_our_status_list(node: Node, tmp_path: Path, db: Any) -> None:
    """An issued certificate, its status list served offline: Node sees the revocation."""
    from tests.credentials.issuing_helpers import make_admin, make_completion
    from ujuzi.credentials.issuing import credential_issue, credential_revoke
    from ujuzi.credentials.selectors import did_document as our_did_document
    from ujuzi.credentials.status import status_list_credential

    admin = make_admin()
    credential = credential_issue(completion=make_completion(), by=admin)
    document = credential.document
    assert document["credentialStatus"]["type"] == "BitstringStatusListEntry"

    def check() -> dict[str, Any]:
        status_list = status_list_credential(credential.status_list_id)
        return node_verify_with_status(node, tmp_path, document, our_did_document(), [status_list])

    assert check() == {"verified": True, "error": "", "revoked": False}
    credential_revoke(credential=credential, reason="issued in error", by=admin)
    assert check() == {"verified": False, "error": "revoked", "revoked": True}

    # A status list changed after signing (the revocation wiped) is refused, not believed.
    forged = status_list_credential(credential.status_list_id)
    forged["credentialSubject"]["encodedList"] = ujuzi_encoded_list([])
    outcome = node_verify_with_status(node, tmp_path, document, our_did_document(), [forged])
    assert outcome["verified"] is False
    assert 'BitstringStatusListCredential" not verified' in outcome["error"]


def ujuzi_encoded_list(revoked: list[int]) -> str:
    from ujuzi.credentials.status import encoded_list

    return encoded_list(revoked)


def test_a_node_signed_partner_certificate_verifies_through_the_trust_list(
    node: Node, ujuzi: Ujuzi, tmp_path: Path, db: Any
) -> None:
    """Another issuer, signing with other software: trusted once its DID document is in."""
    from ujuzi.credentials.trust import trust_issuer_import
    from ujuzi.credentials.verify import credential_verify

    private_key = Ed25519PrivateKey.generate()
    signed = node_sign(node, tmp_path, open_badge(ujuzi), private_key)
    assert credential_verify(signed).status == "unknown issuer"

    issuer = trust_issuer_import(
        did_document({"key-1": private_key.public_key()}), trusted=True, by=None
    )
    verdict = credential_verify(signed)
    assert (verdict.status, verdict.issuer_trust) == ("valid", "trusted"), verdict.reason

    changed = copy.deepcopy(signed)
    changed["credentialSubject"]["achievement"]["name"] = "Something else"
    assert credential_verify(changed).status == "tampered"
    issuer.refresh_from_db()
    assert issuer.did == DID
