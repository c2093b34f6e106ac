"""Skill profiles and pathways over the API, and setting a role profile by hand."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import make_institution, make_person, make_user
from ujuzi.assessment.models import RoleProfileOverride
from ujuzi.assessment.services import self_assessment_record
from ujuzi.competencies.models import Competency
from ujuzi.core.models import AuditEntry
from ujuzi.core.services import api_token_create
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import role_assign

pytestmark = pytest.mark.usefixtures("shipped")
Role = RoleAssignment.Role


@pytest.fixture
def office():
    ministry = make_institution(kind="ministry")
    other = make_institution(kind="ministry")
    officer = make_user()
    role_assign(user=officer, role=Role.TRAINING_OFFICER, institution=ministry, by=None)
    analyst = make_person(institution=ministry, grade="L", job_title="Data Analyst")
    hygiene = Competency.objects.get(
        uri_code="CS-HYGIENE", framework__slug="public-service-digital"
    )
    self_assessment_record(analyst, hygiene, 1, by=None)
    stranger = make_person(institution=other, grade="L", job_title="Accountant")
    token = api_token_create(user=officer, name="t", scopes=["skills:read"], by=None).secret
    return officer, analyst, stranger, {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_profile_api_shows_targets_estimates_gaps_and_evidence(office):
    _, analyst, stranger, auth = office
    body = Client().get(f"/api/v1/people/{analyst.pk}/profile", **auth).json()
    assert body["role_profile"] == "ict-specialist" and body["role_profile_set_by_hand"] is False
    hygiene = next(s for s in body["skills"] if s["competency"] == "CS-HYGIENE")
    assert (hygiene["target"], hygiene["estimate"], hygiene["gap"]) == (3, 1, 2)
    assert hygiene["evidence"][0]["source"] == "self"
    assert hygiene["uri"] == "/competencies/public-service-digital/CS-HYGIENE/"
    assert AuditEntry.objects.filter(action="person.read", record_id=str(analyst.pk)).exists()
    assert Client().get(f"/api/v1/people/{stranger.pk}/profile", **auth).status_code == 404


def test_pathway_api_orders_courses_and_gives_reasons(office):
    _, analyst, stranger, auth = office
    body = Client().get(f"/api/v1/people/{analyst.pk}/pathway", **auth).json()
    assert 1 <= len(body["steps"]) <= 10
    first_reason = next(s for s in body["steps"] if s["prerequisite_for"] is None)["reason"]
    assert "your role needs level" in first_reason
    assert Client().get(f"/api/v1/people/{stranger.pk}/pathway", **auth).status_code == 404


def test_an_officer_sets_a_role_profile_for_their_staff_only(office):
    officer, analyst, stranger, _ = office
    client = Client()
    client.force_login(officer)
    done = client.post(
        f"/people/{analyst.pk}/skills/role-profile/",
        {"role_profile": "executive", "reason": "acting"},
    )
    assert done.status_code == 302
    assert RoleProfileOverride.objects.get(person=analyst).role_profile.code == "executive"
    page = client.get(f"/people/{analyst.pk}/skills/").content.decode()
    assert "set by hand" in page
    bad = client.post(f"/people/{analyst.pk}/skills/role-profile/", {"role_profile": "<b>boss</b>"})
    assert bad.status_code == 302
    assert RoleProfileOverride.objects.get(person=analyst).role_profile.code == "executive"
    back = client.post(f"/people/{analyst.pk}/skills/role-profile/", {"role_profile": ""})
    assert back.status_code == 302
    assert RoleProfileOverride.objects.get(person=analyst).role_profile is None
    assert (
        client.post(
            f"/people/{stranger.pk}/skills/role-profile/", {"role_profile": "executive"}
        ).status_code
        == 404
    )
    assert not RoleProfileOverride.objects.filter(person=stranger).exists()
    learner = make_user()
    role_assign(user=learner, role=Role.LEARNER, by=None)
    client.force_login(learner)
    assert (
        client.post(
            f"/people/{analyst.pk}/skills/role-profile/", {"role_profile": "executive"}
        ).status_code
        == 404
    )
