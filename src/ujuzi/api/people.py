"""People, institutions and sites over the API, scoped exactly like the pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from ujuzi.api.auth import scoped
from ujuzi.api.pagination import LimitOffset
from ujuzi.people import selectors as people_selectors
from ujuzi.places import selectors as places_selectors

router = Router(tags=["people"])

NOT_FOUND = "Not found."


class InstitutionRef(Schema):
    """An institution as other records point at it."""

    code: str
    name: str


class PersonOut(Schema):
    """A person in a list."""

    id: uuid.UUID
    first_name: str
    middle_name: str
    last_name: str
    audience: str
    institution: InstitutionRef | None


class PersonDetailOut(PersonOut):
    """A person's full record (reads are audited)."""

    personal_number: str | None
    email: str
    phone: str
    job_title: str
    grade: str
    area: str | None
    preferred_language: str

    @staticmethod
    def resolve_area(person: Any) -> str | None:
        """The county or district key."""
        return person.area_id


class InstitutionOut(Schema):
    """An institution with its place in the hierarchy."""

    id: uuid.UUID
    code: str
    name: str
    kind: str
    parent: str | None
    people_count: int

    @staticmethod
    def resolve_parent(institution: Any) -> str | None:
        """The parent's code."""
        return institution.parent.code if institution.parent_id else None


class SiteOut(Schema):
    """A site where training happens."""

    id: uuid.UUID
    code: str
    name: str
    kind: str
    area: str | None
    seats: int
    connectivity: str

    @staticmethod
    def resolve_area(site: Any) -> str | None:
        """The county or district key."""
        return site.area_id


@router.get("/people", response=list[PersonOut], auth=scoped("people:read"), summary="List people")
@paginate(LimitOffset)
def person_list(request: HttpRequest, q: str = "", audience: str = "") -> Any:
    """People in the token's scope, by name; ``q`` searches names, personal numbers, e-mail."""
    filters = people_selectors.PersonFilters(search=q[:100], audience=audience)
    return people_selectors.person_list_for(request.user, filters=filters)


@router.get(
    "/people/{person_id}",
    response=PersonDetailOut,
    auth=scoped("people:read"),
    summary="One person",
)
def person_detail(request: HttpRequest, person_id: uuid.UUID) -> Any:
    """A person in the token's scope; anyone else is 404."""
    person = people_selectors.person_get_for(request.user, person_id)
    if person is None:
        raise HttpError(404, NOT_FOUND)
    return person


@router.get(
    "/institutions",
    response=list[InstitutionOut],
    auth=scoped("institutions:read"),
    summary="List institutions",
)
@paginate(LimitOffset)
def institution_list(request: HttpRequest, q: str = "") -> Any:
    """Institutions in the token's scope."""
    return people_selectors.institution_list_for(request.user, search=q[:100])


@router.get(
    "/institutions/{institution_id}",
    response=InstitutionOut,
    auth=scoped("institutions:read"),
    summary="One institution",
)
def institution_detail(request: HttpRequest, institution_id: uuid.UUID) -> Any:
    """An institution in the token's scope; others are 404."""
    found = people_selectors.institution_list_for(request.user).filter(pk=institution_id).first()
    if found is None:
        raise HttpError(404, NOT_FOUND)
    return found


@router.get("/sites", response=list[SiteOut], auth=scoped("sites:read"), summary="List sites")
@paginate(LimitOffset)
def site_list(request: HttpRequest, kind: str = "") -> Any:
    """Every site (sites hold no personal data)."""
    return places_selectors.site_list(kind=kind or None)


@router.get("/sites/{site_id}", response=SiteOut, auth=scoped("sites:read"), summary="One site")
def site_detail(request: HttpRequest, site_id: uuid.UUID) -> Any:
    """A site."""
    site = places_selectors.site_get(site_id)
    if site is None:
        raise HttpError(404, NOT_FOUND)
    return site
