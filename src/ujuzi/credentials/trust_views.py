"""The trust list pages: programme administrators import and judge other issuers.

Everyone else gets 404, as for every page outside a role's scope. Each change goes
through ``trust.py``, so it is journaled and written to the audit chain.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ujuzi.core.models import User
from ujuzi.credentials.models import TrustedIssuer
from ujuzi.credentials.samples import sample_certificates
from ujuzi.credentials.trust import (
    MAX_DOCUMENT_BYTES,
    TrustDocumentError,
    trust_issuer_import,
    trust_issuer_remove,
    trust_issuer_set_trusted,
    trusted_issuer_list,
)
from ujuzi.people.models import RoleAssignment
from ujuzi.people.policy import scope_for


def request_administrator(request: HttpRequest) -> User:
    """The signed-in programme administrator; anyone else gets 404."""
    if not scope_for(request.user).has(RoleAssignment.Role.PROGRAMME_ADMIN):
        raise Http404
    assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
    return request.user


def _issuer(issuer_id: uuid.UUID) -> TrustedIssuer:
    issuer = TrustedIssuer.objects.filter(pk=issuer_id).first()
    if issuer is None:
        raise Http404
    return issuer


def _page(request: HttpRequest, *, error: str = "", status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {
        "issuers": trusted_issuer_list(),
        "error": error,
        "limit_kib": MAX_DOCUMENT_BYTES // 1024,
        "form": request.POST if request.method == "POST" else {},
        "samples": sample_certificates(),
    }
    return render(request, "credentials/trust_list.html", context, status=status)


@login_required
@require_GET
def trust_list(request: HttpRequest) -> HttpResponse:
    """``/trust/``: the other issuers, trusted or only known, and the import form."""
    request_administrator(request)
    return _page(request)


@login_required
@require_POST
def trust_import(request: HttpRequest) -> HttpResponse:
    """Import (or update) one issuer from an uploaded DID document."""
    user = request_administrator(request)
    upload = request.FILES.get("document")
    if upload is None:
        return _page(
            request, error=_("Choose the issuer's DID document (a JSON file)."), status=400
        )
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        error = _("The file is larger than %(limit)d KiB.") % {"limit": MAX_DOCUMENT_BYTES // 1024}
        return _page(request, error=error, status=400)
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _page(
            request, error=_("The file is not JSON: a DID document is a JSON file."), status=400
        )
    try:
        issuer = trust_issuer_import(
            document,
            trusted=request.POST.get("trusted") == "1",
            name=request.POST.get("name", ""),
            country=request.POST.get("country", ""),
            note=request.POST.get("note", ""),
            by=user,
        )
    except TrustDocumentError as error:
        # The reason is English text naming the part of the document that is wrong.
        message = _("This DID document cannot be imported: %(reason)s") % {"reason": error}
        return _page(request, error=message, status=400)
    messages.success(request, _("%(name)s is on the trust list.") % {"name": issuer.name})
    return redirect("trust-list")


@login_required
@require_POST
def trust_mark(request: HttpRequest, issuer_id: uuid.UUID) -> HttpResponse:
    """Trust a known issuer, or keep it known but stop trusting it."""
    user = request_administrator(request)
    issuer = _issuer(issuer_id)
    trusted = request.POST.get("trusted") == "1"
    trust_issuer_set_trusted(issuer=issuer, trusted=trusted, by=user)
    if trusted:
        messages.success(request, _("%(name)s is trusted.") % {"name": issuer.name})
    else:
        messages.success(
            request,
            _("%(name)s is no longer trusted: its certificates show as untrusted.")
            % {"name": issuer.name},
        )
    return redirect("trust-list")


@login_required
@require_POST
def trust_remove(request: HttpRequest, issuer_id: uuid.UUID) -> HttpResponse:
    """Take an issuer off the list: its certificates become "unknown issuer"."""
    user = request_administrator(request)
    issuer = _issuer(issuer_id)
    trust_issuer_remove(issuer=issuer, by=user)
    messages.success(request, _("%(name)s is off the trust list.") % {"name": issuer.name})
    return redirect("trust-list")
