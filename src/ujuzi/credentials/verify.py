"""Is this certificate genuine? One answer for the command line, pages and the API.

The order matters: the shape of the document first (so nothing large or odd reaches the
JSON-LD processor), then who issued it, then the signature, then revocation (our own
status lists, read from the database), and only then the dates, so that "revoked" and
"expired" are said only of a credential that is otherwise genuine.

The issuer's keys come from this installation's own DID document, or from the DID
document of another issuer imported into the trust list (``trust.py``) or named in a
trust file. A listed issuer that is not trusted gives "untrusted issuer" (after its
signature is checked against its imported key, so a changed copy is still "tampered");
an issuer not listed gives "unknown issuer". Another issuer's status lists are not
fetched: their revocation is reported as not checked. Nothing is fetched.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.credentials.multikey import public_key_from_multibase
from ujuzi.credentials.nesting import nested_deeper_than
from ujuzi.credentials.proofs import proof_verify
from ujuzi.credentials.selectors import issuer_did, issuer_public_key
from ujuzi.credentials.status import revocation_of
from ujuzi.credentials.trust import TrustEntry, trust_entry_for

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32

VALID = "valid"
TAMPERED = "tampered"
EXPIRED = "expired"
NOT_YET_VALID = "not yet valid"
UNKNOWN_ISSUER = "unknown issuer"
UNTRUSTED_ISSUER = "untrusted issuer"
MALFORMED = "malformed"
REVOKED = "revoked"

# Who the issuer is to us (``Verdict.issuer_trust``).
ISSUER_OWN = "this installation"
ISSUER_TRUSTED = "trusted"
ISSUER_UNTRUSTED = "known, not trusted"
ISSUER_UNKNOWN = "unknown"
# Whether revocation was looked at (``Verdict.revocation``).
REVOCATION_CHECKED = "checked"
REVOCATION_NOT_CHECKED = "not checked (offline)"
REVOCATION_NONE = "no status list"

# Reasons from ``proof_verify`` that say the document was never a well-made credential,
# rather than one that was changed.
_MALFORMED_PROOF = ("no proof", "malformed", "unsupported cryptosuite", "wrong proof purpose")


class CredentialParseError(ValueError):
    """Bytes that are not a credential file at all; ``code`` for the API, text for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def credential_parse(data: bytes) -> Any:
    """The JSON value of an uploaded file or request body, within the size limit."""
    if len(data) > MAX_BYTES:
        raise CredentialParseError(
            "too_large",
            _("The file is larger than %(limit)d KiB.") % {"limit": MAX_BYTES // 1024},
        )
    if not data.strip():
        raise CredentialParseError("empty", _("The file is empty."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialParseError(
            "not_text", _("The file is not text: a certificate is a JSON file.")
        ) from None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise CredentialParseError(
            "not_json", _("The file is not JSON: a certificate is a JSON file.")
        ) from None


@dataclass(frozen=True)
class Verdict:
    """What a verifier is told: a status, the reason in plain words, and the issuer.

    ``issuer_trust`` says who the issuer is to this installation (``ISSUER_*``; empty when
    the document names none), ``issuer_name`` its name on the trust list, and
    ``revocation`` whether its status list was read (``REVOCATION_*``; empty when the
    checks stopped before it).
    """

    status: str
    reason: str
    issuer: str = ""
    issuer_trust: str = ""
    issuer_name: str = ""
    revocation: str = ""

    @property
    def is_valid(self) -> bool:
        """True only for a genuine credential within its dates."""
        return self.status == VALID


def _stray_keyword(value: Any) -> str | None:
    # JSON-LD silently drops some keywords it is given ("@base": {}, "@set": {}) and
    # properties named by blank nodes ("_:x"), so they would not be signed. Our
    # credentials use "@context" only and no blank-node properties: refuse the rest.
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                if (key.startswith("@") and key != "@context") or key.startswith("_:"):
                    return key
                if key != "@context":
                    stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _moment(value: Any) -> datetime.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError
    moment = datetime.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError
    return moment


def _issuer_of(document: dict[str, Any]) -> str:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else ""


def _revocation(document: dict[str, Any]) -> str | None:
    # Our own lists are read from the database: nothing is fetched, and a revocation is
    # known here the moment it is made.
    entries = document.get("credentialStatus")
    for entry in entries if isinstance(entries, list) else [entries]:
        found = revocation_of(entry)
        if found is not None and found[0]:
            return found[1]
    return None


def _status_entries(document: dict[str, Any]) -> bool:
    entries = document.get("credentialStatus")
    return bool(entries)


def _foreign_resolver(issuer: str, entry: TrustEntry) -> Callable[[str], Any]:
    def resolve(verification_method: str) -> Ed25519PublicKey | None:
        # Only a key the imported document lists for assertions, under this issuer.
        if not verification_method.startswith(issuer + "#"):
            return None
        multibase = entry.keys.get(verification_method)
        return public_key_from_multibase(multibase) if multibase is not None else None

    return resolve


def credential_verify(
    document: Any,
    *,
    now: datetime.datetime | None = None,
    trust: Mapping[str, TrustEntry] | None = None,
) -> Verdict:
    """Check a credential; never raises on bad input.

    ``trust`` adds issuers (by DID) from a trust file; they are looked up before the
    trust list in the database, which is not read for an issuer found there.
    """
    if not isinstance(document, dict):
        return Verdict(MALFORMED, "a credential must be a JSON object")
    if nested_deeper_than(document, MAX_DEPTH):
        return Verdict(MALFORMED, f"the document is nested more than {MAX_DEPTH} levels deep")
    try:
        size = len(json.dumps(document, ensure_ascii=False).encode())
    except (TypeError, ValueError):
        return Verdict(MALFORMED, "the document is not plain JSON")
    if size > MAX_BYTES:
        return Verdict(MALFORMED, f"the document is larger than {MAX_BYTES // 1024} KiB")
    if "@context" not in document:
        return Verdict(MALFORMED, "the document has no @context")
    keyword = _stray_keyword(document)
    if keyword is not None:
        return Verdict(MALFORMED, f"the key {keyword!r} is not used in credentials")
    types = document.get("type")
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        return Verdict(MALFORMED, "the document is not a verifiable credential")
    issuer = _issuer_of(document)
    if not issuer:
        return Verdict(MALFORMED, "the credential names no issuer")
    if issuer == issuer_did():
        return _verify_own(document, issuer, now)
    entry = (trust or {}).get(issuer) or trust_entry_for(issuer)
    if entry is None:
        return Verdict(
            UNKNOWN_ISSUER,
            f"{issuer} is not an issuer this installation knows",
            issuer,
            issuer_trust=ISSUER_UNKNOWN,
        )
    return _verify_foreign(document, issuer, entry, now)


def _verify_foreign(
    document: dict[str, Any], issuer: str, entry: TrustEntry, now: datetime.datetime | None
) -> Verdict:
    standing = ISSUER_TRUSTED if entry.trusted else ISSUER_UNTRUSTED
    facts = {"issuer_trust": standing, "issuer_name": entry.name}
    check = proof_verify(document, resolve_key=_foreign_resolver(issuer, entry))
    if not check.valid:
        status = MALFORMED if check.reason.startswith(_MALFORMED_PROOF) else TAMPERED
        return Verdict(status, check.reason, issuer, **facts)
    if not entry.trusted:
        return Verdict(
            UNTRUSTED_ISSUER,
            f"the signature matches a key of {entry.name}, an issuer on the trust list "
            "that this programme does not trust",
            issuer,
            **facts,
        )
    # Another issuer's status list would have to be fetched: say so rather than guess.
    revocation = REVOCATION_NOT_CHECKED if _status_entries(document) else REVOCATION_NONE
    dated = _dates(document, issuer, now, facts | {"revocation": revocation})
    if dated is not None:
        return dated
    reason = (
        f"the signature matches a key of {entry.name}, a trusted issuer, and the "
        "credential is within its dates"
    )
    if revocation == REVOCATION_NOT_CHECKED:
        reason += "; its revocation was not checked (offline)"
    return Verdict(VALID, reason, issuer, **facts, revocation=revocation)


def _dates(
    document: dict[str, Any],
    issuer: str,
    now: datetime.datetime | None,
    facts: Mapping[str, str],
) -> Verdict | None:
    try:
        valid_from = _moment(document.get("validFrom"))
        valid_until = _moment(document.get("validUntil"))
    except ValueError:
        return Verdict(MALFORMED, "validFrom or validUntil is not a date and time", issuer, **facts)
    moment = now or timezone.now()
    if valid_from is not None and moment < valid_from:
        return Verdict(NOT_YET_VALID, f"valid from {document['validFrom']}", issuer, **facts)
    if valid_until is not None and moment >= valid_until:
        return Verdict(EXPIRED, f"expired at {document['validUntil']}", issuer, **facts)
    return None


def _verify_own(document: dict[str, Any], issuer: str, now: datetime.datetime | None) -> Verdict:
    facts = {"issuer_trust": ISSUER_OWN}

    def resolve(verification_method: str) -> Any:
        # Only this issuer's own keys; a key of another DID is unknown here.
        if not verification_method.startswith(issuer + "#"):
            return None
        return issuer_public_key(verification_method)

    check = proof_verify(document, resolve_key=resolve)
    if not check.valid:
        status = MALFORMED if check.reason.startswith(_MALFORMED_PROOF) else TAMPERED
        return Verdict(status, check.reason, issuer, **facts)
    revocation = REVOCATION_CHECKED if _status_entries(document) else REVOCATION_NONE
    facts["revocation"] = revocation
    revoked = _revocation(document)
    if revoked is not None:
        return Verdict(REVOKED, revoked, issuer, **facts)
    dated = _dates(document, issuer, now, facts)
    if dated is not None:
        return dated
    return Verdict(
        VALID, "the signature matches and the credential is within its dates", issuer, **facts
    )
