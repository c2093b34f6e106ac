"""Skills-gap benchmarks: an institution's heatmap and one person's pathway."""

from __future__ import annotations

import random
import re

from django.db import connection
from django.test import Client

from harness import Run
from ujuzi.assessment.models import SkillEstimate
from ujuzi.assessment.recommend import pathway_for
from ujuzi.catalog.models import Course, CourseOutcome, CoursePrerequisite, Offering, Programme
from ujuzi.competencies.models import Competency, Framework, RoleProfile, RoleTarget
from ujuzi.competencies.role_profiles import role_profiles_read
from ujuzi.core.records import record_create, records_bulk_create
from ujuzi.core.services import user_create
from ujuzi.people.models import Institution, Person, RoleAssignment
from ujuzi.people.services import role_assign
from ujuzi.places.models import Site

GRADES = "HJKLMNPQRST"
TITLES = ("Records Officer", "ICT Officer", "Accountant", "Director", "Economist", "Data Analyst")
PATHWAY_RUNS = 20


def _settle() -> None:
    """Let the database catch up after the bulk load, as it would before anyone reads.

    PostgreSQL's autovacuum would gather planner statistics; SQLite installations never
    run ``ANALYZE``, so there only the write-ahead log is folded into the file.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("ANALYZE")


def _admin() -> Client:
    user = user_create(username=f"bench-admin-{random.random()}", password=None, by=None)
    role_assign(user=user, role=RoleAssignment.Role.PROGRAMME_ADMIN, by=None)
    client = Client()
    client.force_login(user)
    return client


def heatmap_10k(size: int) -> Run:
    """Render the gap heatmap page of one institution with ``size`` staff, all assessed.

    The clock covers the whole request (sign-in check, queries, template) after one warm-up
    request to another page, as a running server would serve it.
    """
    from django.apps import apps

    for config in apps.get_app_configs():  # the shipped framework and role profiles
        if hasattr(config, "load_shipped_data"):
            config.load_shipped_data()
    rng = random.Random(4)
    institution = record_create(
        Institution(code="bench-ministry", name="Bench ministry", kind="ministry"), by=None
    )
    people = [
        Person(
            first_name="Staff",
            last_name=f"Member {n}",
            audience=Person.Audience.CIVIL_SERVANT,
            institution=institution,
            grade=rng.choice(GRADES),
            job_title=rng.choice(TITLES),
        )
        for n in range(size)
    ]
    records_bulk_create(people, by=None)
    profiles = role_profiles_read()
    estimates = []
    for person in people:
        profile, _by_hand = profiles.choose(
            audience=person.audience, grade=person.grade, job_title=person.job_title
        )
        for competency_id, target in profiles.targets[profile.pk].items():  # type: ignore[union-attr]
            level = max(0, min(4, target.level + rng.choice((-2, -1, 0, 1))))
            estimates.append(
                SkillEstimate(
                    person=person, competency_id=competency_id, level=level, confidence=0.8
                )
            )
    records_bulk_create(estimates, by=None)
    estimate_count = len(estimates)
    del people, estimates  # a server holds none of this; it would only slow the collector
    _settle()
    client = _admin()
    path = f"/institutions/{institution.pk}/skills-gap/"
    client.get("/")  # one warm-up request: templates, URL map and translations load once

    def timed() -> int:
        response = client.get(path)
        if response.status_code != 200:
            raise AssertionError(f"heatmap answered {response.status_code}")
        timed.body = response.content.decode()  # type: ignore[attr-defined]
        return size

    def check(count: int) -> None:
        staff = sum(int(n) for n in re.findall(r"([\d,]+) (?:person|people)<", timed.body))  # type: ignore[attr-defined]
        if staff != count:
            raise AssertionError(f"the heatmap counted {staff} staff, expected {count}")
        print(f"[bench] heatmap: {count:,} staff, {estimate_count:,} estimates", flush=True)

    return Run(timed, check)


def pathway_200(size: int) -> Run:
    """Compute one person's pathway over ``size`` courses and 60 competencies, 20 times."""
    rng = random.Random(5)
    framework = record_create(
        Framework(
            slug="public-service-digital",
            version="bench",
            status="published",
            title={"en": "Bench"},
            case_identifier="bench",
        ),
        by=None,
    )
    competencies = [
        Competency(
            framework=framework,
            kind="competency",
            code=f"K{n}",
            uri_code=f"K{n}",
            title={"en": f"Competency {n}"},
            case_identifier=f"k{n}",
            position=n,
        )
        for n in range(60)
    ]
    records_bulk_create(competencies, by=None)
    profile = record_create(
        RoleProfile(
            code="bench-profile",
            title={"en": "Bench"},
            framework=framework,
            audience="civil_servant",
        ),
        by=None,
    )
    records_bulk_create(
        [
            RoleTarget(
                role_profile=profile,
                competency=c,
                level=rng.randint(1, 4),
                weight=rng.randint(1, 3),
            )
            for c in competencies
        ],
        by=None,
    )
    programme = record_create(
        Programme(code="bench", title={"en": "Bench"}, audience="all"), by=None
    )
    courses = [
        Course(
            code=f"B-{n:03d}",
            programme=programme,
            title={"en": f"Course {n}"},
            duration_hours=rng.randint(4, 80),
            delivery_modes=["online"],
            languages=rng.choice([["en"], ["en", "sw"]]),
            audience="all",
            position=n,
        )
        for n in range(size)
    ]
    records_bulk_create(courses, by=None)
    outcomes: list[CourseOutcome] = []
    links: list[CoursePrerequisite] = []
    for index, course in enumerate(courses):
        outcomes.extend(
            CourseOutcome(course=course, competency=competency, level=rng.randint(1, 4))
            for competency in rng.sample(competencies, rng.randint(1, 4))
        )
        links.extend(
            CoursePrerequisite(course=course, required=required)
            for required in rng.sample(courses[:index], min(index, rng.randint(0, 2)))
        )
    records_bulk_create(outcomes, by=None)
    records_bulk_create(links, by=None)
    online = record_create(Site(code="bench-online", name="Online", kind=Site.Kind.ONLINE), by=None)
    records_bulk_create([Offering(course=c, site=online, language="en") for c in courses], by=None)
    person = record_create(
        Person(first_name="Bench", last_name="Learner", audience="civil_servant", grade="K"),
        by=None,
    )
    records_bulk_create(
        [
            SkillEstimate(person=person, competency=c, level=rng.randint(0, 2), confidence=0.7)
            for c in competencies
        ],
        by=None,
    )
    _settle()
    admin = user_create(username="bench-pathway-admin", password=None, by=None)
    role_assign(user=admin, role=RoleAssignment.Role.PROGRAMME_ADMIN, by=None)

    def timed() -> int:
        for _ in range(PATHWAY_RUNS):
            pathway = pathway_for(admin, person.pk)
        timed.steps = len(pathway.steps) if pathway else 0  # type: ignore[attr-defined]
        return PATHWAY_RUNS

    def check(count: int) -> None:
        if not timed.steps:  # type: ignore[attr-defined]
            raise AssertionError("the pathway is empty")
        print(f"[bench] pathway: {size} courses, 60 competencies, {timed.steps} steps", flush=True)  # type: ignore[attr-defined]

    return Run(timed, check)
