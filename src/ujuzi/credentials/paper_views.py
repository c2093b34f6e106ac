"""Printable certificates and passport share links.

The learner downloads the PDF of their own certificates only (anyone else gets a 404)
and makes, lists and revokes links to their passport. The page a link opens is public:
it names the holder by first and last name, because they chose to share, and shows
nothing else about them.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ujuzi.core.models import User
from ujuzi.credentials.media import credential_response
from ujuzi.credentials.paper import CertificateError, certificate_language, certificate_pdf
from ujuzi.credentials.passport_views import competencies_attested
from ujuzi.credentials.selectors import credential_own_get
from ujuzi.credentials.sharing import (
    MAX_DAYS,
    ShareError,
    passport_share_create,
    passport_share_credentials,
    passport_share_open,
    passport_share_own_get,
    passport_share_revoke,
    passport_shares_of_learner,
)
from ujuzi.credentials.verify import credential_verify
from ujuzi.delivery.selectors import own_person

# How long a new link lasts, as the form offers it (days; 0 for no expiry).
EXPIRY_CHOICES = (30, 90, 365, 0)


@login_required
@require_GET
def my_certificate_pdf(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    """``/me/certificates/<id>/certificate.pdf``: the printable page, the learner's own."""
    credential = credential_own_get(request.user, credential_id)
    if credential is None:
        raise Http404
    language = certificate_language(request.GET.get("lang"), credential.person.preferred_language)
    try:
        data = certificate_pdf(credential, language=language)
    except CertificateError as error:
        raise Http404 from error
    response = HttpResponse(data, content_type="application/pdf")
    filename = f"certificate-{credential.course.code}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _share_link(token: str) -> str:
    path = reverse("passport-share", kwargs={"token": token})
    return f"{settings.UJUZI.public_url}{path}"


def _expiry(text: str) -> datetime.datetime | None:
    days = int(text) if text.isdigit() else -1
    if days not in EXPIRY_CHOICES:
        raise ShareError(_("Choose how long the link lasts."))
    if not days or days > MAX_DAYS:
        return None
    return timezone.now() + datetime.timedelta(days=days)


@login_required
@require_http_methods(["GET", "POST"])
def my_passport_shares(request: HttpRequest) -> HttpResponse:
    """``/me/certificates/shares/``: the learner's share links; POST makes a new one.

    A new link is shown on the page that answers the POST and never again (only its
    hash is kept), so it is not put in a redirect or a message that outlives the page.
    """
    person = own_person(request.user)
    if person is None:
        raise Http404
    context: dict[str, Any] = {"expiry_choices": EXPIRY_CHOICES, "now": timezone.now()}
    status = 200
    if request.method == "POST":
        assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
        try:
            _share, token = passport_share_create(
                person=person,
                by=request.user,
                label=request.POST.get("label", ""),
                expires_at=_expiry(request.POST.get("expires_in_days", "")),
            )
        except ShareError as error:
            context["error"] = str(error)
            status = 400
        else:
            context["new_link"] = _share_link(token)
    context["shares"] = list(passport_shares_of_learner(request.user))
    response = render(request, "credentials/passport_shares.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def my_passport_share_revoke(request: HttpRequest, share_id: uuid.UUID) -> HttpResponse:
    """The learner revokes one of their share links."""
    share = passport_share_own_get(request.user, share_id)
    if share is None:
        raise Http404
    assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
    passport_share_revoke(share=share, by=request.user)
    messages.success(request, _("The link is revoked: it opens nothing now."))
    return redirect("my-passport-shares")


def _public_headers(response: HttpResponse) -> HttpResponse:
    # The token is in the address: keep it out of caches, referrers and search engines.
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_GET
def passport_share_page(request: HttpRequest, token: str) -> HttpResponse:
    """``/passport/<token>/``: the certificates of a learner who shared them."""
    share = passport_share_open(token)
    if share is None:
        response = render(request, "credentials/passport_share_closed.html", status=404)
        return _public_headers(response)
    credentials = list(passport_share_credentials(share))
    attested = competencies_attested(credentials)
    rows = [
        {
            "credential": credential,
            "status": credential_verify(credential.document).status,
            "competencies": attested[credential.pk],
        }
        for credential in credentials
    ]
    context = {
        "holder": f"{share.person.first_name} {share.person.last_name}",
        "rows": rows,
        "token": token,
        "expires_at": share.expires_at,
    }
    return _public_headers(render(request, "credentials/passport_share.html", context))


@require_GET
def passport_share_download(
    request: HttpRequest, token: str, credential_id: uuid.UUID
) -> HttpResponse:
    """One certificate of a shared passport, as its signed JSON file."""
    share = passport_share_open(token)
    if share is None:
        raise Http404
    credential = passport_share_credentials(share).filter(pk=credential_id).first()
    if credential is None:
        raise Http404
    response = credential_response(request, credential.document)
    filename = f"certificate-{credential.course.code}-{credential.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _public_headers(response)
