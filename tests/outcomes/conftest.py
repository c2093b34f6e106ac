"""Graduates to follow up: an administrator, an officer of one ministry, completions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from tests.factories import make_enrolment, make_institution, make_person, make_site, make_user
from ujuzi.core.models import User
from ujuzi.core.records import record_create
from ujuzi.delivery.models import Completion
from ujuzi.people.models import ConsentEvent, Institution, Person, RoleAssignment
from ujuzi.people.services import consent_record, role_assign

Role = RoleAssignment.Role
COMPLETED_ON = datetime.date(2026, 1, 15)


def consent(person: Person, purpose: str, decision: str = "given", **values: Any) -> ConsentEvent:
    return consent_record(
        person=person, purpose=purpose, decision=decision, channel="web", by=None, **values
    )


def completion_of(person: Person, completed_on: datetime.date = COMPLETED_ON) -> Completion:
    enrolment = make_enrolment(person=person)
    return record_create(
        Completion(
            enrolment=enrolment,
            person=person,
            course=enrolment.cohort.course,
            completed_on=completed_on,
            attendance_percent=90,
        ),
        by=None,
    )


@dataclass
class Graduates:
    admin: User
    officer: User
    facilitator: User
    dpo: User
    ministry: Institution
    other_ministry: Institution

    def graduate(
        self,
        *,
        follow_up_consent: bool = True,
        completed_on: datetime.date = COMPLETED_ON,
        **values: Any,
    ) -> Completion:
        defaults: dict[str, Any] = {"institution": self.ministry, "phone": "+254712345678"}
        person = make_person(**(defaults | values))
        if follow_up_consent:
            consent(person, "follow_up")
        return completion_of(person, completed_on)


@pytest.fixture
def grads(db: Any) -> Graduates:
    admin, officer, facilitator, dpo = make_user(), make_user(), make_user(), make_user()
    ministry = make_institution(kind="ministry", name="Ministry of ICT")
    other = make_institution(kind="ministry", name="Ministry of Health")
    role_assign(user=admin, role=Role.PROGRAMME_ADMIN, by=None)
    role_assign(user=officer, role=Role.TRAINING_OFFICER, institution=ministry, by=None)
    role_assign(user=facilitator, role=Role.FACILITATOR, site=make_site(), by=None)
    role_assign(user=dpo, role=Role.DATA_PROTECTION_OFFICER, by=None)
    return Graduates(admin, officer, facilitator, dpo, ministry, other)
