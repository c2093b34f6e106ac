"""Skills checks, self-assessment, profiles and pathways through the pages, with the real
shipped framework, role profiles, catalogue and item bank."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import make_person, make_site, make_user
from ujuzi.assessment.models import (
    DiagnosticAttempt,
    DiagnosticResponse,
    Evidence,
    Question,
    SkillEstimate,
)
from ujuzi.core.models import AuditEntry
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import person_link_user, role_assign

pytestmark = pytest.mark.usefixtures("shipped")


@pytest.fixture
def learner(db):
    user = make_user(first_name="Zawadi")
    role_assign(user=user, role=RoleAssignment.Role.LEARNER, by=None)
    person = make_person(audience="youth", personal_number=None, registered_at_site=make_site())
    person_link_user(person=person, user=user, by=None)
    client = Client()
    client.force_login(user)
    return client, person


def answer_form(question: Question, right: bool) -> dict:
    keys = [option["key"] for option in question.options]
    if question.kind == "single":
        choice = question.answer if right else next(k for k in keys if k != question.answer)
        return {"choice": choice}
    if question.kind == "multiple":
        return {"choice": question.answer if right else keys}
    if question.kind == "numeric":
        value = question.answer["value"] + (0 if right else 1000)
        return {"value": str(value)}
    order = question.answer if right else list(reversed(question.answer))
    return {f"position-{key}": str(order.index(key) + 1) for key in keys}


def take_check(client: Client, track: str, level: int) -> str:
    start = client.post("/skills/checks/start/", {"track": track})
    assert start.status_code == 302
    page = start["Location"]
    for _ in range(16):
        response = client.get(page)
        assert response.status_code == 200
        if "answers" in response.context:
            return page
        question = response.context["question"]
        form = {"question": str(question.pk), **answer_form(question, question.level <= level)}
        assert client.post(page, form).status_code == 302
    raise AssertionError("the check did not finish within 15 questions")


def test_a_learner_takes_the_cybersecurity_check_and_gets_evidence_and_estimates(learner):
    client, person = learner
    take_check(client, "cybersecurity", level=2)
    attempt = DiagnosticAttempt.objects.get(person=person)
    assert attempt.status == "finished"
    assert 4 <= DiagnosticResponse.objects.filter(attempt=attempt).count() <= 15
    evidence = Evidence.objects.filter(person=person, source="diagnostic")
    assert {e.competency.uri_code for e in evidence} == {
        "CS-HYGIENE",
        "CS-NETWORK",
        "CS-INCIDENT",
        "CS-GOVERNANCE",
    }
    assert {e.level for e in evidence} == {2}
    estimates = SkillEstimate.objects.filter(person=person)
    assert {e.level for e in estimates} == {2}
    profile = client.get(f"/people/{person.pk}/skills/").content.decode()
    assert "<svg" in profile and "<table" in profile
    pathway = client.get(f"/people/{person.pk}/pathway/").content.decode()
    assert "your role needs level" in pathway


def test_a_check_resumes_where_it_stopped_and_refuses_a_stale_answer(learner):
    client, person = learner
    page = client.post("/skills/checks/start/", {"track": "cloud"})["Location"]
    first = client.get(page).context["question"]
    client.post(page, {"question": str(first.pk), **answer_form(first, True)})
    # Starting the same track again resumes the unfinished attempt.
    assert client.post("/skills/checks/start/", {"track": "cloud"})["Location"] == page
    second = client.get(page).context["question"]
    assert second.pk != first.pk
    again = client.post(page, {"question": str(first.pk), **answer_form(first, True)})
    assert again.status_code == 302
    assert DiagnosticResponse.objects.filter(attempt__person=person).count() == 1


def test_a_malformed_answer_is_refused_with_a_message_and_nothing_is_written(learner):
    client, person = learner
    page = client.post("/skills/checks/start/", {"track": "data"})["Location"]
    question = client.get(page).context["question"]
    response = client.post(page, {"question": str(question.pk), "choice": "zz", "value": "x" * 500})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert DiagnosticResponse.objects.filter(attempt__person=person).count() == 0


def test_unknown_track_and_someone_elses_attempt(learner):
    client, person = learner
    assert client.post("/skills/checks/start/", {"track": "<script>"}).status_code == 302
    assert not DiagnosticAttempt.objects.filter(person=person).exists()
    page = client.post("/skills/checks/start/", {"track": "cloud"})["Location"]
    stranger = make_user()
    role_assign(user=stranger, role=RoleAssignment.Role.LEARNER, by=None)
    person_link_user(
        person=make_person(audience="youth", personal_number=None), user=stranger, by=None
    )
    other = Client()
    other.force_login(stranger)
    assert other.get(page).status_code == 404
    assert other.post(page, {"question": "x"}).status_code == 404


def test_self_assessment_is_evidence_and_moves_the_estimate(learner):
    client, person = learner
    assert client.get("/skills/self/").status_code == 200
    bad = client.post("/skills/self/CS-HYGIENE/", {"level": "9"})
    assert bad.status_code == 400
    assert client.post("/skills/self/CS-HYGIENE/", {"level": "3"}).status_code == 302
    estimate = SkillEstimate.objects.get(person=person, competency__uri_code="CS-HYGIENE")
    assert (estimate.level, estimate.confidence) == (3, 0.17)
    assert AuditEntry.objects.filter(action="assessment.evidence.add").exists()
    assert client.get("/skills/self/NOPE/").status_code == 404


def test_the_pathway_explains_each_course_and_lists_prerequisites_first(learner):
    client, person = learner
    body = client.get(f"/people/{person.pk}/pathway/").content.decode()
    reasons = re.findall(r"<p>(Your [^<]+|Needed before [^<]+)</p>", body)
    assert reasons, body
    assert reasons[0].startswith(
        "Your Security awareness and cyber hygiene has not been assessed yet"
    )
    kiswahili = client.get(f"/people/{person.pk}/pathway/", HTTP_ACCEPT_LANGUAGE="sw")
    assert kiswahili.status_code == 200


def test_the_pathway_sees_a_catalogue_change_at_once(learner):
    from tests.factories import make_course
    from ujuzi.assessment.recommend import catalogue_read

    before = catalogue_read()
    assert catalogue_read() is before, "an unchanged catalogue is read once"
    make_course(code="NEW-101")
    after = catalogue_read()
    assert after is not before and "NEW-101" in after.courses
