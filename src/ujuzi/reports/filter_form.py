"""The filter form of the reports pages: a GET form that works without script.

The period is one list (a calendar month, quarter or year: the only periods the engine
publishes, see ``ujuzi.reports.suppression``); counties come from the reference data;
tracks and institutions from the figures the viewer may see, so a list never offers what
the viewer cannot filter by. Errors are keyed by the form's fields.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ujuzi.core.selectors import area_list
from ujuzi.reports import services
from ujuzi.reports.page_tables import viewer_of
from ujuzi.reports.tables import SITE_KINDS, Filters, period_bounds

# The first year the period filter offers.
FIRST_YEAR = 2024
SITE_KIND_NAMES = {
    "campus": gettext_lazy("campus"),
    "community_centre": gettext_lazy("community digital centre"),
    "mobile_lab": gettext_lazy("mobile lab"),
    "online": gettext_lazy("online"),
}


def problems_of(error: ValidationError) -> dict[str, str]:
    """Messages by form field; the period's two dates are one field on the form."""
    if not hasattr(error, "error_dict"):
        return {"period": " ".join(error.messages)}
    problems: dict[str, str] = {}
    for name, messages in error.message_dict.items():
        field = "period" if name.startswith("period") else name
        problems[field] = " ".join([*filter(None, [problems.get(field)]), *messages])
    return problems


def periods_offered(today: datetime.date) -> list[tuple[str, str]]:
    """The periods a filter offers: recent months, quarters of two years, and years."""
    months = []
    year, month = today.year, today.month
    for _step in range(18):
        first = datetime.date(year, month, 1)
        months.append((first.strftime("%Y-%m"), formats.date_format(first, "YEAR_MONTH_FORMAT")))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    quarters = [
        (f"{y}-Q{q}", _("%(year)s, quarter %(quarter)s") % {"year": y, "quarter": q})
        for y in (today.year, today.year - 1)
        for q in (4, 3, 2, 1)
        if datetime.date(y, 3 * q - 2, 1) <= today
    ]
    years = [(str(y), str(y)) for y in range(today.year, FIRST_YEAR - 1, -1)]
    return years + quarters + months


def period_value(filters: Filters | None, query: Mapping[str, Any]) -> str:
    """The period select's value: as asked, or read back from the two dates of a link."""
    asked = str(query.get("period", "") or "")
    if asked or filters is None or filters.period_start is None or filters.period_end is None:
        return asked
    start, end = filters.period_start, filters.period_end
    for text in (
        str(start.year),
        f"{start.year}-Q{(start.month + 2) // 3}",
        start.strftime("%Y-%m"),
    ):
        if period_bounds(text) == (start, end):
            return text
    return ""


def filters_from(query: Mapping[str, Any]) -> tuple[Filters | None, dict[str, str]]:
    """The filters of a query string, or None and the problems by form field."""
    try:
        filters = Filters.from_query(query)
        services.period_shape(filters)  # a calendar month, quarter or year, or none
    except ValidationError as error:
        return None, problems_of(error)
    return filters, {}


def choices_for(request: HttpRequest, dimension: str) -> list[tuple[str, str]]:
    """Keys and names for a filter's list, from the figures the viewer may see."""
    try:
        table = services.indicator_table(
            "enrolled", viewer=viewer_of(request), filters=Filters(), by=(dimension,)
        )
    except (PermissionDenied, ValueError):
        return []
    return sorted(
        ((row.keys[0], row.labels[0]) for row in table.rows if row.keys[0]),
        key=lambda pair: pair[1].lower(),
    )


def filter_form(
    request: HttpRequest,
    kind: str,
    filters: Filters | None,
    problems: dict[str, str],
    *,
    by: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The GET form of filters: the values typed, the lists to choose from, the errors."""
    counties = [(area.key, area.name) for area in area_list(kind="county")]
    values = {name: request.GET.get(name, "") for name in FILTER_FIELDS}
    values["period"] = period_value(filters, request.GET)
    periods = periods_offered(timezone.localdate())
    if values["period"] and values["period"] not in {key for key, _name in periods}:
        periods.insert(0, (values["period"], values["period"]))  # an older one, from a link
    form: dict[str, Any] = {
        "values": values,
        "periods": periods,
        "problems": problems,
        "counties": counties,
        "tracks": choices_for(request, "track"),
        "site_kinds": [(kind_code, SITE_KIND_NAMES[kind_code]) for kind_code in SITE_KINDS],
        "institutions": choices_for(request, "institution") if kind != "partner" else [],
        "by": by,
    }
    return form


FILTER_FIELDS = ("county", "track", "site_kind", "institution")
