"""The trust list: other issuers' DID documents, imported, and whether we trust them.

A partner (say the Rwanda Management Institute) sends its DID document: the programme
administrator imports it, trusted or only known. From then on the verifier checks that
partner's certificates against the imported keys, with no network. The document is
checked strictly before anything is stored: a ``did:web`` or ``did:key`` id, Ed25519
``Multikey`` verification methods controlled by that DID, listed for assertions, within
size limits, and not this installation's own DID. Importing the same DID again updates
its entry (keys, name, trust) instead of adding a second one.

Trust files (``ujuzi verify FILE --trust FILE``, ``ujuzi credentials trust import``)
hold one DID document, a list of them, or the export of ``trust_list_export()``; the
reading needs no database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from ujuzi.core.records import record_create, record_delete, record_update
from ujuzi.credentials.contexts import DID_V1
from ujuzi.credentials.models import TrustedIssuer
from ujuzi.credentials.multikey import public_key_from_multibase
from ujuzi.credentials.nesting import nested_deeper_than
from ujuzi.credentials.selectors import issuer_did

MAX_DOCUMENT_BYTES = 64 * 1024
MAX_TRUST_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 12
MAX_METHODS = 20
MAX_DID = 500
EXPORT_TYPE = "UjuziTrustList"
EXPORT_VERSION = 1

# did:web:<host>[%3A<port>][:<path segment>]*; host labels as DNS allows them.
_DID_WEB = re.compile(
    r"did:web:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:%3A[0-9]{1,5})?(?::[A-Za-z0-9._~%-]+)*"
)
_DID_KEY = re.compile(r"did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}")
_FRAGMENT = re.compile(r"[A-Za-z0-9._~-]{1,100}")


class TrustDocumentError(ValueError):
    """A DID document or trust file that cannot be imported, in plain words."""


@dataclass(frozen=True)
class TrustEntry:
    """One issuer of the trust list as the verifier needs it: no database row."""

    did: str
    name: str
    trusted: bool
    keys: Mapping[str, str]  # verification method id -> publicKeyMultibase
    country: str = ""
    note: str = ""
    document: Mapping[str, Any] | None = None


def _valid_did(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TrustDocumentError('the DID document has no "id" (it must be a DID)')
    if len(value) > MAX_DID:
        raise TrustDocumentError(f"the DID is longer than {MAX_DID} characters")
    if value.startswith("did:web:"):
        if not _DID_WEB.fullmatch(value):
            raise TrustDocumentError(f"{value!r} is not a well-formed did:web (lower-case host)")
    elif value.startswith("did:key:"):
        if not _DID_KEY.fullmatch(value):
            raise TrustDocumentError(f"{value!r} is not an Ed25519 did:key (z6Mk…)")
    else:
        raise TrustDocumentError(f"{value!r} is not a did:web or did:key")
    return value


def _method_id(value: Any, did: str) -> str:
    if not isinstance(value, str):
        raise TrustDocumentError('a verification method has no "id"')
    if value.startswith("#"):
        value = did + value
    base, hash_sign, fragment = value.partition("#")
    if base != did or not hash_sign or not _FRAGMENT.fullmatch(fragment):
        raise TrustDocumentError(
            f"the verification method {value[:120]!r} is not {did}#<fragment> of this DID"
        )
    return value


def _method(entry: Any, did: str) -> tuple[str, str]:
    if not isinstance(entry, dict):
        raise TrustDocumentError("a verification method must be a JSON object")
    method_id = _method_id(entry.get("id"), did)
    if entry.get("type") != "Multikey":
        raise TrustDocumentError(
            f"{method_id}: only Multikey verification methods are accepted "
            f"(got {str(entry.get('type'))[:40]!r})"
        )
    if entry.get("controller") != did:
        raise TrustDocumentError(f"{method_id}: its controller is not {did}")
    multibase = entry.get("publicKeyMultibase")
    if not isinstance(multibase, str):
        raise TrustDocumentError(f"{method_id}: no publicKeyMultibase")
    try:
        public_key_from_multibase(multibase)
    except ValueError:
        raise TrustDocumentError(
            f"{method_id}: publicKeyMultibase is not a 32-byte Ed25519 Multikey (z6Mk…)"
        ) from None
    if did.startswith("did:key:") and multibase != did.removeprefix("did:key:"):
        raise TrustDocumentError(f"{method_id}: a did:key document may hold only its own key")
    return method_id, multibase


def did_document_check(document: Any) -> dict[str, str]:
    """The assertion keys (method id -> multibase) of a DID document, or a clear error.

    Raises ``TrustDocumentError``; needs no database, so the command line can use it
    with only a trust file.
    """
    if not isinstance(document, dict):
        raise TrustDocumentError("a DID document must be a JSON object")
    if nested_deeper_than(document, MAX_DEPTH):
        raise TrustDocumentError(f"the DID document is nested more than {MAX_DEPTH} levels deep")
    try:
        size = len(json.dumps(document, ensure_ascii=False).encode())
    except (TypeError, ValueError):
        raise TrustDocumentError("the DID document is not plain JSON") from None
    if size > MAX_DOCUMENT_BYTES:
        raise TrustDocumentError(
            f"the DID document is larger than {MAX_DOCUMENT_BYTES // 1024} KiB"
        )
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if DID_V1 not in contexts:
        raise TrustDocumentError(f"the DID document's @context does not name {DID_V1}")
    did = _valid_did(document.get("id"))
    methods = document.get("verificationMethod")
    if not isinstance(methods, list) or not methods:
        raise TrustDocumentError("the DID document lists no verificationMethod")
    if len(methods) > MAX_METHODS:
        raise TrustDocumentError(f"the DID document lists more than {MAX_METHODS} keys")
    listed: dict[str, str] = {}
    for entry in methods:
        method_id, multibase = _method(entry, did)
        if method_id in listed:
            raise TrustDocumentError(f"{method_id} is listed twice")
        listed[method_id] = multibase
    assertion = document.get("assertionMethod")
    if not isinstance(assertion, list) or not assertion:
        raise TrustDocumentError(
            "the DID document lists no assertionMethod: none of its keys may sign credentials"
        )
    if len(assertion) > MAX_METHODS:
        raise TrustDocumentError(f"the DID document lists more than {MAX_METHODS} keys")
    keys: dict[str, str] = {}
    for reference in assertion:
        if isinstance(reference, dict):  # a method written out in place
            method_id, multibase = _method(reference, did)
        else:
            method_id = _method_id(reference, did)
            if method_id not in listed:
                raise TrustDocumentError(
                    f"assertionMethod names {method_id}, which verificationMethod does not list"
                )
            multibase = listed[method_id]
        keys[method_id] = multibase
    return keys


def _entries(value: Any) -> list[dict[str, Any]]:
    """Import records from a trust file's JSON: export, list of documents, or one."""
    if isinstance(value, dict) and value.get("type") == EXPORT_TYPE:
        if value.get("version") != EXPORT_VERSION:
            raise TrustDocumentError(
                f"trust list version {str(value.get('version'))[:20]!r} is not {EXPORT_VERSION}"
            )
        issuers = value.get("issuers")
        if not isinstance(issuers, list):
            raise TrustDocumentError('the trust list has no "issuers" list')
        records = []
        for issuer in issuers:
            if not isinstance(issuer, dict) or not isinstance(issuer.get("trusted"), bool):
                raise TrustDocumentError(
                    "each issuer of a trust list is an object with a document and "
                    '"trusted": true or false'
                )
            records.append(issuer)
        return records
    documents = value if isinstance(value, list) else [value]
    return [{"document": document} for document in documents]


def _text(record: Mapping[str, Any], name: str, limit: int) -> str:
    value = record.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise TrustDocumentError(f"{name} must be text of at most {limit} characters")
    return value.strip()


def trust_file_parse(data: bytes) -> list[TrustEntry]:
    """The issuers of a trust file, every document checked; ``TrustDocumentError`` if not.

    A plain DID document (or a list of them) is trusted: naming a file is trusting it.
    The export format keeps each issuer's own trust, name, country and note.
    """
    if len(data) > MAX_TRUST_FILE_BYTES:
        raise TrustDocumentError(
            f"the trust file is larger than {MAX_TRUST_FILE_BYTES // 1024} KiB"
        )
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise TrustDocumentError("the trust file is not UTF-8 text") from None
    except (ValueError, RecursionError):
        raise TrustDocumentError("the trust file is not JSON") from None
    records = _entries(value)
    entries: list[TrustEntry] = []
    for number, record in enumerate(records, start=1):
        try:
            keys = did_document_check(record.get("document"))
            did = record["document"]["id"]
            if any(entry.did == did for entry in entries):
                raise TrustDocumentError(f"{did} is in the file twice")
            entries.append(
                TrustEntry(
                    did=did,
                    name=_text(record, "name", 250) or did,
                    trusted=record.get("trusted", True),
                    keys=keys,
                    country=_text(record, "country", 2).upper(),
                    note=_text(record, "note", 2000),
                    document=record["document"],
                )
            )
        except TrustDocumentError as error:
            if len(records) == 1:
                raise
            raise TrustDocumentError(f"issuer {number}: {error}") from None
    if not entries:
        raise TrustDocumentError("the trust file holds no DID document")
    return entries


def _entry_of(issuer: TrustedIssuer) -> TrustEntry:
    return TrustEntry(
        did=issuer.did,
        name=issuer.name,
        trusted=issuer.trusted,
        keys=dict(issuer.verification_methods),
        country=issuer.country,
        note=issuer.note,
        document=issuer.document,
    )


def trust_entry_for(did: str) -> TrustEntry | None:
    """The trust list's entry for an issuer DID, or ``None`` when it is not listed."""
    issuer = TrustedIssuer.objects.filter(did=did).first()
    return _entry_of(issuer) if issuer is not None else None


def trusted_issuer_list() -> list[TrustedIssuer]:
    """Every issuer of the trust list, trusted first, by name."""
    return list(TrustedIssuer.objects.order_by("-trusted", "name", "did"))


def trusted_issuer_get(did: str) -> TrustedIssuer | None:
    """One issuer of the trust list by its DID."""
    return TrustedIssuer.objects.filter(did=did).first()


@transaction.atomic
def trust_issuer_import(
    document: Any,
    *,
    trusted: bool,
    name: str = "",
    by: models.Model | None,
    country: str = "",
    note: str = "",
) -> TrustedIssuer:
    """Add an issuer's DID document to the trust list, or update the issuer already there.

    The document is checked first (``TrustDocumentError`` with the reason); our own DID
    is refused. Re-importing keeps one entry: its keys, document, trust and, when given,
    name, country and note are replaced, and only what changed is journaled and audited.
    """
    keys = did_document_check(document)
    did = document["id"]
    if did == issuer_did():
        raise TrustDocumentError(
            f"{did} is this installation's own issuer: it is always trusted and needs no import"
        )
    name = name.strip()
    if len(name) > 250:
        raise TrustDocumentError("the name must be at most 250 characters")
    country = country.strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise TrustDocumentError("the country must be a two-letter code (KE, RW)")
    existing = TrustedIssuer.objects.select_for_update().filter(did=did).first()
    if existing is None:
        return record_create(
            TrustedIssuer(
                did=did,
                name=name or did,
                country=country,
                document=document,
                verification_methods=keys,
                trusted=trusted,
                note=note.strip(),
                imported_at=timezone.now(),
            ),
            by=by,
            action="credentials.trusted_issuer.import",
        )
    changes: dict[str, Any] = {
        "document": document,
        "verification_methods": keys,
        "trusted": trusted,
    }
    if name:
        changes["name"] = name
    if country:
        changes["country"] = country
    if note.strip():
        changes["note"] = note.strip()
    if any(getattr(existing, field) != value for field, value in changes.items()):
        changes["imported_at"] = timezone.now()
    return record_update(
        existing, changes=changes, by=by, action="credentials.trusted_issuer.import"
    )


def trust_issuer_set_trusted(
    *, issuer: TrustedIssuer, trusted: bool, by: models.Model | None
) -> TrustedIssuer:
    """Trust a known issuer, or keep it known but no longer trusted; audited."""
    action = (
        "credentials.trusted_issuer.trust" if trusted else "credentials.trusted_issuer.distrust"
    )
    return record_update(issuer, changes={"trusted": trusted}, by=by, action=action)


def trust_issuer_remove(*, issuer: TrustedIssuer, by: models.Model | None) -> TrustedIssuer:
    """Take an issuer off the list: its certificates become "unknown issuer"; audited."""
    return record_delete(issuer, by=by, action="credentials.trusted_issuer.remove")


def trust_list_export(issuers: Iterable[TrustedIssuer] | None = None) -> dict[str, Any]:
    """The trust list as a file another installation (or ``ujuzi verify --trust``) reads."""
    rows = trusted_issuer_list() if issuers is None else list(issuers)
    return {
        "type": EXPORT_TYPE,
        "version": EXPORT_VERSION,
        "issuers": [
            {
                "did": issuer.did,
                "name": issuer.name,
                "country": issuer.country,
                "trusted": issuer.trusted,
                "note": issuer.note,
                "document": issuer.document,
            }
            for issuer in rows
        ],
    }
