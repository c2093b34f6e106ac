"""Cohorts and the places in them over the API, scoped exactly like the pages.

Cohorts (course, site, dates, seats) are programme facts; the places in a cohort are
people data and follow ``people.policy.place_filter``.
"""

# No ``from __future__ import annotations`` here: django-ninja reads the parameters of
# the paginated endpoints through its wrapper, where postponed names cannot be resolved.
import datetime
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ujuzi.api.auth import scoped
from ujuzi.api.pagination import LimitOffset
from ujuzi.api.schema import error_responses
from ujuzi.delivery import selectors

router = Router(tags=["delivery"])

NOT_FOUND = "Not found."


class SessionOut(Schema):
    """One meeting of a cohort (the room's check-in code is not part of it)."""

    id: uuid.UUID
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    topic: str


class CohortOut(Schema):
    """A cohort with its seats."""

    id: uuid.UUID
    code: str
    course: str
    site: uuid.UUID
    site_kind: str
    language: str
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    enrolled: int
    waiting: int
    is_open: bool
    closed_on: datetime.date | None
    completed: int
    not_completed: int

    @staticmethod
    def resolve_course(cohort: Any) -> str:
        """The course's code."""
        return str(cohort.course.code)

    @staticmethod
    def resolve_site(cohort: Any) -> uuid.UUID:
        """The site's key (see /sites)."""
        return uuid.UUID(str(cohort.site_id))

    @staticmethod
    def resolve_site_kind(cohort: Any) -> str:
        """campus, community_centre, mobile_lab or online."""
        return str(cohort.site.kind)

    @staticmethod
    def resolve_enrolled(cohort: Any) -> int:
        """Seats taken (in a closed cohort, by those who completed it or did not)."""
        return int(cohort.enrolled_count)

    @staticmethod
    def resolve_waiting(cohort: Any) -> int:
        """People on the waiting list."""
        return int(cohort.waiting_count)

    @staticmethod
    def resolve_completed(cohort: Any) -> int:
        """People who completed the course (once the cohort is closed, else 0)."""
        return int(cohort.completed_count)

    @staticmethod
    def resolve_not_completed(cohort: Any) -> int:
        """People who held a seat but did not complete (once closed, else 0)."""
        return int(cohort.not_completed_count)


class CohortDetailOut(CohortOut):
    """A cohort with its sessions."""

    sessions: list[SessionOut]

    @staticmethod
    def resolve_sessions(cohort: Any) -> list[Any]:
        """Sessions in time order."""
        return list(cohort.sessions.all())


class PlaceOut(Schema):
    """A person's place in a cohort."""

    id: uuid.UUID
    person: uuid.UUID
    first_name: str
    last_name: str
    status: str
    source: str

    @staticmethod
    def resolve_person(place: Any) -> uuid.UUID:
        """The person's key (see /people/{id})."""
        return uuid.UUID(str(place.person_id))

    @staticmethod
    def resolve_first_name(place: Any) -> str:
        """The person's first name."""
        return str(place.person.first_name)

    @staticmethod
    def resolve_last_name(place: Any) -> str:
        """The person's last name."""
        return str(place.person.last_name)


def _cohort(cohort_id: uuid.UUID) -> Any:
    cohort = selectors.cohort_get(cohort_id)
    if cohort is None:
        raise HttpError(404, NOT_FOUND)
    return cohort


@router.get(
    "/cohorts",
    response=list[CohortOut],
    auth=scoped("cohorts:read"),
    summary="List cohorts",
    openapi_extra=error_responses(400),
)
@paginate(LimitOffset)
def cohort_list(
    request: HttpRequest,
    course: str = "",
    site: str = "",
    open_only: bool = False,
    include_past: bool = False,
) -> Any:
    """Cohorts soonest first; filter by course code, site key, open ones; past on request."""
    try:
        site_id = uuid.UUID(site) if site else None
    except ValueError:
        raise HttpError(400, "site must be a site's key (see /sites).") from None
    filters = selectors.CohortFilters(
        course_code=course[:40],
        site_id=site_id,
        upcoming_only=not include_past,
        open_only=open_only,
    )
    return selectors.cohort_list(filters=filters)


@router.get(
    "/cohorts/{cohort_id}",
    response=CohortDetailOut,
    auth=scoped("cohorts:read"),
    summary="One cohort",
)
def cohort_detail(request: HttpRequest, cohort_id: uuid.UUID) -> Any:
    """A cohort with its sessions."""
    return _cohort(cohort_id)


@router.get(
    "/cohorts/{cohort_id}/places",
    response=list[PlaceOut],
    auth=scoped("cohorts:read", "people:read"),
    summary="Places in a cohort",
)
@paginate(LimitOffset)
def cohort_places(request: HttpRequest, cohort_id: uuid.UUID) -> Any:
    """The places in the cohort that the token's login may see (seats, then waiting)."""
    return selectors.places_for(request.user, _cohort(cohort_id))
