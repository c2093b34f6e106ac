"""Reads of follow-ups, answers, placements and disability flags.

Two kinds of read live here:

* **Scoped reads** for pages (``*_for(user, ...)``): who may work on follow-ups and
  placements is decided by ``outcome_filter``. Programme administrators see every graduate;
  a training officer sees the graduates on the staff of their institution and its
  sub-institutions (they can reach them, and the applied-skills questions are about their
  work); a learner sees only their own follow-ups. Facilitators, the data protection
  officer and partner viewers see none here (the DPO reaches a person's data through
  data-subject requests, partners see aggregates only). An out-of-scope record is "not
  found".
* **Aggregation reads** for the reports app (``twelve_month_outcomes``,
  ``disability_flags``): unscoped, one row per completion or person with no names, for
  indicators that are suppressed and disaggregated by the reports app. Each call is
  audited (ids and field names only).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from ujuzi.core.audit import audit_append
from ujuzi.core.models import User
from ujuzi.delivery.models import Completion
from ujuzi.outcomes.models import DisabilityStatus, FollowUp, FollowUpAnswer, Placement
from ujuzi.people.models import ConsentEvent, Person, RoleAssignment
from ujuzi.people.policy import NOTHING, Scope, scope_for

Role = RoleAssignment.Role
# A technology role counts for the conversion when it started within this many days.
CONVERSION_DAYS = 365


def works_on_outcomes(scope: Scope) -> bool:
    """Follow-up lists, phone answers and placements: administrators and officers."""
    return bool(scope.roles & {Role.PROGRAMME_ADMIN, Role.TRAINING_OFFICER})


def outcome_filter(scope: Scope, prefix: str = "person__") -> Q:
    """Which graduates' follow-ups and placements a member of staff may work on."""
    if scope.has(Role.PROGRAMME_ADMIN):
        return Q()
    if scope.has(Role.TRAINING_OFFICER):
        return Q(**{f"{prefix}institution_id__in": scope.institution_ids})
    return NOTHING


def latest_consent(person_id: uuid.UUID, purpose: str) -> str | None:
    """The decision in force for one purpose (``given``, ``withdrawn``), or ``None``."""
    event = (
        ConsentEvent.objects.filter(person_id=person_id, purpose=purpose)
        .order_by("-decided_at", "-changed_clock")
        .values_list("decision", flat=True)
        .first()
    )
    return event


def latest_decision(purpose: str, person_ref: str = "person_id") -> Subquery:
    """An expression: the person's latest decision for ``purpose`` (for ``annotate``)."""
    return Subquery(
        ConsentEvent.objects.filter(person_id=OuterRef(person_ref), purpose=purpose)
        .order_by("-decided_at", "-changed_clock")
        .values("decision")[:1]
    )


# --- scoped reads for pages ---------------------------------------------------------------


def follow_ups_for(
    user: User | object, *, status: str = "", due_by: datetime.date | None = None
) -> QuerySet[FollowUp]:
    """Follow-ups the caller works on, soonest closing first, optionally of one status.

    ``due_by`` keeps the ones already open on that day (the ones to chase by phone).
    """
    scope = scope_for(user)
    if not works_on_outcomes(scope):
        return FollowUp.objects.none()
    found = FollowUp.objects.filter(outcome_filter(scope))
    if status:
        found = found.filter(status=status)
    if due_by is not None:
        found = found.filter(opens_on__lte=due_by)
    return found.select_related("person__institution", "completion__course").order_by(
        "closes_on", "wave", "pk"
    )


def follow_up_get_for(user: User | object, follow_up_id: uuid.UUID) -> FollowUp | None:
    """One follow-up the caller works on, or ``None`` (shown as "not found")."""
    return follow_ups_for(user).filter(pk=follow_up_id).first()


def person_for_outcomes(user: User | object, person_id: uuid.UUID) -> Person | None:
    """A graduate the caller may record a placement for, or ``None``."""
    scope = scope_for(user)
    if not works_on_outcomes(scope):
        return None
    return Person.objects.filter(outcome_filter(scope, prefix=""), pk=person_id).first()


def placements_for(user: User | object, person: Person) -> QuerySet[Placement]:
    """A graduate's placements, for staff who work on their outcomes."""
    scope = scope_for(user)
    return Placement.objects.filter(outcome_filter(scope), person=person).select_related(
        "completion__course"
    )


def placement_get_for(user: User | object, placement_id: uuid.UUID) -> Placement | None:
    """One placement of a graduate the caller works on, or ``None``."""
    scope = scope_for(user)
    if not works_on_outcomes(scope):
        return None
    return (
        Placement.objects.filter(outcome_filter(scope), pk=placement_id)
        .select_related("person")
        .first()
    )


def own_person(user: User | object) -> Person | None:
    """The person record of a signed-in learner."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).first()


def open_follow_ups_of(user: User | object, today: datetime.date) -> QuerySet[FollowUp]:
    """The signed-in person's follow-ups that can be answered today."""
    person = own_person(user)
    if person is None:
        return FollowUp.objects.none()
    return (
        FollowUp.objects.filter(
            person=person,
            status__in=[FollowUp.Status.SCHEDULED, FollowUp.Status.SENT],
            opens_on__lte=today,
            closes_on__gte=today,
        )
        .select_related("completion__course")
        .order_by("closes_on")
    )


def own_follow_up(user: User | object, follow_up_id: uuid.UUID) -> FollowUp | None:
    """One of the signed-in person's own follow-ups, whatever its state."""
    person = own_person(user)
    if person is None:
        return None
    return (
        FollowUp.objects.filter(person=person, pk=follow_up_id)
        .select_related("completion__course", "person")
        .first()
    )


def own_disability_answers(user: User | object) -> dict[str, int] | None:
    """The signed-in person's own Washington Group answers (the read is audited)."""
    person = own_person(user)
    if person is None:
        return None
    status = DisabilityStatus.objects.filter(person=person).first()
    if status is None:
        return None
    audit_append(
        action="outcomes.disability.read",
        actor_id=getattr(user, "pk", None),
        model="outcomes.disabilitystatus",
        record_id=status.pk,
        field_names=["answers_sealed"],
    )
    return status.answers()


# --- aggregation reads for the reports app ------------------------------------------------


@dataclass(frozen=True)
class TwelveMonthOutcome:
    """What is known of one completion at 12 months, for indicators (no names).

    ``status`` is the 12-month follow-up's status (``answered``, ``no_response``,
    ``sent``, ``scheduled``, ``cancelled``) or ``"none"`` when none was scheduled (no
    consent). ``converted`` is True when the graduate held a technology role that started
    no later than 365 days after completion, as answered in the 12-month window or shown by
    a verified placement; it is ``None`` when nothing is known (never False for a
    non-respondent: non-response is not unemployment). ``employment_status`` is the
    answer's, or ``""`` without one. ``applied_skills`` (civil servants) is True when they
    reported a promotion, new digital responsibilities or a digital project led; ``None``
    when not answered or not asked.
    """

    completion_id: uuid.UUID
    person_id: uuid.UUID
    course_id: uuid.UUID
    cohort_id: uuid.UUID
    completed_on: datetime.date
    status: str
    employment_status: str
    converted: bool | None
    converted_by_placement: bool
    applied_skills: bool | None


def _tech_role_in_time(
    completed_on: datetime.date, tech_role: bool, started_on: datetime.date | None
) -> bool:
    if not tech_role:
        return False
    if started_on is None:  # holding one now, at the 12-month answer: it counts
        return True
    return started_on <= completed_on + datetime.timedelta(days=CONVERSION_DAYS)


def twelve_month_outcomes(
    completions: QuerySet[Completion] | None = None, *, by: User | None = None
) -> list[TwelveMonthOutcome]:
    """One ``TwelveMonthOutcome`` per completion (all completions unless given).

    Answers count only when answered inside the 12-month window (month 11 to month 14);
    a verified placement with a technology role started within 365 days of completion
    counts as converted whatever the survey says. Unscoped: for the reports' aggregation
    service only, which suppresses small cells; the read is audited.
    """
    rows = completions if completions is not None else Completion.objects.all()
    rows = rows.select_related("enrolment").order_by("completed_on", "pk")
    follow_ups = {
        item.completion_id: item
        for item in FollowUp.objects.filter(wave=12, completion__in=rows.values("pk"))
    }
    answers = {
        answer.follow_up_id: answer
        for answer in FollowUpAnswer.objects.filter(
            follow_up_id__in=[item.pk for item in follow_ups.values()]
        )
    }
    placements: dict[uuid.UUID, list[Placement]] = {}
    for placement in Placement.objects.filter(
        verified=True, tech_role=True, person_id__in=rows.values("person_id")
    ):
        placements.setdefault(placement.person_id, []).append(placement)
    found = []
    for completion in rows:
        follow_up = follow_ups.get(completion.pk)
        answer = answers.get(follow_up.pk) if follow_up is not None else None
        in_window = follow_up is not None and answer is not None
        if in_window and not follow_up.opens_on <= answer.answered_on <= follow_up.closes_on:  # type: ignore[union-attr]
            answer = None
        placed = any(
            completion.completed_on - datetime.timedelta(days=CONVERSION_DAYS)
            <= item.started_on
            <= completion.completed_on + datetime.timedelta(days=CONVERSION_DAYS)
            and (item.completion_id in (None, completion.pk))
            for item in placements.get(completion.person_id, [])
        )
        converted: bool | None = None
        if answer is not None:
            converted = _tech_role_in_time(
                completion.completed_on, answer.tech_role, answer.role_started_on
            )
        if placed:
            converted = True
        applied: bool | None = None
        if answer is not None:
            asked = (
                answer.promoted,
                answer.new_digital_responsibilities,
                answer.digital_project_led,
            )
            if any(value is not None for value in asked):
                applied = any(value is True for value in asked)
        found.append(
            TwelveMonthOutcome(
                completion_id=completion.pk,
                person_id=completion.person_id,
                course_id=completion.course_id,
                cohort_id=completion.enrolment.cohort_id,
                completed_on=completion.completed_on,
                status=follow_up.status if follow_up is not None else "none",
                employment_status=answer.employment_status if answer is not None else "",
                converted=converted,
                converted_by_placement=placed,
                applied_skills=applied,
            )
        )
    audit_append(
        action="outcomes.twelve_month.read",
        actor_id=by.pk if by is not None else None,
        model="outcomes.followupanswer",
        field_names=["employment_status", "tech_role", "role_started_on", "promoted"],
        details={"count": len(found)},
    )
    return found


def disability_flags(
    person_ids: Iterable[uuid.UUID] | None = None, *, by: User | None = None
) -> dict[uuid.UUID, bool]:
    """``with_disability`` per person who has a live disability record (others: unknown).

    The derived flag only, never the answers; for the reports' aggregation service, which
    must not show a cell small enough to single someone out. The read is audited.
    """
    rows = DisabilityStatus.objects.all()
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    flags = dict(rows.values_list("person_id", "with_disability"))
    audit_append(
        action="outcomes.disability_flags.read",
        actor_id=by.pk if by is not None else None,
        model="outcomes.disabilitystatus",
        field_names=["with_disability"],
        details={"count": len(flags)},
    )
    return flags


def today() -> datetime.date:
    """Today in the installation's time zone (Nairobi)."""
    return timezone.localdate()
