"""How far the facts have read the change journal, and whose facts a change makes stale.

Every write to a synced record appends a ``JournalEntry`` in the same transaction, and
entries received from other nodes get a new local ``seq`` when they are applied, so ``seq``
orders changes by when they reached this database. A refresh remembers the highest ``seq``
it saw (its *position*); the facts are stale when a source model has an entry above it.
Clock values cannot do this: a record synced in today may carry last week's clock.

On PostgreSQL a number is taken when the entry is inserted but seen only when its
transaction commits, so a long transaction can land an entry *below* a position already
read. The numbers missing under the position are therefore kept as *gaps* and read again
at the next refresh, until they fill or are older than any transaction runs
(``GAP_HORIZON``: numbers of rolled-back transactions never fill).

A changed record is turned into the people whose fact rows it feeds with set-based SQL
(``stale_people``): one ``SELECT`` per source model, joined to the journal's window.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from typing import Any

from django.db.models import F, Max, Q, QuerySet
from django.db.models.expressions import Window
from django.db.models.functions import Lag

from ujuzi.core.models import JournalEntry
from ujuzi.reports.mappings import mappings

# A number missing for longer than this belongs to a transaction that rolled back.
GAP_HORIZON = 3600
# Beyond this many gaps the oldest are dropped (each costs a range in a query).
MOST_GAPS = 200

Gap = tuple[int, int, int]  # first missing seq, last missing seq, when first seen (Unix s)


def sources() -> tuple[Any, ...]:
    """The synced models whose records the facts are built from (see ``freshness``)."""
    from ujuzi.assessment.models import Evidence
    from ujuzi.catalog.models import Course, CourseOutcome, Programme
    from ujuzi.credentials.models import Credential
    from ujuzi.delivery.models import Cohort, Completion, Enrolment
    from ujuzi.outcomes.models import DisabilityStatus, FollowUp, FollowUpAnswer, Placement
    from ujuzi.people.models import Person, PersonSensitive
    from ujuzi.places.models import RouteStop, Site

    return (
        Enrolment,
        Completion,
        FollowUp,
        FollowUpAnswer,
        Placement,
        Credential,
        Person,
        PersonSensitive,
        DisabilityStatus,
        Evidence,
        Cohort,
        Site,
        RouteStop,
        # A course's track and programme, and the levels its outcomes give, are columns too.
        Programme,
        Course,
        CourseOutcome,
    )


def mappings_digest() -> str:
    """A fingerprint of the mappings in force: rows built with other mappings are stale."""
    rules = mappings()
    text = json.dumps(
        [rules.grade_bands, sorted(rules.urban_areas), list(rules.technical_programmes)],
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def journal_position() -> int:
    """The highest journal ``seq`` visible now (0 for an empty journal)."""
    return int(JournalEntry.objects.aggregate(top=Max("seq"))["top"] or 0)


def _missing(low: int, high: int) -> list[tuple[int, int]]:
    """The ranges of numbers in ``(low, high]`` that have no visible entry."""
    if high <= low:
        return []
    present = JournalEntry.objects.filter(seq__gt=low, seq__lte=high)
    if present.count() == high - low:
        return []
    # Each entry with the one before it: a jump of more than one is a gap.
    jumps = (
        present.annotate(before=Window(Lag("seq", default=low), order_by=F("seq").asc()))
        .filter(seq__gt=F("before") + 1)
        .values_list("before", "seq")
    )
    ranges = [(int(before) + 1, int(seq) - 1) for before, seq in jumps]
    last = int(present.aggregate(last=Max("seq"))["last"] or low)
    if last < high:
        ranges.append((last + 1, high))
    return ranges


def gaps_after(previous: int, position: int, carried: Sequence[Sequence[int]]) -> list[Gap]:
    """The gaps below ``position``: new ones above ``previous``, and carried ones still open."""
    now = int(time.time())
    gaps: list[Gap] = []
    for first, last, seen in carried:
        if now - seen > GAP_HORIZON:
            continue
        gaps.extend((low, high, seen) for low, high in _missing(first - 1, last))
    gaps.extend((low, high, now) for low, high in _missing(previous, position))
    return gaps[-MOST_GAPS:]


def window(position: int, gaps: Sequence[Sequence[int]]) -> Q:
    """The entries a refresh at ``position`` with ``gaps`` has not read."""
    unread = Q(seq__gt=position)
    for first, last, _seen in gaps:
        unread |= Q(seq__gte=first, seq__lte=last)
    return unread


def source_labels() -> list[str]:
    """The journal's names (``app.model``) of the source models."""
    return [model._meta.label_lower for model in sources()]


def _people_of(model: Any, ids: QuerySet[Any]) -> list[QuerySet[Any]]:
    """Queries of the people whose fact rows a change to these records of ``model`` feeds.

    Tombstoned records count (``_base_manager`` sees them): deleting an enrolment changes
    its person's facts. Rows already in the facts count too, so that a record that moved to
    another person leaves the first one's facts as well.
    """
    from ujuzi.catalog.models import Course, CourseOutcome, Programme
    from ujuzi.delivery.models import Cohort, Completion, Enrolment
    from ujuzi.people.models import Person
    from ujuzi.places.models import RouteStop, Site
    from ujuzi.reports.models import EnrolmentFact, GainFact

    enrolments = Enrolment._base_manager.order_by()
    completions = Completion._base_manager.order_by()
    if model is Person:
        return [ids]
    if model is Enrolment:
        return [
            enrolments.filter(id__in=ids).values("person_id"),
            EnrolmentFact.objects.filter(enrolment_id__in=ids).values("person_id"),
        ]
    if model is Completion:
        return [
            completions.filter(id__in=ids).values("person_id"),
            completions.filter(id__in=ids).values("enrolment__person_id"),
            GainFact.objects.filter(completion_id__in=ids).values("person_id"),
        ]
    if model is Cohort:
        return [enrolments.filter(cohort_id__in=ids).values("person_id")]
    if model is Site:
        return [enrolments.filter(cohort__site_id__in=ids).values("person_id")]
    if model is Programme:
        return [enrolments.filter(cohort__course__programme_id__in=ids).values("person_id")]
    if model is Course:
        return [
            enrolments.filter(cohort__course_id__in=ids).values("person_id"),
            completions.filter(course_id__in=ids).values("person_id"),
        ]
    if model is CourseOutcome:
        courses = CourseOutcome._base_manager.filter(id__in=ids).values("course_id")
        return [completions.filter(course_id__in=courses).values("person_id")]
    if model is RouteStop:
        return []  # only the coverage counts read stops, and a refresh drops those
    # Every other source record names its person.
    return [model._base_manager.filter(id__in=ids).order_by().values("person_id")]


def stale_people(unread: Q, position: int, today: Any) -> QuerySet[Any]:
    """One query (a ``UNION``) of the people whose fact rows need rebuilding, or ``None``.

    Besides the people of the unread entries, it names those whose follow-up stopped being
    pending on the calendar alone since the rows were built (``follow_up_pending_until``).
    """
    from ujuzi.reports.models import EnrolmentFact

    entries = JournalEntry.objects.filter(unread, seq__lte=position)
    parts: list[QuerySet[Any]] = []
    for model in sources():
        ids = entries.filter(model=model._meta.label_lower).values("record_id")
        parts.extend(_people_of(model, ids))
    parts.append(
        EnrolmentFact.objects.filter(follow_up_pending_until__lt=today).values("person_id")
    )
    first, *rest = parts
    return first.union(*rest) if rest else first
