"""Every write of enrolment: nominations, decisions, places, the waiting list, seats.

Scheduling (cohorts, sessions, cancelling) is in ``scheduling``.

Each function is one use case in one transaction, written through ``ujuzi.core.records``
so that it is journaled and audited. Seats are allocated with the cohort row locked, so
two approvals at once cannot both take the last seat; the waiting list is ordered by the
clock value taken when the place was asked for, the same on every node.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.core.models import User
from ujuzi.core.node import next_clock
from ujuzi.core.records import record_create, record_update
from ujuzi.delivery import messages
from ujuzi.delivery.models import Cohort, Enrolment, Nomination
from ujuzi.delivery.rules import MAX_CAPACITY, dates_overlap
from ujuzi.people.models import Person
from ujuzi.people.policy import scope_for

Status = Enrolment.Status


class DeliveryError(ValueError):
    """A request the delivery rules refuse, with a message for the person who asked."""


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
def cohort_capacity_change(*, cohort: Cohort, capacity: int, by: User | None) -> list[Enrolment]:
    """Change the number of seats; more seats promote from the waiting list at once."""
    cohort = Cohort.objects.select_for_update().get(pk=cohort.pk)
    if cohort.is_cancelled or cohort.closed_on is not None:
        raise DeliveryError(_("The seats of a closed or cancelled cohort cannot change."))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise DeliveryError(_("A cohort has from 1 to %(n)d seats.") % {"n": MAX_CAPACITY})
    if capacity < Enrolment.objects.filter(cohort=cohort, status=Status.ENROLLED).count():
        raise DeliveryError(_("More people are enrolled than that; move some first."))
    record_update(cohort, changes={"capacity": capacity}, by=by)
    return _promote(cohort, by=by)
