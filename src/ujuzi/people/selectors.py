"""Reads of people and institutions, always through the policy.

Every function takes the caller and applies ``ujuzi.people.policy``; a record outside the
caller's scope comes back as ``None`` (the page shows "not found").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from ujuzi.core.audit import audit_append
from ujuzi.core.models import User
from ujuzi.people.models import (
    ConsentEvent,
    Institution,
    Person,
    PersonSensitive,
    RoleAssignment,
)
from ujuzi.people.policy import (
    institution_filter,
    may_read_sensitive,
    person_filter,
    scope_for,
)


@dataclass(frozen=True)
class PersonFilters:
    """What a people list may be narrowed by."""

    search: str = ""
    institution_id: uuid.UUID | None = None
    audience: str = ""
    area_key: str = ""


def person_list_for(
    user: User | object, *, filters: PersonFilters | None = None
) -> QuerySet[Person]:
    """People the caller may see, narrowed by the filters, in name order."""
    filters = filters or PersonFilters()
    people = Person.objects.filter(person_filter(scope_for(user))).select_related("institution")
    if filters.search:
        for word in filters.search.split()[:5]:
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(middle_name__icontains=word)
                | Q(personal_number__iexact=word)
                | Q(email__iexact=word)
            )
    if filters.institution_id:
        people = people.filter(institution_id=filters.institution_id)
    if filters.audience:
        people = people.filter(audience=filters.audience)
    if filters.area_key:
        people = people.filter(area_id=filters.area_key)
    return people.order_by("last_name", "first_name", "id")


def person_get_for(user: User | object, person_id: uuid.UUID) -> Person | None:
    """One person's full record if in scope; staff reads are written to the audit trail."""
    scope = scope_for(user)
    person = (
        Person.objects.filter(person_filter(scope))
        .select_related("institution", "area", "registered_at_site")
        .filter(pk=person_id)
        .first()
    )
    if person is not None and scope.is_staff_reader:
        audit_append(
            action="person.read",
            actor_id=scope.user_id,
            model="people.person",
            record_id=person.pk,
        )
    return person


def person_sensitive_for(user: User | object, person: Person) -> PersonSensitive | None:
    """Sensitive data of a person, for the person themselves and the DPO; reads are audited."""
    scope = scope_for(user)
    if not may_read_sensitive(scope, person.user_id):
        return None
    sensitive = PersonSensitive.objects.filter(person=person).first()
    if sensitive is not None:
        audit_append(
            action="person.sensitive.read",
            actor_id=scope.user_id,
            model="people.personsensitive",
            record_id=sensitive.pk,
            field_names=["sex"],
        )
    return sensitive


def consents_in_force(person: Person) -> dict[str, ConsentEvent]:
    """The newest decision per purpose (callers have already scoped the person)."""
    latest: dict[str, ConsentEvent] = {}
    for event in ConsentEvent.objects.filter(person=person).order_by("decided_at", "changed_clock"):
        latest[event.purpose] = event
    return latest


def institution_list_for(user: User | object, *, search: str = "") -> QuerySet[Institution]:
    """Institutions the caller may see, with how many people each has."""
    institutions = Institution.objects.filter(institution_filter(scope_for(user)))
    if search:
        institutions = institutions.filter(Q(name__icontains=search) | Q(code__iexact=search))
    return (
        institutions.select_related("parent")
        .annotate(people_count=Count("people", filter=Q(people__deleted_clock__isnull=True)))
        .order_by("name")
    )


def institution_get_for(user: User | object, institution_id: uuid.UUID) -> Institution | None:
    """One institution if in scope."""
    return (
        Institution.objects.filter(institution_filter(scope_for(user)))
        .select_related("parent", "area")
        .filter(pk=institution_id)
        .first()
    )


def programme_administrators_to_tell() -> list[Person]:
    """Programme administrators with a person record, whom the outbox can write to."""
    users = RoleAssignment.objects.filter(
        role=RoleAssignment.Role.PROGRAMME_ADMIN, user__is_active=True
    ).values("user_id")
    return list(Person.objects.filter(user_id__in=users).order_by("pk"))
