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

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from ujuzi.people.models import RoleAssignment
from ujuzi.people.policy import scope_for
from ujuzi.reports import refresh, services
from ujuzi.reports.alerts import conversion_alerts
from ujuzi.reports.catalogue import DIMENSIONS, INDICATORS, Indicator
from ujuzi.reports.filter_form import filter_form, filters_from
from ujuzi.reports.page_tables import (
    CELL_PREFIX,
    Figure,
    TableView,
    figure_for,
    records_allowed,
    table_view,
    viewer_of,
)
from ujuzi.reports.tables import Filters, Table

Role = RoleAssignment.Role
PAGE_SIZE = 50
MAX_BY = 2
# The charts of a dashboard, under its headline figures: indicator and breakdown.
DASHBOARD_CHARTS = (
    ("conversion_graduates", "track"),
    ("completion_rate", "sex"),
    ("enrolled", "site_kind"),
)
NATIONAL, INSTITUTION, PARTNER = "national", "institution", "partner"
UNITS = {
    "people": gettext_lazy("people"),
    "proportion": gettext_lazy("share, with a 95% confidence interval"),
    "mean": gettext_lazy("mean"),
    "count": gettext_lazy("count"),
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
        return services.indicator_table(code, viewer=viewer_of(request), filters=filters, by=by)
    except PermissionDenied as error:
        raise Http404 from error


@login_required
@require_GET
@refresh.fresh_figures()  # a small installation reads fresh facts; a large one, the job's
def dashboard(request: HttpRequest) -> HttpResponse:
    """The dashboard of the signed-in role: headline figures, charts and alerts."""
    kind = _reader(request)
    filters, problems = filters_from(request.GET)
    figures: list[Figure] = []
    charts: list[TableView] = []
    alerts = []
    if filters is not None:
        figures = [
            figure
            for code in INDICATORS
            if (figure := figure_for(request, code, filters)) is not None
        ]
        for index, (code, dimension) in enumerate(DASHBOARD_CHARTS):
            if code not in INDICATORS or dimension not in INDICATORS[code].dimensions:
                continue
            try:
                table = services.indicator_table(
                    code, viewer=viewer_of(request), filters=filters, by=(dimension,)
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
            "form": filter_form(request, kind, filters, problems),
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
@refresh.fresh_figures()  # a small installation reads fresh facts; a large one, the job's
def indicator_page(request: HttpRequest, code: str) -> HttpResponse:
    """One indicator, broken down by up to two dimensions, as a chart and a table."""
    kind = _reader(request)
    indicator = _indicator(code)
    filters, problems = filters_from(request.GET)
    by, by_problem = _by(request, indicator)
    if by_problem:
        problems = {**problems, "by": by_problem}
    view = None
    if filters is not None and not by_problem:
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
            "form": filter_form(request, kind, filters, problems, by=by),
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
    if not records_allowed(request, indicator):
        raise Http404
    cell = _cell(request, indicator)
    filters, problems = filters_from(request.GET)
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
            code,
            viewer=viewer_of(request),
            filters=filters,
            keys=cell,
            numerator_only=numerator_only,
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
    filters, problems = filters_from(request.GET)
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
