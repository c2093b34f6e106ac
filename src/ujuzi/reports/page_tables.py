"""Indicator tables ready for a page: formatted figures, links and the chart.

Every number is formatted here (``ujuzi.reports.charts``), every link built here: to the
indicator's definition, to its exports and, for the roles that may see people, to the
records behind a figure (``cell_<dimension>=<key>`` names the figure's cell).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from ujuzi.core.models import User
from ujuzi.people.models import RoleAssignment
from ujuzi.people.policy import scope_for
from ujuzi.reports import services
from ujuzi.reports.catalogue import DIMENSIONS, INDICATORS, Indicator
from ujuzi.reports.charts import count_text, interval_text, table_chart, value_text
from ujuzi.reports.tables import Filters, Table

Role = RoleAssignment.Role
# The cell of a figure, in a records link: ``cell_<dimension>=<key>``.
CELL_PREFIX = "cell_"


def viewer_of(request: HttpRequest) -> User:
    """The signed-in user (every page here requires signing in)."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def sees_records(user: object) -> bool:
    """Programme administrators and training officers may open the records behind a figure."""
    scope = scope_for(user)
    return scope.has(Role.PROGRAMME_ADMIN) or scope.has(Role.TRAINING_OFFICER)


def query_of(filters: Filters, **extra: str) -> str:
    """A query string of the filters and any extra parameters that are set."""
    pairs = [(name, str(value)) for name, value in filters.items()]
    pairs.extend((name, value) for name, value in extra.items() if value)
    return urlencode(pairs)


def records_url(code: str, filters: Filters, cell: Mapping[str, str]) -> str:
    """The address of the people behind one cell of a figure."""
    keys = {f"{CELL_PREFIX}{dimension}": key for dimension, key in cell.items()}
    query = query_of(filters, **keys)
    return reverse("reports-records", args=[code]) + (f"?{query}" if query else "")


@dataclass(frozen=True)
class DataRow:
    """One line of a data table as the reader sees it."""

    labels: tuple[str, ...]
    value: str
    interval: str
    numerator: str
    denominator: str
    suppressed: bool
    records_url: str


@dataclass(frozen=True)
class TableView:
    """A table ready for the page: its rows, total, chart and links."""

    table: Table
    indicator: Indicator
    headers: tuple[str, ...]
    rows: tuple[DataRow, ...]
    total: DataRow
    chart: Any
    caption: str
    csv_url: str
    xlsx_url: str
    page_url: str
    definition_url: str
    records: bool


def records_allowed(request: HttpRequest, indicator: Indicator) -> bool:
    """Whether this viewer gets links to the people behind this indicator's figures."""
    return sees_records(request.user) and indicator.counts == "people"


def data_row(  # noqa: D103 - documented by DataRow
    indicator: Indicator,
    labels: tuple[str, ...],
    cell: Any,
    records_url: str,
) -> DataRow:
    shown = not cell.suppressed
    return DataRow(
        labels=labels,
        value=value_text(cell, indicator.unit),
        interval=interval_text(cell, indicator.unit),
        numerator=count_text(cell.numerator),
        denominator=count_text(cell.denominator),
        suppressed=cell.suppressed,
        records_url=records_url if shown and cell.numerator != 0 else "",
    )


def table_view(table: Table, *, request: HttpRequest, chart_id: str) -> TableView:
    """Rows, total, chart and links of one table, for the data table and the SVG chart."""
    indicator = table.indicator
    records = records_allowed(request, indicator)
    rows = tuple(
        data_row(
            indicator,
            row.labels,
            row.cell,
            records_url(indicator.code, table.filters, dict(zip(table.by, row.keys, strict=True)))
            if records
            else "",
        )
        for row in table.rows
    )
    total = data_row(
        indicator,
        (_("All"),),
        table.total,
        records_url(indicator.code, table.filters, {}) if records else "",
    )
    by_names = tuple(str(DIMENSIONS[code].name) for code in table.by if code in DIMENSIONS)
    if by_names:
        caption = _("%(indicator)s by %(dimensions)s") % {
            "indicator": indicator.name,
            "dimensions": _(" and ").join(by_names),
        }
    else:
        caption = str(indicator.name)
    reference = None
    if indicator.code == "conversion_graduates":
        reference = settings.UJUZI.reports_conversion_alert / 100
    by_query = [("by", code) for code in table.by]
    filter_query = [(name, str(value)) for name, value in table.filters.items()]
    query = urlencode(filter_query + by_query)
    suffix = f"?{query}" if query else ""
    return TableView(
        table=table,
        indicator=indicator,
        headers=by_names or (_("Group"),),
        rows=rows,
        total=total,
        chart=table_chart(table, chart_id=chart_id, title=caption, reference=reference),
        caption=caption,
        csv_url=reverse("reports-export-csv", args=[indicator.code]) + suffix,
        xlsx_url=reverse("reports-export-xlsx", args=[indicator.code]) + suffix,
        page_url=reverse("reports-indicator", args=[indicator.code]) + suffix,
        definition_url=reverse("reports-definitions") + f"#{indicator.code}",
        records=records,
    )


@dataclass(frozen=True)
class Figure:
    """A headline figure on a dashboard."""

    indicator: Indicator
    value: str
    interval: str
    numerator: str
    denominator: str
    suppressed: bool
    page_url: str
    definition_url: str
    records_url: str


def figure_for(request: HttpRequest, code: str, filters: Filters) -> Figure | None:
    """A headline figure, or None when this viewer's dashboard does not carry it."""
    indicator = INDICATORS[code]
    try:
        table = services.indicator_table(code, viewer=viewer_of(request), filters=filters)
    except (PermissionDenied, ValueError):
        return None  # not a figure this viewer's dashboard carries
    row = data_row(
        indicator,
        (),
        table.total,
        records_url(code, filters, {}) if records_allowed(request, indicator) else "",
    )
    query = filters.as_query()
    return Figure(
        indicator=indicator,
        value=row.value,
        interval=row.interval,
        numerator=row.numerator,
        denominator=row.denominator,
        suppressed=row.suppressed,
        page_url=reverse("reports-indicator", args=[code]) + (f"?{query}" if query else ""),
        definition_url=reverse("reports-definitions") + f"#{code}",
        records_url=row.records_url,
    )
