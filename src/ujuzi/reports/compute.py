"""Counting over the facts: one grouped query per request shape, cached until the refresh.

A request shape is (family, breakdown, filters, scope). The *start* family counts places
by the month their cohort starts (enrolment, completion rate, shares of women, disability
and rural learners); the *completion* family counts completions by the month they are
dated (completions, officers trained, certificates, follow-up and conversion); *gain*
averages the levels gained; *sites* counts community centres and mobile-lab stops. Each
shape is computed once with every measure of its family as a conditional ``COUNT(DISTINCT
person)`` and kept in ``Snapshot`` until the next refresh, so a dashboard of many
indicators on the same filters costs one query per family.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from ujuzi.places.models import RouteStop, Site
from ujuzi.reports.mappings import mappings
from ujuzi.reports.models import EnrolmentFact, FactsRefresh, GainFact, Snapshot
from ujuzi.reports.tables import Filters

Counts = dict[str, int]
Grouped = dict[tuple[str, ...], Counts]

CIVIL_SERVANT = "civil_servant"
_graduate = Q(technical=True) & ~Q(audience=CIVIL_SERVANT)
_known = Q(follow_up="answered") | Q(placement_verified=True)

MEASURES: dict[str, dict[str, Q]] = {
    "start": {
        "enrolled": Q(),
        "finished": Q(finished=True),
        "finished_completed": Q(completed=True),
        "women": Q(sex="female"),
        "sex_known": ~Q(sex=""),
        "disabled": Q(with_disability=True),
        "disability_known": Q(with_disability__isnull=False),
        "rural": Q(urban_rural="rural"),
        "county_known": ~Q(urban_rural=""),
    },
    "completion": {
        "completed": Q(),
        "officers": Q(audience=CIVIL_SERVANT),
        "follow_up_due": Q(follow_up__in=["answered", "unknown"]),
        "follow_up_answered": Q(follow_up="answered"),
        "graduates_known": _graduate & _known,
        "graduates_due": _graduate & (_known | Q(follow_up="unknown")),
        "graduates_converted": _graduate
        & (Q(tech_role_within_365=True) | Q(placement_tech_role=True)),
        "officers_answered": Q(audience=CIVIL_SERVANT, follow_up="answered"),
        "officers_applied": Q(audience=CIVIL_SERVANT, follow_up="answered", applied_skills=True),
    },
}

# Dimension code -> fact column, per family ("period" depends on the family).
COLUMNS = {
    "sex": "sex",
    "age_band": "age_band",
    "disability": "with_disability",
    "county": "county",
    "urban_rural": "urban_rural",
    "institution": "institution_id",
    "grade_band": "grade_band",
    "audience": "audience",
    "programme": "programme",
    "track": "track",
    "site_kind": "site_kind",
    "cohort": "cohort",
}
PERIOD_COLUMN = {
    "start": "start_month",
    "completion": "completion_month",
    "gain": "completion_month",
}


# The rebuild a page is reading, once looked up: see ``one_refresh``.
_pinned: ContextVar[tuple[FactsRefresh | None] | None] = ContextVar("pinned", default=None)
P = ParamSpec("P")
R = TypeVar("R")


def current_refresh() -> FactsRefresh | None:
    """The last finished rebuild of the facts, if any (the pinned one inside ``one_refresh``)."""
    pinned = _pinned.get()
    if pinned is not None:
        return pinned[0]
    return FactsRefresh.objects.filter(finished_at__isnull=False).first()


@contextmanager
def one_refresh() -> Iterator[FactsRefresh | None]:
    """Read every figure of the block from the same rebuild, looked up once.

    A dashboard asks for dozens of request shapes. Without the pin each would look the
    rebuild up again, and a rebuild finishing halfway through the page would mix the
    figures of two rebuilds in one page. Nested blocks keep the outer pin.
    """
    outer = _pinned.get()
    if outer is not None:
        yield outer[0]
        return
    refresh = current_refresh()
    token = _pinned.set((refresh,))
    try:
        yield refresh
    finally:
        _pinned.reset(token)


def reads_one_refresh(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a page or an API operation so that all its figures come from one rebuild."""

    @wraps(function)
    def pinned(*args: P.args, **kwargs: P.kwargs) -> R:
        with one_refresh():
            return function(*args, **kwargs)

    return pinned


def _key(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m")
    if isinstance(value, str) and len(value) >= 7 and value[4:5] == "-" and value[:4].isdigit():
        return value[:7]  # a month as SQLite returns it
    return str(value)


def _column(family: str, dimension: str, prefix: str = "") -> str:
    if dimension == "period":
        return prefix + PERIOD_COLUMN[family]
    if dimension == "competency":
        return "competency"
    return prefix + COLUMNS[dimension]


def _narrow(
    rows: QuerySet[Any],
    family: str,
    filters: Filters,
    institutions: frozenset[uuid.UUID] | None,
    prefix: str = "",
) -> QuerySet[Any]:
    conditions: dict[str, Any] = {}
    if family in ("completion", "gain"):
        conditions[prefix + "completed"] = True
    if institutions is not None:
        conditions[prefix + "institution_id__in"] = sorted(institutions)
    if filters.county:
        conditions[prefix + "county"] = filters.county
    if filters.track:
        conditions[prefix + "track"] = filters.track
    if filters.site_kind:
        conditions[prefix + "site_kind"] = filters.site_kind
    if filters.institution:
        conditions[prefix + "institution_id"] = filters.institution
    period = prefix + PERIOD_COLUMN[family]
    if filters.period_start:
        conditions[period + "__gte"] = filters.period_start.replace(day=1)
    if filters.period_end:
        conditions[period + "__lte"] = filters.period_end
    return rows.filter(**conditions)


def key_condition(column: str, dimension: str, value: str) -> dict[str, Any]:
    """The filter on a fact column that selects one published key of a dimension."""
    if dimension == "disability":
        if value == "":
            return {column + "__isnull": True}
        return {column: value == "yes"}
    if dimension == "period":
        try:
            month = datetime.date.fromisoformat(value + "-01")
        except ValueError as error:
            raise ValueError(f"period must be YYYY-MM, not {value[:20]!r}") from error
        return {column: month}
    if dimension == "institution":
        if value == "":
            return {column + "__isnull": True}
        try:
            return {column: uuid.UUID(value)}
        except ValueError as error:
            raise ValueError("institution must be an institution's id") from error
    return {column: value}


def _grouped(query: QuerySet[Any], columns: list[str], aggregates: dict[str, Any]) -> Grouped:
    result: Grouped = {}
    if columns:
        for row in query.order_by().values(*columns).annotate(**aggregates):
            key = tuple(_key(row[column]) for column in columns)
            result[key] = {name: int(row[name] or 0) for name in aggregates}
    else:
        row = query.order_by().aggregate(**aggregates)
        result[()] = {name: int(row[name] or 0) for name in aggregates}
    return result


def _compute(
    family: str,
    by: tuple[str, ...],
    filters: Filters,
    institutions: frozenset[uuid.UUID] | None,
    people: QuerySet[Any] | None = None,
) -> Grouped:
    """The measures of a family; of ``people`` (a query of person ids) only, when given."""
    places = EnrolmentFact.objects.all()
    gains = GainFact.objects.all()
    if people is not None:
        places, gains = places.filter(person_id__in=people), gains.filter(person_id__in=people)
    if family in MEASURES:
        query = _narrow(places, family, filters, institutions)
        aggregates: dict[str, Any] = {
            name: Count("person_id", distinct=True, filter=condition or None)
            for name, condition in MEASURES[family].items()
        }
        if family == "completion":
            aggregates["certificates"] = Count("id", filter=Q(certificate_issued=True))
        return _grouped(query, [_column(family, d) for d in by], aggregates)
    if family == "gain":
        query = _narrow(gains, family, filters, institutions, "enrolment__")
        aggregates = {
            "gain_people": Count("person_id", distinct=True),
            "gain_rows": Count("id"),
            "gain_sum": Coalesce(Sum("levels_gained"), 0),
        }
        columns = [_column(family, d, "enrolment__") for d in by]
        return _grouped(query, columns, aggregates)
    return _sites(by, filters)


def _sites(by: tuple[str, ...], filters: Filters) -> Grouped:
    """Community centres and mobile-lab stops, with and without a cohort in the period."""
    urban = mappings().urban_areas
    result: Grouped = {}

    def key_of(area_id: str | None) -> tuple[str, ...]:
        values = {
            "county": area_id or "",
            "urban_rural": "" if not area_id else ("urban" if area_id in urban else "rural"),
        }
        return tuple(values[d] for d in by)

    def add(key: tuple[str, ...], name: str) -> None:
        for target in (key, ()) if key else ((),):
            counts = result.setdefault(target, {})
            counts[name] = counts.get(name, 0) + 1

    cohort_in_period = Q(cohorts__is_cancelled=False, cohorts__deleted_clock__isnull=True)
    if filters.period_start:
        cohort_in_period &= Q(cohorts__starts_on__gte=filters.period_start)
    if filters.period_end:
        cohort_in_period &= Q(cohorts__starts_on__lte=filters.period_end)
    centres = Site.objects.filter(kind=Site.Kind.COMMUNITY_CENTRE)
    if filters.county:
        centres = centres.filter(area_id=filters.county)
    busy = set(centres.filter(cohort_in_period).values_list("pk", flat=True))
    for pk, area_id in centres.values_list("pk", "area_id"):
        add(key_of(area_id), "centres")
        if pk in busy:
            add(key_of(area_id), "centres_used")
    stops = RouteStop.objects.all()
    if filters.period_start:
        stops = stops.filter(ends_on__gte=filters.period_start)
    if filters.period_end:
        stops = stops.filter(starts_on__lte=filters.period_end)
    if filters.county:
        stops = stops.filter(area_id=filters.county)
    used_stops = set(
        stops.filter(cohorts__is_cancelled=False, cohorts__deleted_clock__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for pk, area_id in stops.values_list("pk", "area_id"):
        add(key_of(area_id), "stops")
        if pk in used_stops:
            add(key_of(area_id), "stops_used")
    result.setdefault((), {})
    for counts in result.values():
        for name in ("centres", "centres_used", "stops", "stops_used"):
            counts.setdefault(name, 0)
    return result


def _snapshot_key(
    family: str, by: Iterable[str], filters: Filters, institutions: frozenset[uuid.UUID] | None
) -> str:
    shape = {
        "family": family,
        "by": list(by),
        "filters": [(name, str(value)) for name, value in filters.items()],
        "scope": sorted(str(pk) for pk in institutions) if institutions is not None else None,
    }
    text = json.dumps(shape, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def counts_for(
    family: str,
    by: tuple[str, ...],
    filters: Filters,
    institutions: frozenset[uuid.UUID] | None,
) -> Grouped:
    """The measures of a family for one request shape, from the snapshot when it is there."""
    refresh = current_refresh()
    key = _snapshot_key(family, by, filters, institutions)
    if refresh is not None:
        found = Snapshot.objects.filter(key=key, refresh=refresh).values_list("counts", flat=True)
        for stored in found:
            return {tuple(json.loads(k)): v for k, v in stored.items()}
    computed = _compute(family, by, filters, institutions)
    if refresh is not None:
        stored = {json.dumps(list(k)): v for k, v in computed.items()}
        try:
            with transaction.atomic():
                Snapshot.objects.update_or_create(
                    key=key, defaults={"refresh": refresh, "counts": stored}
                )
        except IntegrityError:
            pass  # another request stored the same counts first
    return computed
