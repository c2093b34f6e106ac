"""The learner's passport: their own certificates, to download and to share.

Only the signed-in learner sees their certificates; anyone else gets a 404, so nothing
confirms that a certificate exists.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ujuzi.core.models import User
from ujuzi.credentials.attested import competencies_shown
from ujuzi.credentials.media import credential_response
from ujuzi.credentials.models import Credential
from ujuzi.credentials.partners import (
    PartnerCredentialError,
    partner_credential_add,
    partner_credentials_of,
)
from ujuzi.credentials.selectors import credential_own_get, credentials_of_learner
from ujuzi.credentials.verify import MAX_BYTES, CredentialParseError, credential_parse
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
    person = own_person(request.user)
    if person is None:  # only a learner has certificates
        raise Http404
    credentials = list(credentials_of_learner(request.user))
    attested = competencies_attested(credentials)
    rows: list[dict[str, Any]] = [
        {"credential": credential, "competencies": attested[credential.pk]}
        for credential in credentials
    ]
    context = {
        "rows": rows,
        "learner_number": person.learner_number,
        "partner_credentials": partner_credentials_of(person),
        "limit_kib": MAX_BYTES // 1024,
    }
    return render(request, "credentials/my_certificates.html", context)


@login_required
@require_POST
def my_partner_certificate_add(request: HttpRequest) -> HttpResponse:
    """Add a certificate from a trusted partner issuer to the learner's own record."""
    person = own_person(request.user)
    if person is None:
        raise Http404
    upload = request.FILES.get("certificate")
    try:
        if upload is None:
            raise PartnerCredentialError(_("Choose the certificate's file (JSON)."))
        if upload.size is not None and upload.size > MAX_BYTES:
            raise CredentialParseError("too_large", _("The file is too large."))
        document = credential_parse(upload.read(MAX_BYTES + 1))
        partner_credential_add(person=person, document=document, by=_user(request))
    except (PartnerCredentialError, CredentialParseError) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The certificate was added; what it attests now counts in your skills.")
        )
    return redirect("my-certificates")


def _user(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


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
