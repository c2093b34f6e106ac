"""The outbox pages, for programme administrators. Thin: parse, select, render."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ujuzi.notifications import selectors
from ujuzi.notifications.forms import MessageFilterForm
from ujuzi.people.policy import scope_for

PAGE_SIZE = 50


@login_required
@require_GET
def outbox_list(request: HttpRequest) -> HttpResponse:
    """Every e-mail and SMS, newest first, by channel and status."""
    if not scope_for(request.user).reads_outbox:
        raise Http404
    form = MessageFilterForm(request.GET or None)
    filters = selectors.MessageFilters()
    if form.is_valid():
        filters = selectors.MessageFilters(
            channel=form.cleaned_data["channel"], status=form.cleaned_data["status"]
        )
    messages = selectors.message_list_for(request.user, filters=filters)
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": bool(filters.channel or filters.status),
    }
    return render(request, "notifications/outbox_list.html", context)


@login_required
@require_GET
def outbox_detail(request: HttpRequest, message_id: uuid.UUID) -> HttpResponse:
    """One message as it was sent or kept, and what became of it."""
    message = selectors.message_get_for(request.user, message_id)
    if message is None:
        raise Http404
    return render(request, "notifications/outbox_detail.html", {"message": message})
