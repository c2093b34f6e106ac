"""Reference data endpoints: countries and their administrative areas (no personal data)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from ujuzi.api.auth import scoped
from ujuzi.api.pagination import LimitOffset
from ujuzi.core import selectors

router = Router(tags=["reference"])


class AreaOut(Schema):
    """A county, province or district."""

    key: str
    country: str
    kind: str
    code: str
    name: str
    parent: str | None

    @staticmethod
    def resolve_country(area: Any) -> str:
        """The country's ISO code."""
        return str(area.country_id)

    @staticmethod
    def resolve_parent(area: Any) -> str | None:
        """The parent area's key, for a district."""
        return area.parent_id


@router.get(
    "/areas",
    response=list[AreaOut],
    auth=scoped("reference:read"),
    summary="List counties, provinces and districts",
)
@paginate(LimitOffset)
def area_list(request: HttpRequest, country: str | None = None, kind: str | None = None) -> Any:
    """Areas, filtered by country code (KE, RW) and kind (county, province, district)."""
    return selectors.area_list(country=country, kind=kind)
