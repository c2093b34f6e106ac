"""Writes of scheduling: cohorts and their facilitators, sessions, cancelling a cohort.

Each function is one use case in one transaction, written through ``ujuzi.core.records``
so that it is journaled and audited. The rules a cohort must fit (the course is delivered
at that kind of site, in that language, within a mobile lab's stop) are checked here so
that every way of scheduling (pages, demo, a later sync) refuses the same things.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_update
from ujuzi.delivery import messages
from ujuzi.delivery.models import Cohort, CohortFacilitator, Enrolment, Nomination, Session
from ujuzi.delivery.rules import MAX_CAPACITY, check_in_code_new
from ujuzi.delivery.services import DeliveryError
from ujuzi.people.policy import scope_for
from ujuzi.places.models import RouteStop, Site

Status = Enrolment.Status


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
