"""What the room's pages read: a scanned learner's card, the class list, final results.

Scoped like every delivery read (``people.policy``): each returns None when the caller may
not see it, and the page answers 404. The cohort pages' reads are in ``selectors``.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from ujuzi.core.models import User
from ujuzi.delivery.models import Attendance, Cohort, Enrolment, Session
from ujuzi.delivery.selectors import places_for, sessions_to_run_for
from ujuzi.people.models import Person
from ujuzi.people.policy import place_filter, scope_for

Status = Enrolment.Status


@dataclass(frozen=True)
class CardSession:
    """A session of today the caller runs, in a cohort the scanned learner holds a seat in."""

    session: Session
    present: bool | None


@dataclass(frozen=True)
class CardScan:
    """What a facilitator sees when they scan a learner's card."""

    person: Person
    sessions: list[CardSession]


def card_scan_for(
    user: User | object, person_id: uuid.UUID, *, day: datetime.date
) -> CardScan | None:
    """The learner on a scanned card if the caller takes attendance for one of their places.

    A facilitator sees learners of cohorts at their sites (``place_filter``); everyone else
    who does not take attendance, and a learner out of scope, gets None.
    """
    scope = scope_for(user)
    if not scope.takes_attendance:
        return None
    places = Enrolment.objects.filter(place_filter(scope), person_id=person_id)
    place = places.select_related("person").first()
    if place is None:
        return None
    seats = places.filter(status=Status.ENROLLED).values("cohort_id")
    sessions = list(sessions_to_run_for(user, day=day).filter(cohort_id__in=seats))
    # Oldest first, so that the newest mark for each session is the one kept.
    marks = dict(
        Attendance.objects.filter(session__in=sessions, person_id=person_id)
        .order_by("changed_clock")
        .values_list("session_id", "present")
    )
    return CardScan(
        person=place.person,
        sessions=[CardSession(session, marks.get(session.pk)) for session in sessions],
    )


@dataclass(frozen=True)
class ClassListLine:
    """One place on a printed class list; ``waiting_position`` counts from 1."""

    place: Enrolment
    waiting_position: int | None


# Seats first (by name), then the waiting list (in its order), then those who left.
_CLASS_LIST_GROUP: dict[str, int] = {
    Status.ENROLLED: 0,
    Status.COMPLETED: 0,
    Status.NOT_COMPLETED: 0,
    Status.WAITLISTED: 1,
    Status.WITHDRAWN: 2,
    Status.DROPPED_OUT: 2,
}


def class_list_for(user: User | object, cohort: Cohort) -> list[ClassListLine] | None:
    """The places of a cohort the caller may see, for a printed class list.

    Administrators and the cohort site's facilitators always get the list (even empty);
    other staff (a training officer, the data protection officer) only when they can see
    at least one place in it; learners and partner viewers never.
    """
    scope = scope_for(user)
    if not scope.is_staff_reader:
        return None
    runs_room = scope.runs_room_at(cohort.site_id)
    places = list(places_for(user, cohort).select_related("person__registered_at_site"))
    if not places and not runs_room:
        return None

    def order(place: Enrolment) -> tuple[int, int, str, str]:
        group = _CLASS_LIST_GROUP.get(place.status, 2)
        queue = place.queued_clock if group == 1 else 0
        return (group, queue, place.person.last_name.casefold(), place.person.first_name.casefold())

    lines = []
    waiting = 0
    for place in sorted(places, key=order):
        position = None
        if place.status == Status.WAITLISTED:
            waiting += 1
            position = waiting
        lines.append(ClassListLine(place=place, waiting_position=position))
    return lines


def results_for(user: User | object, cohort: Cohort) -> list[Enrolment] | None:
    """The seats of a cohort whose final results the caller records, by learner's name.

    Administrators and the cohort site's facilitators (those who take its roll); None for
    everyone else.
    """
    scope = scope_for(user)
    if not scope.runs_room_at(cohort.site_id):
        return None
    return list(
        Enrolment.objects.filter(cohort=cohort, status=Status.ENROLLED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
