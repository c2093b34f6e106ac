"""What a partner's achievements attest: the programme administrator's mapping pages.

Everyone else gets 404. Each change goes through ``partners.py`` (journaled, audited).
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ujuzi.competencies.models import Competency
from ujuzi.credentials.models import AchievementMapping, PartnerCredential, TrustedIssuer
from ujuzi.credentials.partners import (
    PartnerCredentialError,
    achievement_mapping_add,
    achievement_mapping_remove,
)
from ujuzi.credentials.trust_views import request_administrator


def _issuer(issuer_id: uuid.UUID) -> TrustedIssuer:
    issuer = TrustedIssuer.objects.filter(pk=issuer_id).first()
    if issuer is None:
        raise Http404
    return issuer


def _competency(text: str) -> Competency | None:
    try:
        competency_id = uuid.UUID(text)
    except ValueError:
        return None
    return Competency.objects.filter(pk=competency_id, kind=Competency.Kind.COMPETENCY).first()


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 4 else None


def _competencies() -> list[Competency]:
    return list(
        Competency.objects.filter(kind=Competency.Kind.COMPETENCY)
        .select_related("framework")
        .order_by("framework__slug", "uri_code")
    )


@login_required
@require_http_methods(["GET", "POST"])
def achievement_mappings(request: HttpRequest, issuer_id: uuid.UUID) -> HttpResponse:
    """``/trust/<id>/achievements/``: the issuer's mapped achievements and the form to add."""
    user = request_administrator(request)
    issuer = _issuer(issuer_id)
    status = 200
    if request.method == "POST":
        competency = _competency(request.POST.get("competency", ""))
        level = _whole_number(request.POST.get("level", ""))
        try:
            if competency is None or level is None:
                raise PartnerCredentialError(_("Choose a competency and a level."))
            achievement_mapping_add(
                issuer=issuer,
                achievement_id=request.POST.get("achievement_id", ""),
                achievement_name=request.POST.get("achievement_name", ""),
                competency=competency,
                level=level,
                association=request.POST.get("association", ""),
                by=user,
            )
        except PartnerCredentialError as error:
            messages.error(request, str(error))
            status = 400
        else:
            messages.success(request, _("The achievement now counts as evidence."))
            return redirect("achievement-mappings", issuer_id=issuer.pk)
    seen = sorted(
        set(
            PartnerCredential.objects.filter(issuer=issuer).values_list("achievement_id", flat=True)
        )
    )
    context = {
        "issuer": issuer,
        "mappings": AchievementMapping.objects.filter(issuer=issuer).select_related(
            "competency__framework"
        ),
        "competencies": _competencies(),
        "associations": AchievementMapping.Association.choices,
        "seen": seen,
        "form": request.POST if request.method == "POST" else {},
    }
    return render(request, "credentials/achievement_mappings.html", context, status=status)


@login_required
@require_POST
def achievement_mapping_delete(
    request: HttpRequest, issuer_id: uuid.UUID, mapping_id: uuid.UUID
) -> HttpResponse:
    """Stop counting one mapped achievement (evidence already given stays)."""
    user = request_administrator(request)
    mapping = AchievementMapping.objects.filter(pk=mapping_id, issuer_id=issuer_id).first()
    if mapping is None:
        raise Http404
    achievement_mapping_remove(mapping=mapping, by=user)
    messages.success(request, _("The mapping was removed."))
    return redirect("achievement-mappings", issuer_id=issuer_id)
