"""The reports pages: dashboards per role, one indicator, definitions, records, exports.

| page | admin | DPO | training officer | partner viewer | others |
|---|---|---|---|---|---|
| dashboard, indicator, exports | national | national, suppressed | own staff | suppressed | 404 |
| records behind a figure | everyone | 404 | own staff | 404 | 404 |

The data protection officer sees the national figures (oversight of what the programme
publishes) but not the lists of people behind them: their access to people is for
data-subject requests, and a figure's records are not one. Every figure is read from the
engine (``ujuzi.reports.services``), which scopes it to the viewer and suppresses small
cells; the pages never count people themselves.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ujuzi.core.models import User
from ujuzi.core.selectors import area_list
from ujuzi.people.models import RoleAssignment
from ujuzi.people.policy import scope_for
from ujuzi.reports import services
from ujuzi.reports.alerts import conversion_alerts
from ujuzi.reports.catalogue import DIMENSIONS, INDICATORS, Indicator
from ujuzi.reports.charts import (
    count_text,
    interval_text,
    table_chart,
    value_text,
)
from ujuzi.reports.tables import SITE_KINDS, Filters, Table, period_bounds

Role = RoleAssignment.Role
PAGE_SIZE = 50
MAX_BY = 2
# The cell of a figure, in a records link: ``cell_<dimension>=<key>``.
CELL_PREFIX = "cell_"
# The charts of a dashboard, under its headline figures: indicator and breakdown.
DASHBOARD_CHARTS = (
    ("conversion_graduates", "track"),
    ("completion_rate", "sex"),
    ("enrolled", "site_kind"),
)
NATIONAL, INSTITUTION, PARTNER = "national", "institution", "partner"
# The first year the period filter offers.
FIRST_YEAR = 2024
UNITS = {
    "people": gettext_lazy("people"),
    "proportion": gettext_lazy("share, with a 95% confidence interval"),
    "mean": gettext_lazy("mean"),
    "count": gettext_lazy("count"),
}
SITE_KIND_NAMES = {
    "campus": gettext_lazy("campus"),
    "community_centre": gettext_lazy("community digital centre"),
    "mobile_lab": gettext_lazy("mobile lab"),
    "online": gettext_lazy("online"),
}


def dashboard_kind(user: object) -> str | None:
    """Which dashboard a login gets, or None when reports are not for them."""
    scope = scope_for(user)
    if scope.has(Role.PROGRAMME_ADMIN) or scope.has(Role.DATA_PROTECTION_OFFICER):
        return NATIONAL
    if scope.has(Role.TRAINING_OFFICER):
        return INSTITUTION
    if scope.has(Role.PARTNER_VIEWER):
        return PARTNER
    return None


def sees_records(user: object) -> bool:
    """Programme administrators and training officers may open the records behind a figure."""
    scope = scope_for(user)
    return scope.has(Role.PROGRAMME_ADMIN) or scope.has(Role.TRAINING_OFFICER)


def _viewer(request: HttpRequest) -> User:
    """The signed-in user (every page here requires signing in)."""
    if not isinstance(request.user, User):
        raise Http404
    return request.user


def _reader(request: HttpRequest) -> str:
    kind = dashboard_kind(request.user)
    if kind is None:
        raise Http404
    return kind


def _indicator(code: str) -> Indicator:
    indicator = INDICATORS.get(code)
    if indicator is None:
        raise Http404
    return indicator


def _problems(error: ValidationError) -> dict[str, str]:
    """Messages by form field; the period's two dates are one field on the form."""
    if not hasattr(error, "error_dict"):
        return {"period": " ".join(error.messages)}
    problems: dict[str, str] = {}
    for name, messages in error.message_dict.items():
        field = "period" if name.startswith("period") else name
        problems[field] = " ".join([*filter(None, [problems.get(field)]), *messages])
    return problems


def _periods(today: datetime.date) -> list[tuple[str, str]]:
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


def _period_value(filters: Filters | None, query: Mapping[str, Any]) -> str:
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


def _filters(query: Mapping[str, Any]) -> tuple[Filters | None, dict[str, str]]:
    try:
        filters = Filters.from_query(query)
        services.period_shape(filters)  # a calendar month, quarter or year, or none
    except ValidationError as error:
        return None, _problems(error)
    return filters, {}


def _by(request: HttpRequest, indicator: Indicator) -> tuple[tuple[str, ...], str]:
    """The breakdown asked for (``?by=sex&by=county``), or the reason it cannot be given."""
    wanted = tuple(dict.fromkeys(code for code in request.GET.getlist("by") if code))
    if len(wanted) > MAX_BY:
        return (), _("Break a figure down by at most %(count)s things at once.") % {"count": MAX_BY}
    unknown = [code for code in wanted if code not in indicator.dimensions]
    if unknown:
        return (), _("%(indicator)s cannot be broken down by %(names)s.") % {
            "indicator": indicator.name,
            "names": ", ".join(unknown),
        }
    return wanted, ""


def _table(code: str, *, request: HttpRequest, filters: Filters, by: tuple[str, ...] = ()) -> Table:
    """The engine's table for this viewer; a refusal is a 404 (nothing confirms it exists)."""
    try:
        return services.indicator_table(code, viewer=_viewer(request), filters=filters, by=by)
    except PermissionDenied as error:
        raise Http404 from error


def _query(filters: Filters, **extra: str) -> str:
    pairs = [(name, str(value)) for name, value in filters.items()]
    pairs.extend((name, value) for name, value in extra.items() if value)
    return urlencode(pairs)


def _records_url(code: str, filters: Filters, cell: Mapping[str, str]) -> str:
    keys = {f"{CELL_PREFIX}{dimension}": key for dimension, key in cell.items()}
    query = _query(filters, **keys)
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


def _records_allowed(request: HttpRequest, indicator: Indicator) -> bool:
    return sees_records(request.user) and indicator.counts == "people"


def _data_row(
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
    records = _records_allowed(request, indicator)
    rows = tuple(
        _data_row(
            indicator,
            row.labels,
            row.cell,
            _records_url(indicator.code, table.filters, dict(zip(table.by, row.keys, strict=True)))
            if records
            else "",
        )
        for row in table.rows
    )
    total = _data_row(
        indicator,
        (_("All"),),
        table.total,
        _records_url(indicator.code, table.filters, {}) if records else "",
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


def _figure(request: HttpRequest, code: str, filters: Filters) -> Figure | None:
    indicator = INDICATORS[code]
    try:
        table = services.indicator_table(code, viewer=_viewer(request), filters=filters)
    except (PermissionDenied, ValueError):
        return None  # not a figure this viewer's dashboard carries
    row = _data_row(
        indicator,
        (),
        table.total,
        _records_url(code, filters, {}) if _records_allowed(request, indicator) else "",
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


def _choices(request: HttpRequest, dimension: str) -> list[tuple[str, str]]:
    """Keys and names for a filter's list, from the figures the viewer may see."""
    try:
        table = services.indicator_table(
            "enrolled", viewer=_viewer(request), filters=Filters(), by=(dimension,)
        )
    except (PermissionDenied, ValueError):
        return []
    return sorted(
        ((row.keys[0], row.labels[0]) for row in table.rows), key=lambda pair: pair[1].lower()
    )


def _filter_form(
    request: HttpRequest,
    kind: str,
    filters: Filters | None,
    problems: dict[str, str],
    *,
    by: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The GET form of filters: the values typed, the lists to choose from, the errors."""
    counties = [(area.key, area.name) for area in area_list(kind="county")]
    values = {name: request.GET.get(name, "") for name in _FILTER_FIELDS}
    values["period"] = _period_value(filters, request.GET)
    periods = _periods(timezone.localdate())
    if values["period"] and values["period"] not in {key for key, _name in periods}:
        periods.insert(0, (values["period"], values["period"]))  # an older one, from a link
    form: dict[str, Any] = {
        "values": values,
        "periods": periods,
        "problems": problems,
        "counties": counties,
        "tracks": _choices(request, "track"),
        "site_kinds": [(kind_code, SITE_KIND_NAMES[kind_code]) for kind_code in SITE_KINDS],
        "institutions": _choices(request, "institution") if kind != PARTNER else [],
        "by": by,
    }
    return form


_FILTER_FIELDS = ("county", "track", "site_kind", "institution")


def _refresh() -> None:
    """Read fresh figures on a small installation; a large one waits for the hourly job."""
    services.facts_refresh_if_stale()


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the signed-in role: headline figures, charts and alerts."""
    kind = _reader(request)
    filters, problems = _filters(request.GET)
    figures: list[Figure] = []
    charts: list[TableView] = []
    alerts = []
    if filters is not None:
        _refresh()
        figures = [
            figure for code in INDICATORS if (figure := _figure(request, code, filters)) is not None
        ]
        for index, (code, dimension) in enumerate(DASHBOARD_CHARTS):
            if code not in INDICATORS or dimension not in INDICATORS[code].dimensions:
                continue
            try:
                table = services.indicator_table(
                    code, viewer=_viewer(request), filters=filters, by=(dimension,)
                )
            except (PermissionDenied, ValueError):
                continue
            charts.append(table_view(table, request=request, chart_id=f"chart-{index}"))
        if scope_for(request.user).has(Role.PROGRAMME_ADMIN):
            alerts = conversion_alerts(filters=filters)
    status = 400 if problems else 200
    return render(
        request,
        "reports/dashboard.html",
        {
            "kind": kind,
            "filters": filters,
            "form": _filter_form(request, kind, filters, problems),
            "figures": figures,
            "charts": charts,
            "alerts": alerts,
            "suppression_note": kind != NATIONAL
            or not scope_for(request.user).has(Role.PROGRAMME_ADMIN),
        },
        status=status,
    )


@login_required
@require_GET
def indicator_page(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator, broken down by up to two dimensions, as a chart and a table."""
    kind = _reader(request)
    indicator = _indicator(code)
    filters, problems = _filters(request.GET)
    by, by_problem = _by(request, indicator)
    if by_problem:
        problems = {**problems, "by": by_problem}
    view = None
    if filters is not None and not by_problem:
        _refresh()
        try:
            table = _table(code, request=request, filters=filters, by=by)
        except ValueError as error:
            problems = {"by": str(error)}
        else:
            view = table_view(table, request=request, chart_id="chart")
    return render(
        request,
        "reports/indicator.html",
        {
            "kind": kind,
            "indicator": indicator,
            "view": view,
            "form": _filter_form(request, kind, filters, problems, by=by),
            "dimensions": [
                (c, DIMENSIONS[c].name) for c in indicator.dimensions if c in DIMENSIONS
            ],
            "definition_url": reverse("reports-definitions") + f"#{code}",
            "unit": UNITS.get(indicator.unit, indicator.unit),
        },
        status=400 if problems else 200,
    )


@login_required
@require_GET
def definitions(request: HttpRequest) -> HttpResponse:
    """The indicator catalogue: what every figure counts, for anyone signed in."""
    return render(
        request,
        "reports/definitions.html",
        {
            "indicators": [
                {
                    "indicator": indicator,
                    "unit": UNITS.get(indicator.unit, indicator.unit),
                    "dimensions": [
                        DIMENSIONS[code].name for code in indicator.dimensions if code in DIMENSIONS
                    ],
                }
                for indicator in INDICATORS.values()
            ],
            "reports": dashboard_kind(request.user) is not None,
        },
    )


def _cell(request: HttpRequest, indicator: Indicator) -> dict[str, str]:
    cell = {
        name.removeprefix(CELL_PREFIX): str(request.GET.get(name, ""))
        for name in request.GET
        if name.startswith(CELL_PREFIX)
    }
    if any(dimension not in indicator.dimensions for dimension in cell) or len(cell) > MAX_BY:
        raise Http404
    return cell


@login_required
@require_GET
def records(request: HttpRequest, code: str) -> HttpResponse:
    """The people behind a figure, as far as the viewer may see people (paginated)."""
    indicator = _indicator(code)
    if not _records_allowed(request, indicator):
        raise Http404
    cell = _cell(request, indicator)
    filters, problems = _filters(request.GET)
    if filters is None:
        return render(
            request,
            "reports/records.html",
            {"indicator": indicator, "problems": problems, "page": None},
            status=400,
        )
    numerator_only = request.GET.get("numerator") == "1"
    try:
        people = services.indicator_records(
            code, viewer=_viewer(request), filters=filters, keys=cell, numerator_only=numerator_only
        )
    except (PermissionDenied, ValueError) as error:
        raise Http404 from error
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/records.html",
        {
            "indicator": indicator,
            "page": page,
            "query": query.urlencode(),
            "cell": [(DIMENSIONS[name].name, value) for name, value in cell.items()],
            "filters": filters,
            "numerator_only": numerator_only,
            "back_url": reverse("reports-indicator", args=[code])
            + (f"?{filters.as_query()}" if not filters.is_empty else ""),
            "definition_url": reverse("reports-definitions") + f"#{code}",
        },
    )


def _export(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    _reader(request)
    indicator = _indicator(code)
    filters, problems = _filters(request.GET)
    by, by_problem = _by(request, indicator)
    if filters is None or by_problem:
        message = "\n".join([*problems.values(), by_problem]).strip()
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    try:
        table = _table(code, request=request, filters=filters, by=by)
    except ValueError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    from ujuzi.reports import exports  # the writers load only when a file is asked for

    name = "-".join([code, *by]) if by else code
    if file_format == "csv":
        response = HttpResponse(exports.table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.table_xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def export_csv(request: HttpRequest, code: str) -> HttpResponse:
    """One table as CSV, suppressed like every export."""
    return _export(request, code, "csv")


@login_required
@require_GET
def export_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    """One table as an Excel workbook, suppressed like every export."""
    return _export(request, code, "xlsx")
