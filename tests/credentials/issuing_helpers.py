"""A completion with competencies, ready for a certificate, and an administrator."""

from __future__ import annotations

import datetime
from typing import Any

from tests.factories import (
    make_cohort,
    make_competency,
    make_deliverable_course,
    make_enrolment,
    make_person,
    make_user,
)
from ujuzi.catalog.models import CourseOutcome
from ujuzi.core.models import User
from ujuzi.core.records import record_create
from ujuzi.delivery.models import Completion
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import role_assign

EMAIL = "wanjiku.kamau@example.go.ke"


def make_completion(**person: Any) -> Completion:
    course = make_deliverable_course(
        title={"en": "Cyber hygiene", "sw": "Usafi wa mtandao"},
        summary={"en": "Safe habits online.", "sw": "Tabia salama mtandaoni."},
        pass_mark_percent=70,
    )
    competency = make_competency(code="DL-3.1", uri_code="dl-3-1")
    record_create(CourseOutcome(course=course, competency=competency, level=2), by=None)
    learner = make_person(**({"email": EMAIL} | person))
    enrolment = make_enrolment(person=learner, cohort=make_cohort(course=course))
    return record_create(
        Completion(
            enrolment=enrolment,
            person_id=learner.pk,
            course=course,
            completed_on=datetime.date(2026, 11, 27),
            attendance_percent=90,
            final_score=80,
        ),
        by=None,
    )


def make_admin() -> User:
    user = make_user()
    role_assign(user=user, role=RoleAssignment.Role.PROGRAMME_ADMIN, by=None)
    return user
