"""Maintained aggregates behind the reports: facts rebuilt from the records, never edited.

``EnrolmentFact`` is one row per place in a cohort (a seat held), with the learner's
groupable attributes (sex, age band, disability, county…) and the outcome of that place
(completed, certificate, 12-month follow-up, technology role) flattened into columns, so
that every indicator is a ``GROUP BY`` over one indexed table and never a walk over person
records. ``GainFact`` is one row per completion and competency its course develops.

These rows are derived data: ``facts_refresh`` rebuilds them in bulk SQL (all of them, or
only the rows of the people whose records changed since the last refresh), they are local
to each node (never synced or journaled) and they are read only by the
aggregation service in ``ujuzi.reports.services``, never shown row by row. They hold sex
and disability flags, so they are declared sensitive in the personal-data registry:
erasing a person and refreshing removes their rows.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class EnrolmentFact(models.Model):
    """One seat held in a cohort, flattened for counting."""

    personal_fields: ClassVar[tuple[str, ...]] = ("person_id", "age_band")
    sensitive_fields: ClassVar[tuple[str, ...]] = ("sex", "with_disability")

    enrolment_id = models.UUIDField(unique=True)
    person_id = models.UUIDField()
    sex = models.CharField(max_length=10, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    # NULL when the person has not answered the Washington Group questions.
    with_disability = models.BooleanField(null=True)
    county = models.CharField(max_length=40, blank=True)
    urban_rural = models.CharField(max_length=5, blank=True)
    institution_id = models.UUIDField(null=True)
    grade_band = models.CharField(max_length=40, blank=True)
    audience = models.CharField(max_length=20)
    programme = models.CharField(max_length=80)
    course_id = models.UUIDField()
    track = models.CharField(max_length=80)
    technical = models.BooleanField()
    site_kind = models.CharField(max_length=20)
    cohort = models.CharField(max_length=60)
    starts_on = models.DateField()
    start_month = models.DateField()
    # The place has ended: completed, did not complete or dropped out.
    finished = models.BooleanField()
    completed = models.BooleanField()
    completed_on = models.DateField(null=True)
    completion_month = models.DateField(null=True)
    certificate_issued = models.BooleanField(default=False)
    # The 12-month follow-up of the completion: "" (not completed), "pending", "answered"
    # (in its window) or "unknown" (closed without an answer, or cancelled).
    follow_up = models.CharField(max_length=10, blank=True)
    # The last day a "pending" follow-up stays pending if nothing is written: after it the
    # follow-up is over by the calendar alone, with no journal entry to say so, so the
    # incremental refresh rebuilds these rows by this date (NULL when not pending).
    follow_up_pending_until = models.DateField(null=True)
    tech_role_within_365 = models.BooleanField(default=False)
    applied_skills = models.BooleanField(default=False)
    placement_verified = models.BooleanField(default=False)
    placement_tech_role = models.BooleanField(default=False)

    class Meta:
        # Indexes only on what requests filter by (period, site kind, county, track,
        # institution): a breakdown reads the whole filtered set anyway, and every index
        # is maintained on each rebuild.
        indexes = [
            models.Index(fields=["start_month", "site_kind"], name="reports_fact_start"),
            models.Index(fields=["completion_month", "technical"], name="reports_fact_completion"),
            models.Index(fields=["county"], name="reports_fact_county"),
            models.Index(fields=["track"], name="reports_fact_track"),
            models.Index(fields=["institution_id"], name="reports_fact_institution"),
            # The incremental refresh deletes and rebuilds the rows of a few people.
            models.Index(fields=["person_id"], name="reports_fact_person"),
            models.Index(
                fields=["follow_up_pending_until"],
                condition=models.Q(follow_up_pending_until__isnull=False),
                name="reports_fact_pending_until",
            ),
        ]

    def __str__(self) -> str:
        return f"fact of enrolment {self.enrolment_id}"


class GainFact(models.Model):
    """Levels gained in one competency by one completion."""

    personal_fields: ClassVar[tuple[str, ...]] = ("person_id", "levels_gained")

    completion_id = models.UUIDField()
    person_id = models.UUIDField()
    # The place the completion ended, whose fact row carries the dimensions.
    enrolment = models.ForeignKey(
        EnrolmentFact,
        to_field="enrolment_id",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="gains",
    )
    competency = models.CharField(max_length=80)
    levels_gained = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["enrolment"], name="reports_gain_enrolment"),
            models.Index(fields=["person_id"], name="reports_gain_person"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["completion_id", "competency"], name="reports_gain_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.completion_id}: {self.competency} +{self.levels_gained}"


class FactsRefresh(models.Model):
    """One refresh of the facts: when, how many rows it wrote, and how far it read the journal.

    Freshness is counted in journal positions (``JournalEntry.seq``, the order in which
    changes were written or arrived on this database), not in clock values: a record that
    arrives by sync carries the older clock of the node that wrote it, yet it is new here.
    """

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    # Fact rows written by this refresh (all of them on a full rebuild).
    rows = models.PositiveIntegerField(default=0)
    # True when every fact row was rebuilt, False when only the changed people's were.
    full = models.BooleanField(default=True)
    # The highest journal ``seq`` visible when the refresh started: every change up to it
    # is in the facts, except those in ``journal_gaps``.
    journal_position = models.BigIntegerField(default=0)
    # Numbers below the position that had no entry yet: on PostgreSQL a transaction still
    # running holds its number until it commits, so those entries may land later. A list
    # of ``[first, last, seen_at]`` (Unix seconds); see ``ujuzi.reports.freshness``.
    journal_gaps = models.JSONField(default=list)
    # The mappings the rows were built with: other mappings need a full rebuild.
    mappings_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"facts refresh at {self.started_at:%Y-%m-%d %H:%M}"


class StalePerson(models.Model):
    """A person whose fact rows the refresh in progress is rebuilding; empty between refreshes.

    A table rather than a list in Python so that the changed people, found with set-based
    SQL from the journal, are written once and then joined by the deletes and the
    ``INSERT … SELECT`` statements, however many there are.
    """

    person_id = models.UUIDField(primary_key=True)

    def __str__(self) -> str:
        return f"facts of {self.person_id} to rebuild"


class Snapshot(models.Model):
    """Counts already computed for one request shape, kept until the next refresh."""

    key = models.CharField(max_length=64, unique=True)
    refresh = models.ForeignKey(FactsRefresh, on_delete=models.CASCADE, related_name="+")
    counts = models.JSONField()

    def __str__(self) -> str:
        return self.key
