"""Pages for sites and mobile-lab routes (no personal data; any signed-in role)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ujuzi.places import selectors
from ujuzi.places.models import Site

PAGE_SIZE = 50


@login_required
@require_GET
def site_list(request: HttpRequest) -> HttpResponse:
    """Sites, optionally of one kind."""
    kind = request.GET.get("kind", "")
    if kind not in Site.Kind.values:
        kind = ""
    page = Paginator(selectors.site_list(kind=kind or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "places/site_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": Site.Kind.choices,
            "kind_query": f"kind={kind}" if kind else "",
        },
    )


@login_required
@require_GET
def site_detail(request: HttpRequest, site_id: uuid.UUID) -> HttpResponse:
    """One site and, for a mobile lab, its route."""
    site = selectors.site_get(site_id)
    if site is None:
        raise Http404
    return render(request, "places/site_detail.html", {"site": site})
