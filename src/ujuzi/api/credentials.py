"""Certificate verification over the API: public, like the verification page.

The body is the credential itself (JSON). Anyone may ask, without a token, because the
answer says nothing the certificate does not already say, and verifiers abroad have no
account here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from ujuzi.api.errors import ApiError
from ujuzi.api.schema import ErrorOut
from ujuzi.credentials.verify import MAX_BYTES, CredentialParseError, credential_parse
from ujuzi.credentials.verify import credential_verify as verdict_for

router = Router(tags=["credentials"])


class VerdictOut(Schema):
    """The verifier's answer."""

    status: str
    valid: bool
    reason: str
    issuer: str
    issuer_trust: str
    revocation: str


_BODY = {
    "requestBody": {
        "required": True,
        "description": f"The credential, as JSON (at most {MAX_BYTES // 1024} KiB).",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


@router.post(
    "/credentials/verify",
    response={200: VerdictOut, 400: ErrorOut, 413: ErrorOut},
    auth=None,
    summary="Verify a certificate",
    openapi_extra=_BODY,
)
def credential_verify(request: HttpRequest) -> Any:
    """Check a credential's signature, issuer, revocation and dates; never stores it.

    Statuses: valid, revoked, tampered, expired, not yet valid, unknown issuer, untrusted
    issuer, malformed. ``issuer_trust``: "this installation", "trusted", "known, not
    trusted", "unknown", or empty when the document names no issuer. ``revocation``:
    "checked", "not checked (offline)" (another issuer's status list is not fetched),
    "no status list", or empty when the checks stopped earlier.
    """
    try:
        document = credential_parse(request.body[: MAX_BYTES + 1])
    except CredentialParseError as error:
        status = 413 if error.code == "too_large" else 400
        raise ApiError(status, error.code, str(error)) from None
    verdict = verdict_for(document)
    return {
        "status": verdict.status,
        "valid": verdict.is_valid,
        "reason": verdict.reason,
        "issuer": verdict.issuer,
        "issuer_trust": verdict.issuer_trust,
        "revocation": verdict.revocation,
    }
