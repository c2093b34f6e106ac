"""Reads of kernel records. Reference data is public; nothing here touches people."""

from __future__ import annotations

from django.db.models import QuerySet

from ujuzi.core.models import AdministrativeArea


def area_list(
    *, country: str | None = None, kind: str | None = None
) -> QuerySet[AdministrativeArea]:
    """Areas in a stable order, optionally by country code and kind."""
    areas = AdministrativeArea.objects.order_by("country_id", "kind", "code", "name")
    if country:
        areas = areas.filter(country_id=country.upper())
    if kind:
        areas = areas.filter(kind=kind)
    return areas
