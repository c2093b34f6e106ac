"""The reports engine: an indicator broken down, scoped to its viewer, suppressed.

``indicator_table`` is the one way pages, the API, exports and the CLI get figures. It reads
the facts only (``ujuzi.reports.compute``), never person records, applies the viewer's
scope (a training officer counts the staff of their own institutions), and suppresses small
cells (``ujuzi.reports.suppression``) unless a programme administrator asks otherwise for
their own analysis, which is audited.
"""

from __future__ import annotations

import calendar
import datetime
import math
import uuid
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ujuzi.core.audit import audit_append
from ujuzi.core.models import User
from ujuzi.people.models import Person
from ujuzi.people.policy import Role, Scope, person_filter, scope_for
from ujuzi.reports import compute
from ujuzi.reports import suppression as rules
from ujuzi.reports.catalogue import DIMENSIONS, INDICATORS, Indicator
from ujuzi.reports.labels import labels_for
from ujuzi.reports.mappings import minimum_cell
from ujuzi.reports.models import EnrolmentFact
from ujuzi.reports.tables import Cell, Filters, Row, Table

Z_95 = 1.959963984540054
MAX_BY = 2
# family, numerator, denominator (None for a count), people behind a mean.
RECIPES: dict[str, tuple[str, str, str | None]] = {
    "enrolled": ("start", "enrolled", None),
    "completed": ("completion", "completed", None),
    "completion_rate": ("start", "finished_completed", "finished"),
    "officers_trained": ("completion", "officers", None),
    "certificates_issued": ("completion", "certificates", None),
    "follow_up_response_rate": ("completion", "follow_up_answered", "follow_up_due"),
    "conversion_respondents": ("completion", "graduates_converted", "graduates_known"),
    "conversion_graduates": ("completion", "graduates_converted", "graduates_due"),
    "outcome_unknown": ("completion", "graduates_unknown", "graduates_due"),
    "applied_skills": ("completion", "officers_applied", "officers_answered"),
    "mean_gap_closed": ("gain", "gain_sum", "gain_rows"),
    "share_women": ("start", "women", "sex_known"),
    "share_disability": ("start", "disabled", "disability_known"),
    "share_rural": ("start", "rural", "county_known"),
    "coverage_community_centres": ("sites", "centres_used", "centres"),
    "coverage_mobile_lab_stops": ("sites", "stops_used", "stops"),
}


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95% by default)."""
    if trials <= 0:
        raise ValueError("a proportion needs at least one trial")
    if not 0 <= successes <= trials:
        raise ValueError("successes must be between 0 and the number of trials")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


# --- who may see what -----------------------------------------------------------------


@dataclass(frozen=True)
class _Access:
    institutions: frozenset[uuid.UUID] | None  # None: national
    may_unsuppress: bool
    actor: uuid.UUID | None


def _access(viewer: User | None) -> _Access:
    if viewer is None:  # the system (alert job): national, may read unsuppressed figures
        return _Access(None, True, None)
    scope: Scope = scope_for(viewer)
    if scope.has(Role.PROGRAMME_ADMIN):
        return _Access(None, True, scope.user_id)
    if scope.has(Role.DATA_PROTECTION_OFFICER) or scope.has(Role.PARTNER_VIEWER):
        return _Access(None, False, scope.user_id)
    if scope.has(Role.TRAINING_OFFICER):
        return _Access(scope.institution_ids, False, scope.user_id)
    raise PermissionDenied(_("Reports are for programme staff and partners."))


# --- filters --------------------------------------------------------------------------


def _month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def period_shape(filters: Filters) -> str:
    """The period's shape ("", month, quarter or year); any other period is refused."""
    start, end = filters.period_start, filters.period_end
    if start is None and end is None:
        return ""
    if start is None or end is None:
        raise ValidationError({"period_start": _("Give both ends of the period, or neither.")})
    if start.day == 1 and end == _month_end(end):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months == 1:
            return "month"
        if months == 3 and start.month % 3 == 1:
            return "quarter"
        if months == 12 and start.month == 1:
            return "year"
    raise ValidationError(
        {"period_start": _("The period must be one calendar month, quarter or year.")}
    )


def parents(filters: Filters) -> list[Filters]:
    """Requests that differ by one value and count a superset of the same people."""
    found = [
        replace(filters, **{name: None})
        for name in ("county", "track", "site_kind", "institution")
        if getattr(filters, name) is not None
    ]
    shape = period_shape(filters)
    start = filters.period_start
    if shape and start is not None:
        found.append(replace(filters, period_start=None, period_end=None))
        year = (datetime.date(start.year, 1, 1), datetime.date(start.year, 12, 31))
        if shape == "month":
            first = datetime.date(start.year, (start.month - 1) // 3 * 3 + 1, 1)
            last = _month_end(datetime.date(first.year, first.month + 2, 1))
            found.append(replace(filters, period_start=first, period_end=last))
        if shape in ("month", "quarter"):
            found.append(replace(filters, period_start=year[0], period_end=year[1]))
    return found


def _check_by(indicator: Indicator, by: tuple[str, ...]) -> None:
    if len(by) > MAX_BY:
        raise ValueError(_("Break a figure down by at most two dimensions."))
    if len(set(by)) != len(by):
        raise ValueError(_("Name each dimension once."))
    for dimension in by:
        if dimension not in DIMENSIONS:
            raise ValueError(_("Unknown dimension: %(name)s.") % {"name": dimension[:40]})
        if dimension not in indicator.dimensions:
            raise ValueError(
                _("%(indicator)s cannot be broken down by %(name)s.")
                % {"indicator": indicator.code, "name": dimension}
            )


# --- cells ----------------------------------------------------------------------------


def _values(code: str, counts: dict[str, int]) -> tuple[int, int | None]:
    _family, numerator, denominator = RECIPES[code]
    if numerator == "graduates_unknown":
        top = counts.get("graduates_due", 0) - counts.get("graduates_known", 0)
    else:
        top = counts.get(numerator, 0)
    return top, (counts.get(denominator, 0) if denominator else None)


def _components(indicator: Indicator, counts: dict[str, int]) -> tuple[int, ...]:
    top, bottom = _values(indicator.code, counts)
    if indicator.unit == "mean":
        return (counts.get("gain_people", 0),)
    if bottom is None:
        return (top,)
    return (top, bottom, bottom - top)


def _cell(indicator: Indicator, counts: dict[str, int]) -> Cell:
    top, bottom = _values(indicator.code, counts)
    if bottom is None:
        return Cell(numerator=top, denominator=None, value=float(top))
    if bottom == 0:
        return Cell(numerator=top, denominator=0, value=None)
    if indicator.unit == "mean":
        return Cell(numerator=top, denominator=bottom, value=top / bottom)
    low, high = wilson_interval(top, bottom)
    return Cell(numerator=top, denominator=bottom, value=top / bottom, low=low, high=high)


@compute.reads_one_refresh
def indicator_table(
    code: str,
    *,
    viewer: User | None,
    filters: Filters,
    by: tuple[str, ...] = (),
    suppression: bool = True,
) -> Table:
    """One indicator broken down ``by`` up to two dimensions, as ``viewer`` may see it.

    Officers count the staff of their own institutions; partner viewers and the data
    protection officer get national aggregates, always suppressed; learners and
    facilitators are refused. ``suppression=False`` is for programme administrators (and
    the system's own jobs, ``viewer=None``) only, and a person's use of it is audited.
    """
    indicator = INDICATORS.get(code)
    if indicator is None:
        raise ValueError(_("Unknown indicator: %(code)s.") % {"code": code[:40]})
    by = tuple(by)
    _check_by(indicator, by)
    period_shape(filters)
    access = _access(viewer)
    if not suppression:
        if not access.may_unsuppress:
            raise PermissionDenied(_("Only programme administrators may see unsuppressed figures."))
        if access.actor is not None:
            audit_append(
                action="reports.unsuppressed",
                actor_id=access.actor,
                model="reports.indicator",
                details={"indicator": code, "by": list(by), "filters": filters.as_query()},
            )
    family = RECIPES[code][0]
    threshold = minimum_cell()
    grouped = compute.counts_for(family, by, filters, access.institutions)
    totals = compute.counts_for(family, (), filters, access.institutions).get((), {})
    # Groups that exist only for another measure of the family are not rows of this figure.
    keys = sorted(k for k in grouped if k != () and any(_components(indicator, grouped[k])))
    apply = suppression and indicator.counts == "people"
    hidden = [False] * len(keys)
    total_hidden = False
    if apply:
        components = [_components(indicator, grouped[k]) for k in keys]
        total_components = _components(indicator, totals)
        hidden = [suppression_check(c, threshold) for c in components]
        total_hidden = suppression_check(total_components, threshold)
        for parent in parents(filters):
            parent_rows = compute.counts_for(family, by, parent, access.institutions)
            parent_total = compute.counts_for(family, (), parent, access.institutions).get((), {})
            for index, key in enumerate(keys):
                other = _components(indicator, parent_rows.get(key, {}))
                if rules.any_small(rules.differences(components[index], other), threshold):
                    hidden[index] = True
            other = _components(indicator, parent_total)
            if rules.any_small(rules.differences(total_components, other), threshold):
                total_hidden = True
        if keys and rules.secondary(components, hidden, keys, threshold):
            total_hidden = True
    labels = labels_for(by, keys)
    rows = tuple(
        Row(
            keys=key,
            labels=labels[key],
            cell=Cell.hidden() if hidden[index] else _cell(indicator, grouped[key]),
        )
        for index, key in enumerate(keys)
    )
    total = Cell.hidden() if total_hidden else _cell(indicator, totals)
    return Table(
        indicator=indicator,
        by=by,
        rows=rows,
        total=total,
        filters=filters,
        suppressed=apply,
        threshold=threshold,
    )


def suppression_check(components: tuple[int, ...], threshold: int) -> bool:
    """Primary suppression of one cell."""
    return rules.any_small(components, threshold)


# --- records behind a figure, and the alert job's counts --------------------------------


def indicator_records(
    code: str,
    *,
    viewer: User,
    filters: Filters,
    keys: dict[str, str],
    numerator_only: bool = False,
) -> QuerySet[Person]:
    """The people a cell is about (its denominator population, or only its numerator)."""
    indicator = INDICATORS.get(code)
    if indicator is None:
        raise ValueError(_("Unknown indicator: %(code)s.") % {"code": code[:40]})
    if indicator.counts != "people":
        raise ValueError(_("This figure counts places, not people."))
    scope = scope_for(viewer)
    if not (scope.has(Role.PROGRAMME_ADMIN) or scope.has(Role.TRAINING_OFFICER)):
        raise PermissionDenied(_("Only programme staff may see the people behind a figure."))
    _check_by(indicator, tuple(keys))
    period_shape(filters)
    family, numerator, denominator = RECIPES[code]
    facts: QuerySet[Any] = EnrolmentFact.objects.all()
    prefix = ""
    if family == "gain":
        from ujuzi.reports.models import GainFact

        facts = GainFact.objects.all()
        prefix = "enrolment__"
    facts = compute._narrow(facts, family, filters, None, prefix)
    for dimension, value in keys.items():
        column = compute._column(family, dimension, prefix)
        facts = facts.filter(**compute.key_condition(column, dimension, value))
    if family != "gain":
        measures = compute.MEASURES[family]
        wanted = numerator if numerator_only or denominator is None else denominator
        if wanted == "graduates_unknown":
            facts = facts.filter(measures["graduates_due"]).exclude(
                person_id__in=facts.filter(measures["graduates_known"]).values("person_id")
            )
        elif wanted in measures:
            facts = facts.filter(measures[wanted])
        elif wanted == "certificates":
            facts = facts.filter(certificate_issued=True)
    return Person.objects.filter(person_filter(scope), pk__in=facts.values("person_id"))


@dataclass(frozen=True)
class ConversionRow:
    """The 12-month conversion of one cohort or track, unsuppressed (for the alert job)."""

    key: str
    label: str
    converted: int
    graduates: int
    answered: int


def conversion_by(
    dimension: str, filters: Filters, *, min_answered: int = 0
) -> list[ConversionRow]:
    """Conversion among graduates, and how many answered, per value of ``dimension``.

    Only the values with at least ``min_answered`` known outcomes are labelled and
    returned: the alert asks for the few cohorts of tens of thousands that qualify.
    """
    if dimension not in INDICATORS["conversion_graduates"].dimensions:
        raise ValueError(_("Unknown dimension: %(name)s.") % {"name": dimension[:40]})
    grouped = compute.counts_for("completion", (dimension,), filters, None)
    keys = sorted(k for k in grouped if k != () and grouped[k]["graduates_known"] >= min_answered)
    labels = labels_for((dimension,), keys)
    return [
        ConversionRow(
            key=key[0],
            label=labels[key][0],
            converted=grouped[key]["graduates_converted"],
            graduates=grouped[key]["graduates_due"],
            answered=grouped[key]["graduates_known"],
        )
        for key in keys
    ]
