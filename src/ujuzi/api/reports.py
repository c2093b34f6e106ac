"""Indicators over the API: the catalogue, and a table as the token's owner may see it.

Tables come from ``ujuzi.reports.services.indicator_table`` with suppression always on:
the API has no way to ask for unsuppressed figures (that is the administrators' own
analysis, on the command line, audited). Learners and facilitators get 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from ujuzi.api.auth import scoped
from ujuzi.api.schema import error_responses
from ujuzi.reports.catalogue import INDICATORS
from ujuzi.reports.exports import table_data
from ujuzi.reports.services import indicator_table
from ujuzi.reports.tables import Filters

router = Router(tags=["reports"])

NOT_FOUND = "Not found."


class IndicatorOut(Schema):
    """One indicator of the catalogue."""

    code: str
    name: str
    definition: str
    numerator: str
    denominator: str
    unit: str
    dimensions: list[str]


class CellOut(Schema):
    """One figure; a suppressed one carries no numbers."""

    numerator: int | None
    denominator: int | None
    value: float | None
    low: float | None
    high: float | None
    suppressed: bool


class RowOut(Schema):
    """One line of a table."""

    keys: list[str]
    labels: list[str]
    cell: CellOut


class TableOut(Schema):
    """An indicator broken down by up to two dimensions."""

    indicator: str
    name: str
    unit: str
    by: list[str]
    filters: dict[str, str]
    suppressed: bool
    threshold: int
    rows: list[RowOut]
    total: CellOut


class TableQuery(Schema):
    """The breakdown and the filters of a table."""

    by: list[str] = []
    period: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    county: str | None = None
    track: str | None = None
    site_kind: str | None = None
    institution: str | None = None


def _indicator(code: str) -> dict[str, Any]:
    item = INDICATORS[code]
    return {
        "code": item.code,
        "name": str(item.name),
        "definition": str(item.definition),
        "numerator": str(item.numerator),
        "denominator": str(item.denominator),
        "unit": item.unit,
        "dimensions": list(item.dimensions),
    }


class IndicatorListOut(Schema):
    """The whole catalogue (a few dozen entries at most, so one page)."""

    items: list[IndicatorOut]
    count: int


@router.get(
    "/reports/indicators",
    response=IndicatorListOut,
    auth=scoped("reports:read"),
    summary="The indicator catalogue",
)
def report_indicator_list(request: HttpRequest) -> Any:
    """Every indicator with its definition, numerator, denominator, unit and dimensions."""
    items = [_indicator(code) for code in INDICATORS]
    return {"items": items, "count": len(items)}


@router.get(
    "/reports/indicators/{code}",
    response=TableOut,
    auth=scoped("reports:read"),
    summary="One indicator as a table",
    openapi_extra=error_responses(400),
)
def report_table(request: HttpRequest, code: str, query: Query[TableQuery]) -> Any:
    """The indicator ``by`` up to two dimensions, filtered, scoped and suppressed."""
    if code not in INDICATORS:
        raise HttpError(404, NOT_FOUND)
    raw = {
        name: value
        for name, value in query.dict().items()
        if name != "by" and value not in (None, "")
    }
    try:
        filters = Filters.from_query(raw)
        table = indicator_table(code, viewer=request.user, filters=filters, by=tuple(query.by))  # type: ignore[arg-type]
    except PermissionDenied:
        raise HttpError(404, NOT_FOUND) from None
    except ValidationError as error:
        raise HttpError(400, "; ".join(error.messages)) from None
    except ValueError as error:
        raise HttpError(400, str(error)) from None
    return table_data(table)
