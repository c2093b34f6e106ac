"""Certificates that cannot be issued yet: the programme administrator's list and mends.

Everyone else gets 404. Mending goes through services (journaled and audited): a fresh
learner number for a graduate without a valid one, or simply trying again once the
cause (an issuer key, say) is fixed.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ujuzi.core.models import User
from ujuzi.credentials.holds import hold_open_get_for, holds_open_for
from ujuzi.credentials.issuing import CredentialError, credential_issue
from ujuzi.credentials.models import IssuingHold
from ujuzi.people.policy import scope_for
from ujuzi.people.services import person_learner_number_renew

HOLDS_PER_PAGE = 50


def _hold(request: HttpRequest, hold_id: uuid.UUID) -> tuple[IssuingHold, User]:
    hold = hold_open_get_for(request.user, hold_id)
    if hold is None:
        raise Http404
    assert isinstance(request.user, User)  # noqa: S101 - only administrators see holds
    return hold, request.user


@login_required
@require_GET
def holds_list(request: HttpRequest) -> HttpResponse:
    """``/certificates/waiting/``: every graduate whose certificate is waiting, and why."""
    if not scope_for(request.user).runs_cohorts:
        raise Http404
    holds = holds_open_for(request.user)
    page = Paginator(holds, HOLDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "credentials/holds.html", {"page": page})


@login_required
@require_POST
def hold_retry(request: HttpRequest, hold_id: uuid.UUID) -> HttpResponse:
    """Try to issue the certificate again (after the cause has been mended)."""
    hold, user = _hold(request, hold_id)
    _issue(request, hold, user)
    return redirect("credential-holds")


@login_required
@require_POST
def hold_learner_number(request: HttpRequest, hold_id: uuid.UUID) -> HttpResponse:
    """Give the graduate a fresh learner number, then issue their certificate."""
    hold, user = _hold(request, hold_id)
    if hold.reason != IssuingHold.Reason.NO_LEARNER_NUMBER:
        raise Http404
    person_learner_number_renew(person=hold.completion.person, by=user)
    _issue(request, hold, user)
    return redirect("credential-holds")


def _issue(request: HttpRequest, hold: IssuingHold, user: User) -> None:
    try:
        credential_issue(completion=hold.completion, by=user)
    except CredentialError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The certificate has been issued."))
