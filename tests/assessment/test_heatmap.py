"""The gap heatmap: right figures, one institution's staff only, and the API the same."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_institution, make_person, make_user
from ujuzi.assessment.heatmap import heatmap_build
from ujuzi.assessment.services import role_profile_override_set, self_assessment_record
from ujuzi.competencies.models import Competency, RoleProfile
from ujuzi.core.services import api_token_create
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import role_assign

pytestmark = pytest.mark.usefixtures("shipped")


def competency(code: str) -> Competency:
    return Competency.objects.get(uri_code=code, framework__slug="public-service-digital")


@pytest.fixture
def ministry():
    ministry = make_institution(kind="ministry", name="Ministry of ICT")
    department = make_institution(parent=ministry, name="State Department for ICT")
    hygiene = competency("CS-HYGIENE")
    officers = [
        make_person(institution=department, grade="K", job_title="Records Officer")
        for _ in range(3)
    ]
    for person, level in zip(officers[:2], (0, 2), strict=True):
        self_assessment_record(person, hygiene, level, by=None)
    director = make_person(institution=ministry, grade="Job Group S", job_title="Director")
    self_assessment_record(director, hygiene, 1, by=None)
    specialist = make_person(institution=ministry, grade="CSG 9", job_title="Senior ICT Officer")
    self_assessment_record(specialist, hygiene, 1, by=None)
    return ministry


def test_cells_are_mean_gaps_by_grade_band(ministry):
    heatmap = heatmap_build(ministry)
    hygiene = competency("CS-HYGIENE").pk
    assert dict(heatmap.staff) == {"officer": 4, "executive": 1}
    officers = heatmap.cells[(hygiene, "officer")]
    # Officer profile needs level 2: gaps 2 and 0; the ICT specialist (CSG 9 = job group L)
    # needs level 3 and is at 1: gap 2. Three assessed of four who need it.
    assert (officers.needed_by, officers.assessed, officers.mean_gap) == (4, 3, 1.3)
    executive = heatmap.cells[(hygiene, "executive")]
    assert (executive.needed_by, executive.assessed, executive.mean_gap) == (1, 1, 1.0)


def test_a_hand_set_profile_changes_the_target(ministry):
    director = ministry.people.get(job_title="Director")
    role_profile_override_set(
        director, RoleProfile.objects.get(code="ict-specialist"), reason="acting CIO", by=None
    )
    cell = heatmap_build(ministry).cells[(competency("CS-HYGIENE").pk, "executive")]
    assert cell.mean_gap == 2.0


def test_the_heatmap_costs_the_same_queries_for_more_staff(ministry):
    with CaptureQueriesContext(connection) as few:
        heatmap_build(ministry)
    for _ in range(20):
        make_person(institution=ministry, grade="P", job_title="Deputy Director")
    with CaptureQueriesContext(connection) as many:
        heatmap_build(ministry)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_an_officer_sees_their_institutions_heatmap_and_no_other(ministry):
    other = make_institution(kind="ministry", name="Ministry of Health")
    officer = make_user()
    role_assign(
        user=officer, role=RoleAssignment.Role.TRAINING_OFFICER, institution=ministry, by=None
    )
    client = Client()
    client.force_login(officer)
    page = client.get(f"/institutions/{ministry.pk}/skills-gap/")
    assert page.status_code == 200
    assert "1.3" in page.content.decode()
    assert client.get(f"/institutions/{other.pk}/skills-gap/").status_code == 404
    token = api_token_create(user=officer, name="t", scopes=["skills:read"], by=None).secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    own = Client().get(f"/api/v1/institutions/{ministry.pk}/skills-gap", **auth)
    assert own.status_code == 200
    cell = next(
        c
        for c in own.json()["cells"]
        if c["competency"] == "CS-HYGIENE" and c["grade_band"] == "officer"
    )
    assert cell == {
        "competency": "CS-HYGIENE",
        "grade_band": "officer",
        "needed_by": 4,
        "assessed": 3,
        "mean_gap": 1.3,
    }
    denied = Client().get(f"/api/v1/institutions/{other.pk}/skills-gap", **auth)
    assert denied.status_code == 404
    assert denied.json()["error"]["code"] == "not_found"
