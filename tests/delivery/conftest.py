"""A small programme to run cohorts in: an administrator, an officer, a facilitator."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from tests.factories import (
    make_deliverable_course,
    make_institution,
    make_person,
    make_site,
    make_user,
)
from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.delivery.models import Cohort
from ujuzi.delivery.scheduling import cohort_create
from ujuzi.people.models import Institution, RoleAssignment
from ujuzi.people.services import role_assign
from ujuzi.places.models import Site

Role = RoleAssignment.Role


@dataclass
class Office:
    admin: User
    officer: User
    facilitator: User
    ministry: Institution
    other_ministry: Institution
    site: Site
    course: Course

    def cohort(self, **values: object) -> Cohort:
        today = datetime.date.today()  # noqa: DTZ011 - cohort dates are local dates
        defaults: dict[str, object] = {
            "course": self.course,
            "site": self.site,
            "code": f"cohort-{Cohort.objects.count() + 1}",
            "starts_on": today + datetime.timedelta(days=7),
            "ends_on": today + datetime.timedelta(days=11),
            "capacity": 2,
            "by": self.admin,
        }
        return cohort_create(**(defaults | values))  # type: ignore[arg-type]

    def staff(self, **values: object) -> object:
        return make_person(institution=self.ministry, **values)


@pytest.fixture
def office(db) -> Office:
    admin, officer, facilitator = make_user(), make_user(), make_user()
    ministry = make_institution(kind="ministry", name="Ministry of ICT")
    other = make_institution(kind="ministry", name="Ministry of Health")
    site = make_site(name="Faza centre")
    role_assign(user=admin, role=Role.PROGRAMME_ADMIN, by=None)
    role_assign(user=officer, role=Role.TRAINING_OFFICER, institution=ministry, by=None)
    role_assign(user=facilitator, role=Role.FACILITATOR, site=site, by=None)
    return Office(
        admin=admin,
        officer=officer,
        facilitator=facilitator,
        ministry=ministry,
        other_ministry=other,
        site=site,
        course=make_deliverable_course(min_attendance_percent=75),
    )
