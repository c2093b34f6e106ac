"""Writes of the room: the roll, self check-in, learner cards, final scores, completion.

Marks only accumulate (a new mark supersedes the older one for the same person and
session), so two facilitators' phones syncing later never conflict. Completion is
computed from the course's rule in ``rules.completion_decide`` and adds course evidence to
the learner's skill profile at the levels the course brings them to.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_update
from ujuzi.delivery.completions import completion_record
from ujuzi.delivery.keys import learner_key, learner_key_person_id
from ujuzi.delivery.models import (
    Attendance,
    Cohort,
    Completion,
    Enrolment,
    LearnerKey,
    Session,
)
from ujuzi.delivery.rules import (
    CHECK_IN_OPENS_BEFORE,
    check_in_code_matches,
    check_in_open,
    completion_decide,
)
from ujuzi.delivery.services import DeliveryError
from ujuzi.people.models import Person
from ujuzi.people.phones import normalise_phone
from ujuzi.people.policy import scope_for

Status = Enrolment.Status
# The neutral answer to a check-in that names nobody we can check in: it does not say
# whether the number belongs to anyone.
NOT_CHECKED_IN = _("We could not check you in with that number. Check it, or ask the facilitator.")
TOO_MANY_TRIES = _("Too many tries. Ask the facilitator to mark you on the roll.")
CHECK_IN_FAILURES_ALLOWED = 10
CHECK_IN_FAILURE_WINDOW = 600  # seconds


def _mark(
    session: Session, person: Person, *, present: bool, method: str, by: User | None
) -> Attendance:
    latest = (
        Attendance.objects.filter(session=session, person=person).order_by("-changed_clock").first()
    )
    if latest is not None and latest.present == present and latest.method == method:
        return latest  # the same tap twice records nothing new
    return record_create(
        Attendance(session=session, person=person, present=present, method=method, marked_by=by),
        by=by,
        action="delivery.attendance.mark",
    )


def _room_open(session: Session) -> None:
    cohort = Cohort.objects.get(pk=session.cohort_id)  # as it stands now, not as loaded
    if cohort.is_cancelled or cohort.closed_on is not None:
        raise DeliveryError(_("This cohort has been closed."))
    if timezone.now() < session.starts_at - CHECK_IN_OPENS_BEFORE:
        raise DeliveryError(_("The roll opens 30 minutes before the session starts."))


def _enrolled(session: Session, person_id: uuid.UUID) -> Enrolment | None:
    return Enrolment.objects.filter(
        cohort_id=session.cohort_id, person_id=person_id, status=Status.ENROLLED
    ).first()


@transaction.atomic
def attendance_mark(
    *, session: Session, person: Person, present: bool, by: User, method: str = "roll"
) -> Attendance:
    """A facilitator marks one enrolled learner present or absent (one tap).

    Not before the room opens (half an hour before the start), so that a session that
    has not happened cannot count towards completion, and not once the cohort is closed.
    """
    if not scope_for(by).runs_room_at(session.cohort.site_id):
        raise DeliveryError(_("You do not take the roll for this session."))
    _room_open(session)
    if _enrolled(session, person.pk) is None:
        raise DeliveryError(_("%(name)s is not enrolled in this cohort.") % {"name": person})
    return _mark(session, person, present=present, method=method, by=by)


def _person_by_identifier(text: str) -> Person | None:
    """A phone number (any common Kenyan or Rwandan form) or a national ID, as typed.

    Every reading is tried (a Kenyan ID, a Rwandan 16-digit ID, the number as a Kenyan
    and as a Rwandan phone); only one person matching across all of them is an identity.
    """
    text = text.strip()[:40]
    compact = "".join(text.split())
    if not compact:
        return None
    matches: set[uuid.UUID] = set()
    if compact.isdigit() and 5 <= len(compact) <= 16:
        matches |= set(Person.objects.filter(national_id=compact).values_list("pk", flat=True))
    for region in ("KE", "RW"):
        try:
            phone = normalise_phone(text, default_region=region)
        except ValueError:
            continue
        matches |= set(Person.objects.filter(phone=phone).values_list("pk", flat=True)[:2])
    if len(matches) != 1:
        return None  # nobody, or a phone shared by several people: not an identity
    return Person.objects.get(pk=matches.pop())


def _too_many_failures(session: Session, client: str) -> bool:
    return int(cache.get(_failure_key(session, client), 0)) >= CHECK_IN_FAILURES_ALLOWED


def _failure_key(session: Session, client: str) -> str:
    return f"ujuzi:check-in-failures:{session.pk}:{client[:64]}"


def _count_failure(session: Session, client: str) -> None:
    key = _failure_key(session, client)
    if not cache.add(key, 1, CHECK_IN_FAILURE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, CHECK_IN_FAILURE_WINDOW)


@transaction.atomic
def check_in(
    *,
    session: Session,
    identifier: str,
    code: str,
    now: datetime.datetime | None = None,
    client: str = "",
) -> Attendance:
    """A learner without a login checks in with their phone or ID and the room's code.

    Only during the session's window, only with the code shown in the room, only for
    people enrolled in the cohort, and never over a facilitator's own mark (so a code
    passed on outside the room cannot undo the roll). After ten failed tries in ten
    minutes from one device (``client``) the session refuses it for a while.
    """
    now = now or timezone.now()
    if _too_many_failures(session, client):
        raise DeliveryError(TOO_MANY_TRIES)
    try:
        return _check_in(session, identifier, code, now)
    except DeliveryError:
        _count_failure(session, client)
        raise


def _check_in(session: Session, identifier: str, code: str, now: datetime.datetime) -> Attendance:
    cohort = Cohort.objects.get(pk=session.cohort_id)  # as it stands now, not as loaded
    if cohort.is_cancelled:
        raise DeliveryError(_("This cohort has been cancelled."))
    if cohort.closed_on is not None:
        raise DeliveryError(_("This cohort has been closed."))
    if not check_in_open(session.starts_at, session.ends_at, now):
        raise DeliveryError(_("Check-in is open from 30 minutes before the session until it ends."))
    if not check_in_code_matches(session.check_in_code, code):
        raise DeliveryError(_("That is not the code shown in the room."))
    person = _person_by_identifier(identifier)
    if person is None or _enrolled(session, person.pk) is None:
        raise DeliveryError(NOT_CHECKED_IN)
    latest = (
        Attendance.objects.filter(session=session, person=person).order_by("-changed_clock").first()
    )
    if latest is not None and latest.method != Attendance.Method.CHECK_IN:
        if latest.present:
            return latest  # the facilitator has already marked them present
        raise DeliveryError(NOT_CHECKED_IN)
    return _mark(session, person, present=True, method=Attendance.Method.CHECK_IN, by=None)


def card_token(person: Person) -> str:
    """The key printed as a QR code on a learner's card (see ``keys``)."""
    return learner_key(person, LearnerKey.Purpose.CARD)


def card_person_id(token: str) -> uuid.UUID | None:
    """The person a scanned card stands for, or None for a replaced or forged card."""
    return learner_key_person_id(token, LearnerKey.Purpose.CARD)


@transaction.atomic
def final_score_record(*, enrolment: Enrolment, score: int, by: User) -> Enrolment:
    """Record a learner's final assessment result (a percentage)."""
    if not scope_for(by).runs_room_at(enrolment.cohort.site_id):
        raise DeliveryError(_("You do not record results for this cohort."))
    if Cohort.objects.filter(pk=enrolment.cohort_id, closed_on__isnull=False).exists():
        raise DeliveryError(_("This cohort has been closed."))
    if not 0 <= score <= 100:
        raise DeliveryError(_("A score is a whole percentage from 0 to 100."))
    return record_update(enrolment, changes={"final_score": score}, by=by)


def _attended(cohort: Cohort, now: datetime.datetime) -> tuple[int, dict[uuid.UUID, int]]:
    """Sessions held (started by now), and per person how many they attended.

    Each person's newest mark per session counts.
    """
    session_ids = list(
        Session.objects.filter(cohort=cohort, starts_at__lte=now).values_list("pk", flat=True)
    )
    latest: dict[tuple[uuid.UUID, uuid.UUID], bool] = {}
    marks = Attendance.objects.filter(session_id__in=session_ids).order_by("changed_clock")
    for session_id, person_id, present in marks.values_list("session_id", "person_id", "present"):
        latest[(session_id, person_id)] = present
    counts: dict[uuid.UUID, int] = {}
    for (_session, person_id), present in latest.items():
        if present:
            counts[person_id] = counts.get(person_id, 0) + 1
    return len(session_ids), counts


@transaction.atomic
def cohort_complete(
    *, cohort: Cohort, by: User, on: datetime.date | None = None
) -> list[Completion]:
    """Close a cohort: decide each enrolled learner's completion under the course's rule.

    Only once its sessions are over: on or after its last day, with every session
    started. Learners who meet the rule get a dated ``Completion`` and course evidence
    for each competency the course develops; the others are marked as not completed;
    anyone still waiting for a seat is told none became free. The cohort is marked
    closed, so repeating the close changes nothing.
    """
    if not scope_for(by).runs_cohorts:
        raise DeliveryError(_("Only programme administrators close cohorts."))
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if cohort.closed_on is not None:
        return []
    now = timezone.now()
    today = timezone.localdate()
    if not Session.objects.filter(cohort=cohort).exists():
        raise DeliveryError(_("A cohort without sessions cannot be closed; add its sessions."))
    if today < cohort.ends_on or Session.objects.filter(cohort=cohort, starts_at__gt=now).exists():
        raise DeliveryError(_("Close a cohort on its last day, once every session has started."))
    course = cohort.course
    on = on or today
    held, attended = _attended(cohort, now)
    completions = []
    for enrolment in Enrolment.objects.filter(cohort=cohort, status=Status.ENROLLED):
        result = completion_decide(
            sessions_held=held,
            sessions_attended=attended.get(enrolment.person_id, 0),
            min_attendance_percent=course.min_attendance_percent,
            pass_mark_percent=course.pass_mark_percent,
            final_score=enrolment.final_score,
        )
        if not result.completed:
            record_update(
                enrolment,
                changes={"status": Status.NOT_COMPLETED, "leaving_reason": result.reason},
                by=by,
                action="delivery.enrolment.not_completed",
            )
            continue
        record_update(
            enrolment,
            changes={"status": Status.COMPLETED},
            by=by,
            action="delivery.enrolment.completed",
        )
        completion = completion_record(
            enrolment=enrolment,
            course=course,
            on=on,
            attendance_percent=result.attendance_percent,
            final_score=enrolment.final_score,
            by=by,
        )
        completions.append(completion)
    for waiting in Enrolment.objects.filter(cohort=cohort, status=Status.WAITLISTED):
        record_update(
            waiting,
            changes={"status": Status.NO_SEAT},
            by=by,
            action="delivery.enrolment.no_seat",
        )
    record_update(cohort, changes={"closed_on": on}, by=by, action="delivery.cohort.close")
    return completions
