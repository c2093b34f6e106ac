"""Public verification pages: a certificate's QR link, and a form to check a file.

Where a sample certificate of another issuer is on offer (``samples.py``: the demo's
partner), the form also lets a person download it or verify it with one button.

Nobody signs in. The page says whether a certificate is genuine and what it attests, and
never who holds it: the recipient is shown only as "the holder", because the certificate
names them by a salted hash and the page must not undo that.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ujuzi.core.models import User
from ujuzi.credentials.issuing import ISSUER_NAME, CredentialError, credential_revoke
from ujuzi.credentials.media import credential_response
from ujuzi.credentials.samples import sample_certificate_get, sample_certificates
from ujuzi.credentials.selectors import credential_public
from ujuzi.credentials.verify import (
    EXPIRED,
    ISSUER_OWN,
    ISSUER_TRUSTED,
    ISSUER_UNKNOWN,
    ISSUER_UNTRUSTED,
    MAX_BYTES,
    REVOCATION_CHECKED,
    REVOCATION_NONE,
    REVOCATION_NOT_CHECKED,
    REVOKED,
    VALID,
    CredentialParseError,
    Verdict,
    credential_parse,
    credential_verify,
)
from ujuzi.people.policy import scope_for

MAX_REASON = 300
# Only a genuine document's contents are worth showing: a tampered one says anything.
_GENUINE = {VALID, REVOKED, EXPIRED}


def _headline(status: str) -> str:
    return {
        VALID: _("This certificate is genuine and valid."),
        REVOKED: _("This certificate was revoked by its issuer."),
        EXPIRED: _("This certificate is genuine but has expired."),
        "not yet valid": _("This certificate is genuine but not valid yet."),
        "tampered": _("This certificate has been changed since it was issued."),
        "unknown issuer": _("This certificate comes from an issuer this site does not know."),
        "untrusted issuer": _(
            "This certificate comes from an issuer this programme knows but does not trust."
        ),
        "malformed": _("This is not a certificate this site can read."),
        "unknown": _("No certificate is known at this address."),
    }.get(status, status)


def _facts(document: Any, verdict: Verdict) -> dict[str, str]:
    if verdict.status not in _GENUINE or not isinstance(document, dict):
        return {}
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
    issuer = document.get("issuer")
    return {
        "achievement": str(achievement.get("name", "")) if isinstance(achievement, dict) else "",
        "issuer": str(issuer.get("name", ISSUER_NAME)) if isinstance(issuer, dict) else "",
        "valid_from": _local_day(document.get("validFrom")),
    }


def _local_day(value: Any) -> str:
    # Certificates carry UTC; people read the day where the programme runs.
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        return ""
    return timezone.localtime(moment).date().isoformat()


def _issuer_trust(verdict: Verdict) -> str:
    return {
        ISSUER_OWN: _("this programme's own issuer"),
        ISSUER_TRUSTED: _("another issuer, trusted by this programme"),
        ISSUER_UNTRUSTED: _("another issuer, known but not trusted"),
        ISSUER_UNKNOWN: _("not an issuer this programme knows"),
    }.get(verdict.issuer_trust, "")


def _revocation(verdict: Verdict) -> str:
    return {
        REVOCATION_CHECKED: _("checked"),
        REVOCATION_NOT_CHECKED: _("not checked: the issuer's status list is not read here"),
        REVOCATION_NONE: _("the certificate has no status list"),
    }.get(verdict.revocation, "")


def _context(document: Any, verdict: Verdict) -> dict[str, Any]:
    return {
        "verdict": verdict,
        "headline": _headline(verdict.status),
        "issuer_trust": _issuer_trust(verdict),
        "revocation": _revocation(verdict),
        "facts": _facts(document, verdict),
        "is_valid": verdict.is_valid,
    }


@require_GET
def credential_verify_page(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    """``/verify/<id>/``: the target of a certificate's QR code."""
    credential = credential_public(credential_id)
    if credential is None:
        verdict = Verdict("unknown", "no certificate with this id")
        context = _context(None, verdict)
        return render(request, "credentials/verify_result.html", context, status=404)
    context = _context(credential.document, credential_verify(credential.document))
    context["credential"] = credential
    context["revokes"] = scope_for(request.user).runs_cohorts and credential.revoked_at is None
    return render(request, "credentials/verify_result.html", context)


@login_required
@require_POST
def credential_revoke_view(request: HttpRequest, credential_id: uuid.UUID) -> HttpResponse:
    """A programme administrator revokes a certificate from its verification page."""
    if not scope_for(request.user).runs_cohorts:
        raise Http404
    credential = credential_public(credential_id)
    if credential is None:
        raise Http404
    reason = request.POST.get("reason", "").strip()
    if not reason or len(reason) > MAX_REASON:
        messages.error(request, _("Say why the certificate is revoked, in under 300 characters."))
    else:
        assert isinstance(request.user, User)  # noqa: S101 - login_required ran first
        try:
            credential_revoke(credential=credential, reason=reason, by=request.user)
        except CredentialError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The certificate is revoked."))
    return redirect("credential-verify", credential_id=credential.pk)


@require_http_methods(["GET", "POST"])
def credential_verify_upload(request: HttpRequest) -> HttpResponse:
    """``/verify/``: upload a certificate file (JSON), or try a sample, and see the verdict."""
    context: dict[str, Any] = {"limit_kib": MAX_BYTES // 1024, "samples": sample_certificates()}
    if request.method == "POST":
        sample_slug = request.POST.get("sample", "")
        upload = request.FILES.get("credential")
        if sample_slug:
            sample = sample_certificate_get(sample_slug[:100])
            if sample is None:
                raise Http404
            # The sample goes the way an upload does: as the file a person would download.
            data = json.dumps(sample.document, ensure_ascii=False).encode()
            context["sample"] = sample
        elif upload is not None:
            data = upload.read(MAX_BYTES + 1)
        else:
            context["error"] = _("Choose a certificate file to check.")
            return render(request, "credentials/verify_upload.html", context, status=400)
        try:
            document = credential_parse(data)
        except CredentialParseError as error:
            context["error"] = str(error)
            return render(request, "credentials/verify_upload.html", context, status=400)
        context |= _context(document, credential_verify(document))
    return render(request, "credentials/verify_upload.html", context)


@require_GET
def credential_sample_download(request: HttpRequest, sample: str) -> HttpResponse:
    """A sample certificate of another issuer, as its signed JSON file (demo data only)."""
    found = sample_certificate_get(sample)
    if found is None:
        raise Http404
    response = credential_response(request, found.document)
    response["Content-Disposition"] = f'attachment; filename="sample-certificate-{found.slug}.json"'
    return response
