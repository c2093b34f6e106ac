"""The learner's passport: their own certificates, to download and to share.

Only the signed-in learner sees their certificates; anyone else gets a 404, so nothing
confirms that a certificate exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from ujuzi.credentials.media import credential_response
from ujuzi.credentials.models import Credential
from ujuzi.credentials.paper import competencies_shown
from ujuzi.credentials.selectors import credential_own_get, credentials_of_learner
from ujuzi.delivery.selectors import own_person


def competencies_attested(
    credentials: Iterable[Credential],
) -> dict[Any, list[dict[str, str]]]:
    """Name and level of each competency each certificate aligns to, in the reader's language.

    The signed document's English names stay as issued; the page names the competency as
    the framework does in the active language (the printed page's rule, one query).
    """
    language = translation.get_language() or "en"
    return {
        pk: [{"name": name, "level": level} for name, level in rows]
        for pk, rows in competencies_shown(credentials, language=language).items()
    }


@login_required
@require_GET
def my_certificates(request: HttpRequest) -> HttpResponse:
    """``/me/certificates/``: the learner's certificates, with what each attests."""
    if own_person(request.user) is None:  # only a learner has certificates
        raise Http404
    credentials = list(credentials_of_learner(request.user))
    attested = competencies_attested(credentials)
    rows: list[dict[str, Any]] = [
        {"credential": credential, "competencies": attested[credential.pk]}
        for credential in credentials
    ]
    return render(request, "credentials/my_certificates.html", {"rows": rows})


@login_required
@require_GET
def my_certificate_download(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    """One of the learner's certificates as its signed JSON file, exactly as issued."""
    credential = credential_own_get(request.user, credential_id)
    if credential is None:
        raise Http404
    response = credential_response(request, credential.document)
    filename = f"certificate-{credential.course.code}-{credential.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
