"""The starter catalogue, the checker, course pages and the catalogue API."""

from __future__ import annotations

import collections
import copy

import pytest
from django.test import Client

from tests.factories import make_user
from ujuzi.catalog.loader import CatalogueError, catalogue_check, catalogue_load, starter_catalogue
from ujuzi.catalog.models import Course, CoursePrerequisite
from ujuzi.core.services import api_token_create

CODES = {
    "PD-STRATEGY",
    "PD-FORESIGHT",
    "PD-SERVICE-DESIGN",
    "PD-ETHICS",
    "DG-POLICY",
    "DG-PROTECTION",
    "DG-LITERACY",
    "DG-OPEN-DATA",
    "DM-AGILE",
    "DM-PROCUREMENT",
    "DM-CHANGE",
    "DM-COLLABORATION",
    "AI-LITERACY",
    "AI-APPLIED",
    "AI-GOVERNANCE",
    "CL-FUNDAMENTALS",
    "CL-OPERATIONS",
    "CL-GOVERNANCE",
    "CS-HYGIENE",
    "CS-NETWORK",
    "CS-INCIDENT",
    "CS-GOVERNANCE",
    "DA-ENGINEERING",
    "DA-ANALYTICS",
    "GV-EGOV",
    "GV-LAW",
    "GV-DPI",
}


def test_the_starter_catalogue_is_valid_and_covers_every_competency_to_level_four():
    data = starter_catalogue()
    assert catalogue_check(data, CODES) == []
    courses = data["courses"]
    assert len(courses) >= 25
    assert sum(1 for c in courses if c.get("executive")) >= 5
    tracks = collections.defaultdict(set)
    for course in courses:
        if course["partner_track"]:
            tracks[course["partner_track"]["track"]].add(course["partner_track"]["level"])
    for track in ("artificial-intelligence", "cloud", "cybersecurity"):
        assert tracks[track] == {"associate", "professional", "expert"}
    reached = collections.defaultdict(set)
    for course in courses:
        for outcome in course["outcomes"]:
            reached[outcome["competency"]].add(outcome["level"])
    assert {code for code in CODES if not {2, 3, 4} <= reached[code]} == set()


def test_a_bad_catalogue_lists_every_problem_and_loads_nothing(shipped):
    data = copy.deepcopy(starter_catalogue())
    first, second = data["courses"][0], data["courses"][1]
    first["programme"] = "nowhere"
    first["outcomes"] = [
        {"competency": "NOPE", "level": 2},
        {"competency": "CS-HYGIENE", "level": 7},
    ]
    first["delivery_modes"] = ["by carrier pigeon"]
    first["title"] = {"en": "only English"}
    second["code"] = first["code"]
    data["courses"].append(
        {**copy.deepcopy(data["courses"][2]), "code": "LOOP-1", "prerequisites": ["LOOP-2"]}
    )
    data["courses"].append(
        {**copy.deepcopy(data["courses"][2]), "code": "LOOP-2", "prerequisites": ["LOOP-1"]}
    )
    data["courses"].append(
        {**copy.deepcopy(data["courses"][2]), "code": "BAD-HOURS", "duration_hours": 10**6}
    )
    problems = catalogue_check(data, CODES)
    text = "\n".join(problems)
    for expected in (
        "$.courses[0].programme: unknown programme 'nowhere'",
        "$.courses[0].outcomes[0].competency: unknown competency",
        "$.courses[0].outcomes[1].level: 1 to 4",
        "$.courses[0].delivery_modes",
        "$.courses[0].title: needs English and Kiswahili text",
        "$.courses[1].code: missing or repeated",
        "its own prerequisite",
        ".duration_hours",
    ):
        assert expected in text
    before = Course.objects.count()
    with pytest.raises(CatalogueError):
        catalogue_load(data)
    assert Course.objects.count() == before
    assert catalogue_check("not a catalogue", CODES) == [
        "$: a JSON object with programmes and courses"
    ]


def test_the_catalogue_loads_once_with_its_prerequisites(shipped):
    assert Course.objects.count() == len(starter_catalogue()["courses"])
    assert CoursePrerequisite.objects.exists()
    assert catalogue_load(starter_catalogue()) == 0


def test_course_pages_are_public_searchable_and_paginated(shipped):
    client = Client()
    listing = client.get("/courses/")
    assert listing.status_code == 200
    assert "Page 1 of" in listing.content.decode()
    course = Course.objects.filter(executive=True).first()
    found = client.get("/courses/", {"q": course.code}).content.decode()
    assert course.title["en"] in found
    online_sw = client.get("/courses/", {"mode": "online", "language": "sw"})
    for shown in online_sw.context["page"]:
        assert "online" in shown.delivery_modes and "sw" in shown.languages
    assert client.get("/courses/", {"mode": "<script>", "page": "9999"}).status_code == 200
    detail = client.get(f"/courses/{course.code}/")
    assert detail.status_code == 200
    assert client.get("/courses/NO-SUCH-COURSE/").status_code == 404


def test_the_catalogue_api_needs_its_scope_and_filters(shipped):
    user = make_user()
    token = api_token_create(user=user, name="t", scopes=["catalogue:read"], by=None).secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    courses = Client().get("/api/v1/courses?competency=CS-HYGIENE&limit=5", **auth).json()
    assert courses["count"] >= 3 and len(courses["items"]) <= 5
    assert all(
        any(o["competency"] == "CS-HYGIENE" for o in item["outcomes"]) for item in courses["items"]
    )
    frameworks = Client().get("/api/v1/frameworks", **auth).json()
    assert frameworks["items"][0]["slug"] == "public-service-digital"
    assert [level["number"] for level in frameworks["items"][0]["levels"]] == [1, 2, 3, 4]
    other = api_token_create(user=user, name="p", scopes=["people:read"], by=None).secret
    denied = Client().get("/api/v1/courses", HTTP_AUTHORIZATION=f"Bearer {other}")
    assert denied.status_code == 403
