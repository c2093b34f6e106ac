"""Public pages of the issuer: its DID document and its revocation status lists."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from ujuzi.credentials.media import credential_response
from ujuzi.credentials.selectors import did_document
from ujuzi.credentials.services import issuer_key_current
from ujuzi.credentials.status import status_list_credential, status_list_exists


@require_GET
def did_json(request: HttpRequest) -> JsonResponse:
    """``/.well-known/did.json``: public, no login; a first key is made if none exists."""
    issuer_key_current()
    response = JsonResponse(did_document(), content_type="application/did+json")
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def status_list(request: HttpRequest, list_id: str) -> HttpResponse:
    """``/credentials/status/<list_id>``: public, signed, names no one (bits only)."""
    if not status_list_exists(list_id):
        raise Http404
    response = credential_response(request, status_list_credential(list_id), indent=None)
    response["Access-Control-Allow-Origin"] = "*"
    # A revocation should reach other verifiers within minutes, not days.
    response["Cache-Control"] = "public, max-age=300"
    return response
