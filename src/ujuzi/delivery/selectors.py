"""Reads of cohorts and the people in them, always through the policy.

Cohorts themselves (course, site, dates, seats) are public programme information; who is
in them is people data, scoped by ``ujuzi.people.policy.place_filter`` and
``nomination_filter``. An out-of-scope record comes back as ``None``.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.utils import timezone

from ujuzi.core.models import User
from ujuzi.delivery.models import Attendance, Cohort, Enrolment, Nomination, Session
from ujuzi.people.models import Person
from ujuzi.people.policy import nomination_filter, place_filter, scope_for

Status = Enrolment.Status


@dataclass(frozen=True)
class CohortFilters:
    """What a cohort list may be narrowed by."""

    course_code: str = ""
    site_id: uuid.UUID | None = None
    upcoming_only: bool = True
    open_only: bool = False


def cohort_list(*, filters: CohortFilters | None = None) -> QuerySet[Cohort]:
    """Cohorts with their seat counts, soonest first."""
    filters = filters or CohortFilters()
    cohorts = Cohort.objects.filter(is_cancelled=False).select_related("course", "site")
    if filters.course_code:
        cohorts = cohorts.filter(course__code=filters.course_code)
    if filters.site_id:
        cohorts = cohorts.filter(site_id=filters.site_id)
    if filters.upcoming_only:
        cohorts = cohorts.filter(ends_on__gte=timezone.localdate())
    if filters.open_only:
        cohorts = cohorts.filter(is_open=True)
    return _with_counts(cohorts).order_by("starts_on", "code")


# Statuses of people who hold a seat, or held one until the cohort closed: closing turns
# every seat into "completed" or "did not complete", and those people still filled it.
SEATED: tuple[str, ...] = (Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED)


def _with_counts(cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Seats taken (``enrolled_count``), the waiting list, and a closed cohort's results."""

    def count(*statuses: str) -> Count:
        live = Q(enrolments__status__in=statuses, enrolments__deleted_clock__isnull=True)
        return Count("enrolments", filter=live, distinct=True)

    return cohorts.annotate(
        enrolled_count=count(*SEATED),
        waiting_count=count(Status.WAITLISTED),
        completed_count=count(Status.COMPLETED),
        not_completed_count=count(Status.NOT_COMPLETED),
    )


def cohort_get(cohort_id: uuid.UUID) -> Cohort | None:
    """One cohort with its seat counts, cancelled or not (its page says so)."""
    cohorts = Cohort.objects.select_related("course", "site", "route_stop")
    return _with_counts(cohorts).filter(pk=cohort_id).first()


def waiting_position(place: Enrolment) -> int | None:
    """Where a waiting place stands in the line (1 is next), or None for other places."""
    if place.status != Status.WAITLISTED:
        return None
    ahead = Enrolment.objects.filter(cohort_id=place.cohort_id, status=Status.WAITLISTED).filter(
        Q(queued_clock__lt=place.queued_clock) | Q(queued_clock=place.queued_clock, id__lt=place.pk)
    )
    return ahead.count() + 1


def sessions_of_cohort(cohort: Cohort) -> QuerySet[Session]:
    """A cohort's sessions in time order."""
    return Session.objects.filter(cohort=cohort).order_by("starts_at")


def cohort_is_running(cohort: Cohort) -> bool:
    """Neither cancelled nor closed: it still takes places, sessions, marks and scores."""
    return not cohort.is_cancelled and cohort.closed_on is None


def _running(prefix: str = "") -> Q:
    """``cohort_is_running`` as a query, for rows that reach the cohort through ``prefix``."""
    return Q(**{f"{prefix}is_cancelled": False, f"{prefix}closed_on__isnull": True})


@dataclass(frozen=True)
class CohortActions:
    """What a cohort's page offers the caller; the services refuse the same things."""

    adds_sessions: bool
    takes_roll: bool
    sees_roll: bool
    manages_seats: bool
    nominates: bool
    closes: bool


def cohort_actions_for(user: User | object, cohort: Cohort) -> CohortActions:
    """The actions a cohort offers: none that would change a closed or cancelled one."""
    scope = scope_for(user)
    running = cohort_is_running(cohort)
    runs_room = scope.runs_room_at(cohort.site_id)
    return CohortActions(
        adds_sessions=running and scope.runs_cohorts,
        takes_roll=running and runs_room,
        sees_roll=runs_room,
        manages_seats=running and scope.runs_cohorts,
        nominates=running and scope.nominates,
        closes=scope.runs_cohorts and cohort_closable(cohort),
    )


def cohort_takes_self_enrolment(cohort: Cohort, person: Person) -> bool:
    """Open, still running, and meant for the person's audience (the enrol button)."""
    return (
        cohort.is_open
        and cohort_is_running(cohort)
        and cohort.ends_on >= timezone.localdate()
        and cohort.course.audience in ("all", person.audience)
    )


def cohort_closable(cohort: Cohort) -> bool:
    """Open, on or after its last day, with sessions that have all started."""
    if cohort.closed_on is not None or cohort.is_cancelled:
        return False
    if timezone.localdate() < cohort.ends_on:
        return False
    sessions = Session.objects.filter(cohort=cohort)
    return sessions.exists() and not sessions.filter(starts_at__gt=timezone.now()).exists()


def session_get(session_id: uuid.UUID) -> Session | None:
    """One session with its cohort, course and site (public facts, no people).

    ``takes_roll`` says whether its cohort still takes marks (it is neither closed nor
    cancelled).
    """
    return (
        _with_roll_state(Session.objects.select_related("cohort__course", "cohort__site"))
        .filter(pk=session_id)
        .first()
    )


def _with_roll_state(sessions: QuerySet[Session]) -> QuerySet[Session]:
    return sessions.annotate(
        takes_roll=ExpressionWrapper(_running("cohort__"), output_field=BooleanField())
    )


def places_for(user: User | object, cohort: Cohort) -> QuerySet[Enrolment]:
    """The places in a cohort the caller may see: seats first, then the waiting list."""
    return (
        Enrolment.objects.filter(place_filter(scope_for(user)), cohort=cohort)
        .select_related("person", "person__institution")
        .order_by("status", "queued_clock", "id")
    )


def place_get_for(user: User | object, enrolment_id: uuid.UUID) -> Enrolment | None:
    """One place if in scope."""
    return (
        Enrolment.objects.filter(place_filter(scope_for(user)), pk=enrolment_id)
        .select_related("cohort__course", "cohort__site", "person")
        .first()
    )


def nominations_for(user: User | object, *, pending_only: bool = True) -> QuerySet[Nomination]:
    """Nominations the caller may see, oldest first (the order they are decided in)."""
    nominations = Nomination.objects.filter(nomination_filter(scope_for(user)))
    if pending_only:
        nominations = nominations.filter(status=Nomination.Status.PENDING)
    return nominations.select_related(
        "person", "person__institution", "cohort__course", "cohort__site"
    ).order_by("created_at", "id")


def nomination_get_for(user: User | object, nomination_id: uuid.UUID) -> Nomination | None:
    """One nomination if in scope."""
    return nominations_for(user, pending_only=False).filter(pk=nomination_id).first()


def nominable_staff_for(
    user: User | object, cohort: Cohort, *, search: str = ""
) -> QuerySet[Person]:
    """The officer's staff who are not yet nominated for or placed in this cohort."""
    scope = scope_for(user)
    staff = Person.objects.filter(institution_id__in=scope.institution_ids)
    if scope.runs_cohorts:
        staff = Person.objects.filter(audience=Person.Audience.CIVIL_SERVANT)
    for word in search.split()[:5]:
        staff = staff.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(personal_number__iexact=word)
        )
    return (
        staff.exclude(nominations__cohort=cohort, nominations__deleted_clock__isnull=True)
        .exclude(enrolments__cohort=cohort, enrolments__deleted_clock__isnull=True)
        .select_related("institution")
        .order_by("last_name", "first_name", "id")
    )


@dataclass(frozen=True)
class RollLine:
    """One enrolled learner on a session's roll, with their newest mark."""

    person: Person
    present: bool | None
    method: str


def roll_for(user: User | object, session: Session) -> list[RollLine] | None:
    """The roll of a session for its facilitators and administrators; None for others.

    Everyone holding a seat, or who held one until the cohort closed (a closed cohort's
    roll is still read, no longer marked).
    """
    scope = scope_for(user)
    if not scope.runs_room_at(session.cohort.site_id):
        return None
    places = (
        Enrolment.objects.filter(cohort_id=session.cohort_id, status__in=SEATED)
        .select_related("person")
        .order_by("person__last_name", "person__first_name", "person_id")
    )
    marks: dict[uuid.UUID, tuple[bool, str]] = {}
    for person_id, present, method in (
        Attendance.objects.filter(session=session)
        .order_by("changed_clock")
        .values_list("person_id", "present", "method")
    ):
        marks[person_id] = (present, method)
    return [
        RollLine(
            person=place.person,
            present=marks.get(place.person_id, (None, ""))[0],
            method=marks.get(place.person_id, (None, ""))[1],
        )
        for place in places
    ]


def sessions_to_run_for(user: User | object, *, day: datetime.date) -> QuerySet[Session]:
    """A facilitator's (or administrator's) sessions on a day, for the home page.

    A session of a cohort closed since (on its last day) is still listed, with
    ``takes_roll`` false: the roll no longer changes.
    """
    scope = scope_for(user)
    sessions = Session.objects.filter(starts_at__date=day, cohort__is_cancelled=False)
    if not scope.runs_cohorts:
        sessions = sessions.filter(cohort__site_id__in=scope.site_ids)
    return _with_roll_state(sessions.select_related("cohort__course", "cohort__site")).order_by(
        "starts_at"
    )


def own_person(user: User | object) -> Person | None:
    """The person record of the signed-in login, if it has one."""
    user_id = getattr(user, "pk", None)
    return Person.objects.filter(user_id=user_id).first() if user_id else None


def my_places(user: User | object) -> QuerySet[Enrolment]:
    """The signed-in learner's own places, newest cohorts first."""
    person = own_person(user)
    if person is None:
        return Enrolment.objects.none()
    return (
        Enrolment.objects.filter(person=person)
        .select_related("cohort__course", "cohort__site")
        .prefetch_related("cohort__sessions")
        .order_by("-cohort__starts_on")
    )


def sessions_of_person(person: Person) -> QuerySet[Session]:
    """Sessions of the cohorts a person holds a seat in (for their calendar)."""
    return (
        Session.objects.filter(
            cohort__enrolments__person=person,
            cohort__enrolments__status__in=(
                Status.ENROLLED,
                Status.COMPLETED,
                Status.NOT_COMPLETED,
            ),
            cohort__enrolments__deleted_clock__isnull=True,
            cohort__is_cancelled=False,
        )
        .select_related("cohort__course", "cohort__site")
        .order_by("starts_at")
    )


def person_for_feed(person_id: uuid.UUID) -> Person | None:
    """The owner of a signed calendar address (the signature is the authorisation)."""
    return Person.objects.filter(pk=person_id).first()


def sessions_of_site(site_id: uuid.UUID) -> QuerySet[Session]:
    """Sessions of every cohort at a site (for the site's public calendar)."""
    return (
        Session.objects.filter(cohort__site_id=site_id, cohort__is_cancelled=False)
        .select_related("cohort__course", "cohort__site")
        .order_by("starts_at")
    )


def sessions_due_for_reminder(now: datetime.datetime) -> list[Session]:
    """Sessions that start in the next 24 hours, for the reminder job."""
    return list(
        Session.objects.filter(
            Q(starts_at__gt=now) & Q(starts_at__lte=now + datetime.timedelta(hours=24)),
            cohort__is_cancelled=False,
        ).select_related("cohort__course", "cohort__site")
    )
