"""The media type a signed credential is served as.

VC Data Model 2.0 registers ``application/vc`` for a credential secured with an embedded
proof (§ 6.3); earlier drafts and some wallets used ``application/vc+ld+json``. Ujuzi serves
``application/vc`` unless the ``Accept`` header prefers ``application/vc+ld+json``; a
browser's ``*/*`` gets the default. Responses vary with ``Accept`` so caches keep both.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

VC = "application/vc"
VC_LD_JSON = "application/vc+ld+json"


def credential_media_type(request: HttpRequest) -> str:
    """``application/vc``, or ``application/vc+ld+json`` when the client prefers it."""
    return VC_LD_JSON if request.get_preferred_type([VC, VC_LD_JSON]) == VC_LD_JSON else VC


def credential_response(
    request: HttpRequest, document: Any, *, indent: int | None = 2
) -> HttpResponse:
    """A signed credential (or a status list credential) as JSON, in the media type asked for."""
    body = json.dumps(document, ensure_ascii=False, indent=indent).encode()
    response = HttpResponse(body, content_type=credential_media_type(request))
    patch_vary_headers(response, ["Accept"])
    return response
