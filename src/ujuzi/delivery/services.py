"""Every write of scheduling and enrolment: cohorts, sessions, nominations, places.

Each function is one use case in one transaction, written through ``ujuzi.core.records``
so that it is journaled and audited. Seats are allocated with the cohort row locked, so
two approvals at once cannot both take the last seat; the waiting list is ordered by the
clock value taken when the place was asked for, the same on every node.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.core.node import next_clock
from ujuzi.core.records import record_create, record_update
from ujuzi.delivery import messages
from ujuzi.delivery.models import Cohort, CohortFacilitator, Enrolment, Nomination, Session
from ujuzi.delivery.rules import check_in_code_new, dates_overlap
from ujuzi.people.models import Person
from ujuzi.people.policy import scope_for
from ujuzi.places.models import RouteStop, Site

Status = Enrolment.Status
MAX_CAPACITY = 1000


class DeliveryError(ValueError):
    """A request the delivery rules refuse, with a message for the person who asked."""


def cohort_create(
    *,
    course: Course,
    site: Site,
    code: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    capacity: int,
    by: User | None,
    language: str = "en",
    route_stop: RouteStop | None = None,
    is_open: bool = False,
    facilitators: Iterable[User] = (),
) -> Cohort:
    """Schedule a cohort of a course at a site, with the facilitators who run it.

    The site must be of a kind the course is delivered in, the language one the course
    is taught in, and a mobile lab's cohort must fall within the stop it is held at.
    """
    _cohort_fits(course, site, language, route_stop, starts_on, ends_on, capacity)
    facilitators = list(facilitators)
    for user in facilitators:
        if site.pk not in scope_for(user).site_ids:
            raise DeliveryError(
                _("%(name)s is not a facilitator at %(site)s.")
                % {"name": user.get_username(), "site": site.name}
            )
    with transaction.atomic():
        cohort = record_create(
            Cohort(
                code=code,
                course=course,
                site=site,
                route_stop=route_stop,
                language=language,
                starts_on=starts_on,
                ends_on=ends_on,
                capacity=capacity,
                is_open=is_open,
            ),
            by=by,
            action="delivery.cohort.create",
        )
        for user in facilitators:
            record_create(
                CohortFacilitator(cohort=cohort, user=user),
                by=by,
                action="delivery.cohort.facilitator",
            )
    return cohort


def _cohort_fits(
    course: Course,
    site: Site,
    language: str,
    route_stop: RouteStop | None,
    starts_on: datetime.date,
    ends_on: datetime.date,
    capacity: int,
) -> None:
    if site.kind not in course.delivery_modes:
        raise DeliveryError(
            _("%(course)s is not delivered at a %(kind)s.")
            % {"course": course.code, "kind": site.get_kind_display()}
        )
    if language not in course.languages:
        raise DeliveryError(
            _("%(course)s is not taught in that language.") % {"course": course.code}
        )
    if not 1 <= capacity <= MAX_CAPACITY:
        raise DeliveryError(_("A cohort has from 1 to %(n)d seats.") % {"n": MAX_CAPACITY})
    if route_stop is not None and not (
        route_stop.starts_on <= starts_on and ends_on <= route_stop.ends_on
    ):
        raise DeliveryError(_("The cohort's dates must fall within the stop's dates."))


def session_add(
    *,
    cohort: Cohort,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    by: User | None,
    topic: str = "",
) -> Session:
    """Add a meeting to a cohort, on one of its days, with a fresh check-in code."""
    cohort = Cohort.objects.get(pk=cohort.pk)  # as it stands now, not as loaded
    if cohort.is_cancelled or cohort.closed_on is not None:
        raise DeliveryError(_("Sessions cannot be added to a closed or cancelled cohort."))
    local_day = timezone.localtime(starts_at).date()
    if not cohort.starts_on <= local_day <= cohort.ends_on:
        raise DeliveryError(_("A session must fall on one of the cohort's days."))
    return record_create(
        Session(
            cohort=cohort,
            starts_at=starts_at,
            ends_at=ends_at,
            topic=topic,
            check_in_code=check_in_code_new(),
        ),
        by=by,
        action="delivery.session.create",
    )


def _overlapping_place(person: Person, cohort: Cohort) -> Enrolment | None:
    """The person's active place in another cohort whose dates overlap this one's."""
    for place in (
        Enrolment.objects.filter(person=person, status__in=Enrolment.ACTIVE)
        .exclude(cohort=cohort)
        .select_related("cohort")
    ):
        other = place.cohort
        if dates_overlap((other.starts_on, other.ends_on), (cohort.starts_on, cohort.ends_on)):
            return place
    return None


def cohort_running(cohort: Cohort) -> None:
    """Refuse changes to a cancelled, closed or finished cohort."""
    if cohort.is_cancelled:
        raise DeliveryError(_("This cohort has been cancelled."))
    if cohort.closed_on is not None:
        raise DeliveryError(_("This cohort has been closed."))
    if cohort.ends_on < timezone.localdate():
        raise DeliveryError(_("This cohort has already ended."))


def _bookable(cohort: Cohort, person: Person, *, rejoining: bool = False) -> None:
    """Refuse a place that the rules do not allow.

    The cohort must be running, the course meant for the person's audience, and the
    person must hold no other place here (unless they withdrew) and none on the same dates.
    """
    cohort_running(cohort)
    if cohort.course.audience not in ("all", person.audience):
        raise DeliveryError(_("This course is for another audience."))
    if not rejoining and Enrolment.objects.filter(cohort=cohort, person=person).exists():
        raise DeliveryError(_("%(name)s already has a place in this cohort.") % {"name": person})
    if _overlapping_place(person, cohort) is not None:
        raise DeliveryError(
            _("%(name)s already has a place in a cohort on the same dates.") % {"name": person}
        )


def _place(
    cohort: Cohort,
    person: Person,
    *,
    source: str,
    by: User | None,
    nomination: Nomination | None = None,
) -> Enrolment:
    """Give the person a seat if one is free, otherwise a place on the waiting list.

    The cohort row is locked so that two approvals cannot both take the last seat, and
    the person row so that two approvals in overlapping cohorts cannot both pass the
    double-booking check. A nominee waits in the order the officer asked; someone who
    withdrew and comes back takes a new place at the end of the line.
    """
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    person = Person.objects.select_for_update().get(pk=person.pk)
    earlier = Enrolment.objects.filter(cohort=cohort, person=person).first()
    rejoining = earlier is not None and earlier.status == Status.WITHDRAWN
    _bookable(cohort, person, rejoining=rejoining)
    taken = Enrolment.objects.filter(cohort=cohort, status=Status.ENROLLED).count()
    status = Status.ENROLLED if taken < cohort.capacity else Status.WAITLISTED
    asked = nomination.requested_clock if nomination and nomination.requested_clock else 0
    queued = asked or next_clock()
    if earlier is not None and rejoining:
        enrolment = record_update(
            earlier,
            changes={
                "status": status,
                "source": source,
                "nomination": nomination,
                "queued_clock": queued,
                "leaving_reason": "",
            },
            by=by,
            action=f"delivery.enrolment.{status}",
        )
    else:
        enrolment = record_create(
            Enrolment(
                cohort=cohort,
                person=person,
                status=status,
                source=source,
                nomination=nomination,
                queued_clock=queued,
            ),
            by=by,
            action=f"delivery.enrolment.{status}",
        )
    messages.place_given(enrolment)
    return enrolment


@transaction.atomic
def nomination_create(*, cohort: Cohort, person: Person, by: User) -> Nomination:
    """A training officer puts a member of their own institution's staff forward.

    A person outside the officer's institutions is refused with the same words as a
    person who does not exist, so that nothing about them is confirmed.
    """
    scope = scope_for(by)
    own_staff = Person.objects.filter(pk=person.pk, institution_id__in=scope.institution_ids)
    if not scope.runs_cohorts and not (scope.nominates and own_staff.exists()):
        raise DeliveryError(_("No such person among your staff."))
    # The row lock makes a double click wait for the first and then see its nomination.
    cohort = Cohort.objects.select_for_update().select_related("course").get(pk=cohort.pk)
    if Nomination.objects.filter(cohort=cohort, person=person).exists():
        raise DeliveryError(_("%(name)s has already been nominated.") % {"name": person})
    _bookable(cohort, person)
    return record_create(
        Nomination(cohort=cohort, person=person, nominated_by=by, requested_clock=next_clock()),
        by=by,
        action="delivery.nomination.create",
    )


@transaction.atomic
def nomination_decide(
    *, nomination: Nomination, approve: bool, by: User, reason: str = ""
) -> Nomination:
    """A programme administrator approves (the nominee gets a seat or waits) or declines."""
    if not scope_for(by).runs_cohorts:
        raise DeliveryError(_("Only programme administrators decide on nominations."))
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.status != Nomination.Status.PENDING:
        raise DeliveryError(_("This nomination has already been decided."))
    reason = reason.strip()
    if not approve and not reason:
        raise DeliveryError(_("Say why the nomination is declined."))
    if len(reason) > 300:
        raise DeliveryError(_("Keep the reason under 300 characters."))
    status = Nomination.Status.APPROVED if approve else Nomination.Status.DECLINED
    record_update(
        nomination,
        changes={
            "status": status,
            "decided_by": by,
            "decided_at": timezone.now(),
            "decision_reason": reason,
        },
        by=by,
        action=f"delivery.nomination.{status}",
    )
    if approve:
        _place(
            nomination.cohort,
            nomination.person,
            source=Enrolment.Source.NOMINATION,
            by=by,
            nomination=nomination,
        )
    else:
        messages.nomination_declined(nomination)
    return nomination


@transaction.atomic
def enrolment_self(*, cohort: Cohort, person: Person, by: User | None) -> Enrolment:
    """A learner takes a place in an open cohort (or joins its waiting list)."""
    if not cohort.is_open:
        raise DeliveryError(_("This cohort takes nominations from institutions only."))
    return _place(cohort, person, source=Enrolment.Source.SELF, by=by)


def _promote(cohort: Cohort, *, by: User | None) -> list[Enrolment]:
    """Fill free seats from the waiting list, first come first served by clock.

    Only while the cohort still runs: a seat freed on its last day goes to nobody.
    """
    if cohort.is_cancelled or cohort.closed_on is not None:
        return []
    if cohort.ends_on < timezone.localdate():
        return []
    taken = Enrolment.objects.filter(cohort=cohort, status=Status.ENROLLED).count()
    free = cohort.capacity - taken
    promoted: list[Enrolment] = []
    if free <= 0:
        return promoted
    waiting = Enrolment.objects.filter(cohort=cohort, status=Status.WAITLISTED).order_by(
        "queued_clock", "id"
    )
    for enrolment in waiting[:free]:
        record_update(
            enrolment,
            changes={"status": Status.ENROLLED},
            by=by,
            action="delivery.enrolment.promoted",
        )
        messages.place_given(enrolment)
        promoted.append(enrolment)
    return promoted


@transaction.atomic
def enrolment_leave(*, enrolment: Enrolment, reason: str, by: User | None) -> list[Enrolment]:
    """A learner leaves: withdrawn before the start, dropped out after it (with a reason).

    A freed seat goes to the first person on the waiting list at once; the promoted
    places are returned.
    """
    cohort = Cohort.objects.select_for_update().get(pk=enrolment.cohort_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status not in Enrolment.ACTIVE:
        raise DeliveryError(_("This place has already ended."))
    cohort_running(cohort)
    reason = reason.strip()
    started = cohort.starts_on <= timezone.localdate()
    if started and not reason:
        raise DeliveryError(_("Say why the place is given up: the cohort has started."))
    if len(reason) > 300:
        raise DeliveryError(_("Keep the reason under 300 characters."))
    held_seat = enrolment.status == Status.ENROLLED
    record_update(
        enrolment,
        changes={
            "status": Status.DROPPED_OUT if started else Status.WITHDRAWN,
            "leaving_reason": reason,
        },
        by=by,
        action="delivery.enrolment.leave",
    )
    return _promote(cohort, by=by) if held_seat else []


@transaction.atomic
def cohort_cancel(*, cohort: Cohort, reason: str, by: User) -> Cohort:
    """Cancel a cohort that has not closed.

    Its places end, pending nominations are declined with the reason, and everyone who
    held or awaited a place is told. Cancelling twice changes nothing.
    """
    if not scope_for(by).runs_cohorts:
        raise DeliveryError(_("Only programme administrators cancel cohorts."))
    cohort = Cohort.objects.select_for_update().select_related("course", "site").get(pk=cohort.pk)
    if cohort.is_cancelled:
        return cohort
    if cohort.closed_on is not None:
        raise DeliveryError(_("This cohort has been closed."))
    reason = reason.strip()
    if not reason or len(reason) > 300:
        raise DeliveryError(_("Say why the cohort is cancelled, in under 300 characters."))
    record_update(cohort, changes={"is_cancelled": True}, by=by, action="delivery.cohort.cancel")
    for place in Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.ACTIVE):
        record_update(
            place,
            changes={"status": Status.CANCELLED, "leaving_reason": reason},
            by=by,
            action="delivery.enrolment.cancelled",
        )
        messages.cohort_cancelled(place, reason)
    for nomination in Nomination.objects.filter(cohort=cohort, status=Nomination.Status.PENDING):
        record_update(
            nomination,
            changes={
                "status": Nomination.Status.DECLINED,
                "decided_by": by,
                "decided_at": timezone.now(),
                "decision_reason": reason,
            },
            by=by,
            action="delivery.nomination.declined",
        )
    return cohort


@transaction.atomic
def cohort_capacity_change(*, cohort: Cohort, capacity: int, by: User | None) -> list[Enrolment]:
    """Change the number of seats; more seats promote from the waiting list at once."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if not 1 <= capacity <= MAX_CAPACITY:
        raise DeliveryError(_("A cohort has from 1 to %(n)d seats.") % {"n": MAX_CAPACITY})
    if capacity < Enrolment.objects.filter(cohort=cohort, status=Status.ENROLLED).count():
        raise DeliveryError(_("More people are enrolled than that; move some first."))
    record_update(cohort, changes={"capacity": capacity}, by=by)
    return _promote(cohort, by=by)
