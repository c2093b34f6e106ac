"""A small programme with one record inside and one outside each role's scope."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import (
    make_cohort,
    make_enrolment,
    make_institution,
    make_person,
    make_session,
    make_site,
    make_user,
)
from ujuzi.core.models import User
from ujuzi.core.services import api_token_create
from ujuzi.delivery.models import Cohort, Session
from ujuzi.people.models import Institution, Person, RoleAssignment
from ujuzi.people.services import person_link_user, role_assign
from ujuzi.places.models import Site

Role = RoleAssignment.Role
ROLE_NAMES = ("admin", "officer", "facilitator", "learner", "dpo", "partner")


@dataclass
class World:
    users: dict[str, User]
    tokens: dict[str, str]
    own_ministry: Institution
    own_department: Institution
    other_ministry: Institution
    own_site: Site
    other_site: Site
    person_own_institution: Person
    person_other_institution: Person
    person_own_site: Person
    person_other_site: Person
    person_self: Person
    # Cohorts: at the facilitator's site (with the officer's and the site's learners in
    # it) and at the other site (with the signed-in learner in it), a session each.
    cohort_own_site: Cohort
    cohort_other_site: Cohort
    session_own_site: Session
    session_other_site: Session


@pytest.fixture
def world(shipped) -> World:
    own_ministry = make_institution(kind="ministry", name="Ministry of ICT")
    own_department = make_institution(parent=own_ministry, name="State Department for ICT")
    other_ministry = make_institution(kind="ministry", name="Ministry of Health")
    own_site, other_site = make_site(name="Faza centre"), make_site(name="Garsen centre")
    users = {name: make_user(first_name=name.title()) for name in ROLE_NAMES}
    role_assign(user=users["admin"], role=Role.PROGRAMME_ADMIN, by=None)
    role_assign(
        user=users["officer"], role=Role.TRAINING_OFFICER, institution=own_ministry, by=None
    )
    role_assign(user=users["facilitator"], role=Role.FACILITATOR, site=own_site, by=None)
    role_assign(user=users["learner"], role=Role.LEARNER, by=None)
    role_assign(user=users["dpo"], role=Role.DATA_PROTECTION_OFFICER, by=None)
    role_assign(user=users["partner"], role=Role.PARTNER_VIEWER, by=None)
    person_self = make_person(audience="youth", personal_number=None, registered_at_site=other_site)
    person_link_user(person=person_self, user=users["learner"], by=None)
    scopes = [
        "people:read",
        "institutions:read",
        "sites:read",
        "skills:read",
        "cohorts:read",
        "reports:read",
    ]
    tokens = {
        name: api_token_create(user=user, name="matrix", scopes=scopes, by=None).secret
        for name, user in users.items()
    }
    person_own_institution = make_person(institution=own_department)
    person_own_site = make_person(
        audience="youth", personal_number=None, registered_at_site=own_site
    )
    cohort_own_site = make_cohort(site=own_site)
    cohort_other_site = make_cohort(site=other_site, is_open=True)
    for person in (person_own_institution, person_own_site):
        make_enrolment(cohort=cohort_own_site, person=person)
    make_enrolment(cohort=cohort_other_site, person=person_self, source="self")
    return World(
        users=users,
        tokens=tokens,
        own_ministry=own_ministry,
        own_department=own_department,
        other_ministry=other_ministry,
        own_site=own_site,
        other_site=other_site,
        person_own_institution=person_own_institution,
        person_other_institution=make_person(institution=other_ministry),
        person_own_site=person_own_site,
        person_other_site=make_person(
            audience="youth", personal_number=None, registered_at_site=other_site
        ),
        person_self=person_self,
        cohort_own_site=cohort_own_site,
        cohort_other_site=cohort_other_site,
        session_own_site=make_session(cohort_own_site),
        session_other_site=make_session(cohort_other_site),
    )
