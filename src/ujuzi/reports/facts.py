"""Rebuilding the facts from the records in bulk SQL.

Each fact table is rebuilt with one ``INSERT … SELECT`` whose ``SELECT`` is written with the
ORM (so the same code runs on SQLite and PostgreSQL) and compiled once: no row passes
through Python. Dimensions that come from the operator's mappings (grade bands, urban
counties, technical programmes) are ``CASE`` expressions over the mapped values. The same
statements, narrowed to a set of people, rebuild only the rows of the people whose records
changed (``facts_write_for``); ``ujuzi.reports.refresh`` decides which.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    Greatest,
    Least,
    Upper,
)

from ujuzi.assessment.models import Evidence
from ujuzi.catalog.models import CourseOutcome
from ujuzi.credentials.models import Credential
from ujuzi.delivery.models import Enrolment
from ujuzi.outcomes.models import FollowUp, Placement
from ujuzi.reports.mappings import AGE_BANDS, UNDER_15, mappings
from ujuzi.reports.models import EnrolmentFact, GainFact

Progress = Callable[[str, int, int], None]
Status = Enrolment.Status
SEAT_HELD = (Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED, Status.DROPPED_OUT)
FINISHED = (Status.COMPLETED, Status.NOT_COMPLETED, Status.DROPPED_OUT)
# A 12-month follow-up with no record is over once its latest window (month 14) has passed.
FOLLOW_UP_OVER_AFTER = datetime.timedelta(days=14 * 31)


class MonthStart(Func):
    """The first day of a date's month, with each database's own (C, not Python) function.

    Django's ``TruncMonth`` and ``Extract*`` run a Python function per row on SQLite,
    which made the rebuild ten times slower; these run inside the database.
    """

    output_field = DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """SQLite's date modifiers."""
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')")

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """PostgreSQL's date_trunc."""
        template = "CAST(DATE_TRUNC('month', %(expressions)s) AS date)"
        return self.as_sql(compiler, connection, template=template)


class DaysLater(Func):
    """The date a whole number of days after a date."""

    output_field = DateField()

    def __init__(self, expression: Any, days: int) -> None:
        super().__init__(expression)
        self.days = int(days)  # an int, so safe to write into the SQL

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """SQLite's date modifiers."""
        template = f"date(%(expressions)s, '+{self.days} days')"
        return self.as_sql(compiler, connection, template=template)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """Date plus whole days."""
        return self.as_sql(compiler, connection, template=f"(%(expressions)s + {self.days})")


def YearLater(expression: Any) -> DaysLater:
    """The date 365 days after a date."""
    return DaysLater(expression, 365)


class AgeOn(Func):
    """Whole years between a date of birth and a day: (YYYYMMDD - YYYYMMDD) div 10000."""

    arity = 2
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """Dates are ISO text in SQLite."""
        sql, params = compiler.compile(self.source_expressions[0])
        day_sql, day_params = compiler.compile(self.source_expressions[1])
        template = (
            "((CAST(REPLACE({day}, '-', '') AS INTEGER)"
            " - CAST(REPLACE({born}, '-', '') AS INTEGER)) / 10000)"
        )
        return template.format(day=day_sql, born=sql), (*day_params, *params)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        """TO_CHAR gives the same digits."""
        sql, params = compiler.compile(self.source_expressions[0])
        day_sql, day_params = compiler.compile(self.source_expressions[1])
        template = (
            "((CAST(TO_CHAR({day}, 'YYYYMMDD') AS INTEGER)"
            " - CAST(TO_CHAR({born}, 'YYYYMMDD') AS INTEGER)) / 10000)"
        )
        return template.format(day=day_sql, born=sql), (*day_params, *params)


def _age_band() -> Case:
    """The age band on the day the cohort starts."""
    whens = [When(age__lt=AGE_BANDS[0][1], then=Value(UNDER_15))]
    for label, _low, high in AGE_BANDS:
        condition = Q(age__lte=high) if high is not None else Q(age__isnull=False)
        whens.append(When(condition, then=Value(label)))
    return Case(*whens, default=Value(""))


def _pending_until(completed: Q, in_window: Q, over: Q, today: datetime.date) -> Case:
    """The last day a pending 12-month follow-up stays pending by the calendar alone.

    The same ``When`` order as the ``follow_up`` column, so that the date is set exactly
    when that column says "pending": until the window closes, and at most 14 months.
    """
    latest = DaysLater("completion__completed_on", FOLLOW_UP_OVER_AFTER.days)
    none = Value(None, output_field=DateField())
    return Case(
        When(~completed, then=none),
        When(in_window, then=none),
        When(over, then=none),
        When(completion__completed_on__lt=today - FOLLOW_UP_OVER_AFTER, then=none),
        default=Least(Coalesce("twelve_months__closes_on", latest), latest),
        output_field=DateField(),
    )


def _enrolment_select(today: datetime.date) -> QuerySet[Enrolment]:
    """One row per seat held, with every column of ``EnrolmentFact``."""
    rules = mappings()
    completion = OuterRef("completion__id")
    a_year_on = YearLater(OuterRef("completion__completed_on"))
    # The 12-month follow-up and its answer are joined once (each is unique per completion)
    # rather than looked up by a subquery per column.
    answer = "twelve_months__answer__"
    in_window = Q(
        **{
            answer + "id__isnull": False,
            answer + "deleted_clock__isnull": True,
            answer + "answered_on__gte": F("twelve_months__opens_on"),
            answer + "answered_on__lte": F("twelve_months__closes_on"),
        }
    )
    over = Q(twelve_months__status__in=[FollowUp.Status.NO_RESPONSE, FollowUp.Status.CANCELLED])
    over |= Q(twelve_months__closes_on__lt=today)
    started_in_time = Q(**{answer + "role_started_on__isnull": True}) | Q(
        **{answer + "role_started_on__lte": YearLater(F("completion__completed_on"))}
    )
    tech_role = in_window & Q(**{answer + "tech_role": True}) & started_in_time
    applied = in_window & (
        Q(**{answer + "promoted": True})
        | Q(**{answer + "new_digital_responsibilities": True})
        | Q(**{answer + "digital_project_led": True})
    )
    placed = Placement.objects.filter(
        deleted_clock__isnull=True,
        verified=True,
        person_id=OuterRef("person_id"),
        started_on__lte=a_year_on,
    ).filter(Q(completion_id=completion) | Q(completion__isnull=True))
    band_whens = [
        When(grade_upper__in=sorted(grades), then=Value(band))
        for band, grades in _invert(rules.grade_bands).items()
    ]
    technical = Q(cohort__course__programme__code__in=list(rules.technical_programmes)) | ~Q(
        cohort__course__partner_track=""
    )
    completed = Q(status=Status.COMPLETED, completion__id__isnull=False)
    rows = (
        Enrolment.objects.filter(status__in=SEAT_HELD, cohort__is_cancelled=False)
        .order_by()
        .annotate(
            twelve_months=FilteredRelation(
                "completion__follow_ups",
                condition=Q(
                    completion__follow_ups__wave=FollowUp.Wave.TWELVE_MONTHS,
                    completion__follow_ups__deleted_clock__isnull=True,
                ),
            ),
            # The live record only: a withdrawn consent leaves a tombstone, and a new
            # consent a second record, and neither may add a row or count.
            live_disability=FilteredRelation(
                "person__disability_status",
                condition=Q(person__disability_status__deleted_clock__isnull=True),
            ),
            grade_upper=Upper("person__grade"),
            age=AgeOn("person__date_of_birth", "cohort__starts_on"),
        )
        .annotate(
            f_enrolment_id=F("id"),
            f_person_id=F("person_id"),
            f_sex=Coalesce(F("person__sensitive__sex"), Value("")),
            f_age_band=_age_band(),
            f_with_disability=F("live_disability__with_disability"),
            f_county=Coalesce(F("person__area_id"), Value("")),
            f_urban_rural=Case(
                When(person__area_id__in=sorted(rules.urban_areas), then=Value("urban")),
                When(person__area_id__isnull=False, then=Value("rural")),
                default=Value(""),
            ),
            f_institution_id=F("person__institution_id"),
            f_grade_band=Case(*band_whens, default=Value("")) if band_whens else Value(""),
            f_audience=F("person__audience"),
            f_programme=F("cohort__course__programme__code"),
            f_course_id=F("cohort__course_id"),
            f_track=Case(
                When(cohort__course__partner_track="", then=F("cohort__course__programme__code")),
                default=F("cohort__course__partner_track"),
            ),
            f_technical=Case(When(technical, then=Value(True)), default=Value(False)),
            f_site_kind=F("cohort__site__kind"),
            f_cohort=F("cohort__code"),
            f_starts_on=F("cohort__starts_on"),
            f_start_month=MonthStart("cohort__starts_on"),
            f_finished=Case(When(status__in=FINISHED, then=Value(True)), default=Value(False)),
            f_completed=Case(When(completed, then=Value(True)), default=Value(False)),
            f_completed_on=Case(When(completed, then=F("completion__completed_on"))),
            f_completion_month=Case(
                When(
                    completed,
                    then=MonthStart("completion__completed_on"),
                )
            ),
            f_certificate_issued=Case(
                When(
                    completed
                    & Exists(
                        Credential.objects.filter(
                            completion_id=completion,
                            revoked_at__isnull=True,
                            deleted_clock__isnull=True,
                        )
                    ),
                    then=Value(True),
                ),
                default=Value(False),
            ),
            f_follow_up=Case(
                When(~completed, then=Value("")),
                When(in_window, then=Value("answered")),
                When(over, then=Value("unknown")),
                When(
                    completion__completed_on__lt=today - FOLLOW_UP_OVER_AFTER,
                    then=Value("unknown"),
                ),
                default=Value("pending"),
            ),
            f_follow_up_pending_until=_pending_until(completed, in_window, over, today),
            f_tech_role_within_365=Case(
                When(completed & tech_role, then=Value(True)), default=Value(False)
            ),
            f_applied_skills=Case(
                When(completed & applied, then=Value(True)), default=Value(False)
            ),
            f_placement_verified=Case(
                When(completed & Exists(placed), then=Value(True)), default=Value(False)
            ),
            f_placement_tech_role=Case(
                When(completed & Exists(placed.filter(tech_role=True)), then=Value(True)),
                default=Value(False),
            ),
        )
    )
    return rows


def _invert(grade_bands: dict[str, str]) -> dict[str, set[str]]:
    bands: dict[str, set[str]] = {}
    for grade, band in grade_bands.items():
        bands.setdefault(band, set()).add(grade)
    return bands


def _gain_select(people: QuerySet[Any] | None = None) -> QuerySet[CourseOutcome]:
    """One row per completion and competency its course develops, with the levels gained.

    ``people`` (a query of person ids) keeps the rows of those people only; it goes in the
    same ``filter`` as the other conditions on the completions, so that one join serves all.
    """
    of_people = {} if people is None else {"course__completions__person_id__in": people}
    prior = (
        Evidence.objects.filter(
            deleted_clock__isnull=True,
            person_id=OuterRef("course__completions__person_id"),
            competency_id=OuterRef("competency_id"),
            observed_at__date__lt=OuterRef("course__completions__enrolment__cohort__starts_on"),
        )
        .order_by()
        .values("person_id")
        .annotate(best=Max("level"))
        .values("best")
    )
    return (
        CourseOutcome.objects.filter(
            deleted_clock__isnull=True,
            course__completions__deleted_clock__isnull=True,
            course__completions__enrolment__status=Status.COMPLETED,
            **of_people,
        )
        .order_by()
        .annotate(
            f_completion_id=F("course__completions__id"),
            f_person_id=F("course__completions__person_id"),
            f_enrolment_id=F("course__completions__enrolment_id"),
            f_competency=F("competency_id"),
            f_levels_gained=Greatest(
                F("level") - Coalesce(Subquery(prior, output_field=IntegerField()), Value(0)),
                Value(0),
            ),
        )
    )


def _insert_select(model: Any, rows: QuerySet[Any]) -> int:
    """``INSERT INTO <model> (<columns>) SELECT …`` with the ``f_<column>`` annotations."""
    names = [name for name in rows.query.annotations if name.startswith("f_")]
    query = rows.values(*names).query
    compiler = query.get_compiler(using=rows.db)
    sql, params = compiler.as_sql()
    # The column order of the compiled SELECT, whatever order Django chose for it.
    aliases = [alias for _expression, _sql, alias in compiler.select]
    columns = [model._meta.get_field(alias.removeprefix("f_")).column for alias in aliases]
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({quoted}) {sql}", params)
        return int(cursor.rowcount)


def _empty(model: Any) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table}")
        else:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - a model's own table


def facts_write_all(today: datetime.date, report: Progress) -> int:
    """Empty both fact tables and write every row again; return the rows written."""
    report("clearing", 0, 3)
    _empty(GainFact)
    _empty(EnrolmentFact)
    report("places in cohorts", 1, 3)
    written = _insert_select(EnrolmentFact, _enrolment_select(today))
    report("levels gained", 2, 3)
    return written + _insert_select(GainFact, _gain_select())


def facts_write_for(people: QuerySet[Any], today: datetime.date) -> int:
    """Delete and write again the fact rows of ``people`` (a query of person ids)."""
    # Both are single DELETE … WHERE person_id IN (…) statements: nothing cascades from
    # the facts and no signal listens to them.
    GainFact.objects.filter(person_id__in=people).delete()
    EnrolmentFact.objects.filter(person_id__in=people).delete()
    written = _insert_select(EnrolmentFact, _enrolment_select(today).filter(person_id__in=people))
    return written + _insert_select(GainFact, _gain_select(people))


def facts_analyse() -> None:
    """Refresh PostgreSQL's planner statistics of the facts after a full rebuild."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {EnrolmentFact._meta.db_table}")
            cursor.execute(f"ANALYZE {GainFact._meta.db_table}")
