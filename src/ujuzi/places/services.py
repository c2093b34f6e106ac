"""Writes for sites and mobile-lab routes, journaled and audited through the kernel."""

from __future__ import annotations

import datetime

from django.db import transaction

from ujuzi.core.models import AdministrativeArea, User
from ujuzi.core.records import record_create
from ujuzi.places.models import RouteStop, Site


def site_create(
    *,
    code: str,
    name: str,
    kind: str,
    area: AdministrativeArea | None,
    by: User | None,
    location: str = "",
    seats: int = 0,
    connectivity: str = Site.Connectivity.NONE,
    connectivity_note: str = "",
) -> Site:
    """Register a site."""
    site = Site(
        code=code,
        name=name,
        kind=kind,
        area=area,
        location=location,
        seats=seats,
        connectivity=connectivity,
        connectivity_note=connectivity_note,
    )
    return record_create(site, by=by, action="site.create")


@transaction.atomic
def route_stop_add(
    *,
    site: Site,
    area: AdministrativeArea,
    place: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    by: User | None,
) -> RouteStop:
    """Add a stop to a mobile lab's route."""
    stop = RouteStop(site=site, area=area, place=place, starts_on=starts_on, ends_on=ends_on)
    return record_create(stop, by=by, action="route_stop.create")
