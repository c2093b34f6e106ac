"""How to make valid records of each synced model, and a change to apply to each.

The journal-completeness test walks every synced model and fails when one is missing
here, so a new synced model cannot escape it. Prerequisites are written through the
services, like real data.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models

from ujuzi.competencies.models import (
    CaseAssociation,
    Competency,
    Framework,
    LevelDescriptor,
    ProficiencyLevel,
)
from ujuzi.core.models import AdministrativeArea, User
from ujuzi.core.records import record_create
from ujuzi.core.reference import reference_data_load
from ujuzi.core.services import user_create
from ujuzi.people.models import ConsentEvent, Institution, Person, PersonSensitive, RoleAssignment
from ujuzi.people.services import institution_create, person_create
from ujuzi.places.models import RouteStop, Site
from ujuzi.places.services import site_create

_counter = itertools.count(1)


def number() -> int:
    return next(_counter)


def area(key: str = "KE-005") -> AdministrativeArea:
    if not AdministrativeArea.objects.filter(key=key).exists():
        reference_data_load()
    return AdministrativeArea.objects.get(key=key)


def make_institution(parent: Institution | None = None, **values: Any) -> Institution:
    n = number()
    defaults = {"code": f"inst-{n}", "name": f"State Department {n}", "kind": "state_department"}
    return institution_create(by=None, parent=parent, **(defaults | values))


def make_site(kind: str = Site.Kind.COMMUNITY_CENTRE, **values: Any) -> Site:
    n = number()
    defaults = {
        "code": f"site-{n}",
        "name": f"Centre {n}",
        "kind": kind,
        "area": area(),
        "seats": 20,
    }
    return site_create(by=None, **(defaults | values))


def make_person(**values: Any) -> Person:
    n = number()
    defaults = {
        "first_name": "Zawadi",
        "last_name": f"Mwangi{n}",
        "audience": Person.Audience.CIVIL_SERVANT,
        "personal_number": f"PN{n:07d}",
        "email": f"zawadi{n}@example.org",
    }
    return person_create(by=None, **(defaults | values))


def make_user(**values: Any) -> User:
    return user_create(username=f"user{number()}", password=None, by=None, **values)


def _user() -> User:
    n = number()
    return User(
        username=f"user{n}",
        email=f"user{n}@example.org",
        first_name="Wanjiku",
        last_name="Otieno",
        password=make_password("a long test password"),
    )


@dataclass(frozen=True)
class SyncedRecipe:
    """A new unsaved instance, and field changes that make a valid update."""

    build: Callable[[], models.Model]
    change: Callable[[Any], dict[str, Any]]


def make_framework(**values: Any) -> Framework:
    n = number()
    defaults = {
        "slug": f"framework-{n}",
        "version": "1",
        "status": "published",
        "title": {"en": "Digital skills", "sw": "Ujuzi wa kidijitali"},
        "case_identifier": f"doc-{n}",
    }
    return record_create(Framework(**(defaults | values)), by=None)


def make_competency(framework: Framework | None = None, **values: Any) -> Competency:
    n = number()
    defaults = {
        "framework": framework or make_framework(),
        "kind": "competency",
        "code": f"C-{n}",
        "uri_code": f"C-{n}",
        "title": {"en": "Cloud fundamentals", "sw": "Misingi ya wingu"},
        "case_identifier": f"item-{n}",
    }
    return record_create(Competency(**(defaults | values)), by=None)


RECIPES: dict[str, SyncedRecipe] = {
    "core.user": SyncedRecipe(
        build=_user,
        change=lambda user: {"first_name": "Achieng", "email": f"new.{user.pk}@example.org"},
    ),
    "places.site": SyncedRecipe(
        build=lambda: Site(
            code=f"s-{number()}", name="Faza centre", kind="community_centre", area=area()
        ),
        change=lambda site: {"seats": 30, "connectivity": "satellite"},
    ),
    "places.routestop": SyncedRecipe(
        build=lambda: RouteStop(
            site=make_site(kind=Site.Kind.MOBILE_LAB),
            area=area(),
            place="Mpeketoni",
            starts_on=datetime.date(2026, 3, 1),
            ends_on=datetime.date(2026, 3, 14),
        ),
        change=lambda stop: {"place": "Witu", "ends_on": datetime.date(2026, 3, 21)},
    ),
    "people.institution": SyncedRecipe(
        build=lambda: Institution(code=f"i-{number()}", name="Ministry of Health", kind="ministry"),
        change=lambda institution: {"name": "Ministry of Health and Sanitation"},
    ),
    "people.person": SyncedRecipe(
        build=lambda: Person(
            first_name="Baraka",
            last_name=f"Kiprono{number()}",
            audience="youth",
            phone="+254712345678",
            date_of_birth=datetime.date(2001, 5, 17),
        ),
        change=lambda person: {"job_title": "ICT officer", "area": area("KE-047")},
    ),
    "people.personsensitive": SyncedRecipe(
        build=lambda: PersonSensitive(
            person=make_person(), sex="female", sex_basis="employer_record"
        ),
        change=lambda sensitive: {"sex": "intersex"},
    ),
    "people.consentevent": SyncedRecipe(
        build=lambda: ConsentEvent(
            person=make_person(),
            purpose="training",
            decision="given",
            notice_version="2026-01",
            decided_at=datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC),
            channel="web",
        ),
        change=lambda event: {"channel": "paper"},
    ),
    "competencies.framework": SyncedRecipe(
        build=lambda: Framework(
            slug=f"f-{number()}",
            version="1",
            status="draft",
            title={"en": "AI"},
            case_identifier="d",
        ),
        change=lambda framework: {"status": "published"},
    ),
    "competencies.proficiencylevel": SyncedRecipe(
        build=lambda: ProficiencyLevel(
            framework=make_framework(), number=1, label={"en": "Foundation"}
        ),
        change=lambda level: {"label": {"en": "Basic", "sw": "Msingi"}},
    ),
    "competencies.competency": SyncedRecipe(
        build=lambda: Competency(
            framework=make_framework(),
            kind="domain",
            uri_code="PD",
            title={"en": "Planning"},
            case_identifier="x",
        ),
        change=lambda item: {"title": {"en": "Planning and design"}, "position": 3},
    ),
    "competencies.leveldescriptor": SyncedRecipe(
        build=lambda: LevelDescriptor(
            competency=make_competency(), level_number=2, text={"en": "Applies"}
        ),
        change=lambda descriptor: {"text": {"en": "Applies alone", "sw": "Hutumia peke yake"}},
    ),
    "competencies.caseassociation": SyncedRecipe(
        build=lambda: CaseAssociation(
            framework=make_framework(),
            case_identifier="a1",
            association_type="isRelatedTo",
            origin_node={"identifier": "x"},
            destination_node={"identifier": "y"},
            is_external=True,
        ),
        change=lambda association: {"association_type": "isPeerOf"},
    ),
    "people.roleassignment": SyncedRecipe(
        build=lambda: RoleAssignment(user=make_user(), role="facilitator", site=make_site()),
        change=lambda assignment: {"site": make_site()},
    ),
}
