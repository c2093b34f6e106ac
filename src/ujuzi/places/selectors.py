"""Reads of sites. Sites hold no personal data: every signed-in role may list them."""

from __future__ import annotations

import uuid

from django.db.models import Count, Prefetch, QuerySet

from ujuzi.places.models import RouteStop, Site


def site_list(*, kind: str | None = None, area_key: str | None = None) -> QuerySet[Site]:
    """Sites by name, optionally of one kind or in one county or district."""
    sites = Site.objects.select_related("area").annotate(stop_count=Count("stops"))
    if kind:
        sites = sites.filter(kind=kind)
    if area_key:
        sites = sites.filter(area_id=area_key)
    return sites.order_by("name")


def site_get(site_id: uuid.UUID) -> Site | None:
    """One site with its route, or ``None``."""
    stops = RouteStop.objects.select_related("area").order_by("starts_on")
    return (
        Site.objects.select_related("area")
        .prefetch_related(Prefetch("stops", queryset=stops))
        .filter(pk=site_id)
        .first()
    )
