"""The issuer's public DID document, at the address ``did:web`` resolves to."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from ujuzi.credentials.selectors import did_document
from ujuzi.credentials.services import issuer_key_current


@require_GET
def did_json(request: HttpRequest) -> JsonResponse:
    """``/.well-known/did.json``: public, no login; a first key is made if none exists."""
    issuer_key_current()
    response = JsonResponse(did_document(), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
