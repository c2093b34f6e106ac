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

from ujuzi.assessment.models import (
    DiagnosticAttempt,
    DiagnosticResponse,
    Evidence,
    Question,
    RoleProfileOverride,
    SkillEstimate,
)
from ujuzi.catalog.models import (
    Course,
    CourseOutcome,
    CoursePrerequisite,
    Offering,
    Programme,
)
from ujuzi.competencies.models import (
    CaseAssociation,
    Competency,
    Framework,
    LevelDescriptor,
    ProficiencyLevel,
    RoleProfile,
    RoleTarget,
)
from ujuzi.core.ids import uuid7
from ujuzi.core.models import AdministrativeArea, Shredding, User
from ujuzi.core.records import record_create
from ujuzi.core.reference import reference_data_load
from ujuzi.core.services import user_create
from ujuzi.credentials.models import (
    AchievementMapping,
    Credential,
    IssuingHold,
    PartnerCredential,
    PassportShare,
    StatusListRange,
    TrustedIssuer,
)
from ujuzi.delivery.models import (
    Attendance,
    Cohort,
    CohortFacilitator,
    Completion,
    Enrolment,
    LearnerKey,
    Nomination,
    Session,
)
from ujuzi.outcomes.models import DisabilityStatus, FollowUp, FollowUpAnswer, Placement
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


TEST_TIME = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)


def make_role_profile(**values: Any) -> RoleProfile:
    n = number()
    defaults = {"code": f"profile-{n}", "title": {"en": "Officer"}, "framework": make_framework()}
    return record_create(RoleProfile(**(defaults | values)), by=None)


def make_programme(**values: Any) -> Programme:
    n = number()
    defaults = {"code": f"programme-{n}", "title": {"en": "Data"}, "audience": "all"}
    return record_create(Programme(**(defaults | values)), by=None)


def make_course(**values: Any) -> Course:
    n = number()
    defaults = {
        "code": f"C-{n}",
        "programme": make_programme(),
        "title": {"en": f"Course {n}", "sw": f"Kozi {n}"},
        "duration_hours": 8,
        "delivery_modes": ["online"],
        "languages": ["en"],
        "audience": "all",
    }
    return record_create(Course(**(defaults | values)), by=None)


EVERY_MODE = ["campus", "community_centre", "mobile_lab", "online"]


def make_deliverable_course(**values: Any) -> Course:
    """A course that may run at any kind of site, in English or Kiswahili."""
    return make_course(**({"delivery_modes": EVERY_MODE, "languages": ["en", "sw"]} | values))


def make_attempt_unsaved() -> DiagnosticAttempt:
    return DiagnosticAttempt(
        person=make_person(),
        framework=make_framework(),
        track="cybersecurity",
        status="in_progress",
        started_at=TEST_TIME,
    )


def make_cohort(**values: Any) -> Cohort:
    n = number()
    today = datetime.date.today()  # noqa: DTZ011 - cohort dates are local dates
    defaults = {
        "code": f"cohort-{n}",
        "starts_on": today + datetime.timedelta(days=7),
        "ends_on": today + datetime.timedelta(days=11),
        "capacity": 20,
    }
    if "course" not in values:
        values["course"] = make_deliverable_course()
    if "site" not in values:
        values["site"] = make_site()
    return record_create(Cohort(**(defaults | values)), by=None)


def make_session(cohort: Cohort | None = None, **values: Any) -> Session:
    cohort = cohort or make_cohort()
    starts = datetime.datetime.combine(cohort.starts_on, datetime.time(9), tzinfo=datetime.UTC)
    defaults = {
        "cohort": cohort,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=3),
        "check_in_code": "ACD347",
    }
    return record_create(Session(**(defaults | values)), by=None)


def make_enrolment(**values: Any) -> Enrolment:
    if "cohort" not in values:
        values["cohort"] = make_cohort()
    if "person" not in values:
        values["person"] = make_person()
    defaults = {
        "status": "enrolled",
        "source": "nomination",
        "queued_clock": number(),
    }
    return record_create(Enrolment(**(defaults | values)), by=None)


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
    "core.shredding": SyncedRecipe(
        build=lambda: Shredding(subject_id=uuid7()),
        change=lambda shredding: {"subject_id": uuid7()},
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
    "competencies.roleprofile": SyncedRecipe(
        build=lambda: RoleProfile(
            code=f"profile-{number()}", title={"en": "Officer"}, framework=make_framework()
        ),
        change=lambda profile: {"grade_band": "senior", "title": {"en": "Senior officer"}},
    ),
    "competencies.roletarget": SyncedRecipe(
        build=lambda: RoleTarget(
            role_profile=make_role_profile(), competency=make_competency(), level=2
        ),
        change=lambda target: {"level": 3, "weight": 2},
    ),
    "catalog.programme": SyncedRecipe(
        build=lambda: Programme(
            code=f"programme-{number()}", title={"en": "Cybersecurity"}, audience="all"
        ),
        change=lambda programme: {"audience": "youth"},
    ),
    "catalog.course": SyncedRecipe(
        build=lambda: Course(
            code=f"CS-{number()}",
            programme=make_programme(),
            title={"en": "Cyber hygiene"},
            duration_hours=8,
            delivery_modes=["online"],
            languages=["en"],
            audience="all",
        ),
        change=lambda course: {"duration_hours": 12, "languages": ["en", "sw"]},
    ),
    "catalog.courseoutcome": SyncedRecipe(
        build=lambda: CourseOutcome(course=make_course(), competency=make_competency(), level=2),
        change=lambda outcome: {"level": 3},
    ),
    "catalog.courseprerequisite": SyncedRecipe(
        build=lambda: CoursePrerequisite(course=make_course(), required=make_course()),
        change=lambda link: {"required": make_course()},
    ),
    "catalog.offering": SyncedRecipe(
        build=lambda: Offering(course=make_course(), site=make_site(), language="en"),
        change=lambda offering: {"language": "sw"},
    ),
    "assessment.question": SyncedRecipe(
        build=lambda: Question(
            code=f"Q-{number()}",
            competency=make_competency(),
            level=1,
            kind="single",
            prompt={"en": "Which is safest?", "sw": "Ipi ni salama zaidi?"},
            options=[{"key": "a", "text": {"en": "A"}}, {"key": "b", "text": {"en": "B"}}],
            answer="a",
        ),
        change=lambda question: {"level": 2, "answer": "b"},
    ),
    "assessment.diagnosticattempt": SyncedRecipe(
        build=lambda: make_attempt_unsaved(),
        change=lambda attempt: {"status": "finished", "finished_at": TEST_TIME},
    ),
    "assessment.diagnosticresponse": SyncedRecipe(
        build=lambda: DiagnosticResponse(
            attempt=record_create(make_attempt_unsaved(), by=None),
            question=record_create(RECIPES["assessment.question"].build(), by=None),
            position=1,
            answer="a",
            correct=True,
        ),
        change=lambda response: {"correct": False},
    ),
    "assessment.evidence": SyncedRecipe(
        build=lambda: Evidence(
            person=make_person(),
            competency=make_competency(),
            source="self",
            level=2,
            confidence=0.5,
            observed_at=TEST_TIME,
        ),
        change=lambda evidence: {"note": "checked by the facilitator"},
    ),
    "assessment.skillestimate": SyncedRecipe(
        build=lambda: SkillEstimate(
            person=make_person(), competency=make_competency(), level=2, confidence=0.5
        ),
        change=lambda estimate: {"level": 3, "confidence": 0.8},
    ),
    "assessment.roleprofileoverride": SyncedRecipe(
        build=lambda: RoleProfileOverride(person=make_person(), role_profile=make_role_profile()),
        change=lambda override: {"reason": "acting director"},
    ),
    "delivery.cohort": SyncedRecipe(
        build=lambda: Cohort(
            code=f"cohort-{number()}",
            course=make_course(),
            site=make_site(),
            starts_on=datetime.date(2026, 3, 2),
            ends_on=datetime.date(2026, 3, 6),
            capacity=25,
        ),
        change=lambda cohort: {"capacity": 30, "is_open": True},
    ),
    "delivery.cohortfacilitator": SyncedRecipe(
        build=lambda: CohortFacilitator(cohort=make_cohort(), user=make_user()),
        change=lambda link: {"user": make_user()},
    ),
    "delivery.session": SyncedRecipe(
        build=lambda: Session(
            cohort=make_cohort(),
            starts_at=TEST_TIME,
            ends_at=TEST_TIME + datetime.timedelta(hours=2),
            check_in_code="ACD347",
        ),
        change=lambda session: {"topic": "Phishing drills"},
    ),
    "delivery.nomination": SyncedRecipe(
        build=lambda: Nomination(
            cohort=make_cohort(), person=make_person(), nominated_by=make_user()
        ),
        change=lambda nomination: {"status": "declined", "decision_reason": "cohort is full"},
    ),
    "delivery.enrolment": SyncedRecipe(
        build=lambda: Enrolment(
            cohort=make_cohort(),
            person=make_person(),
            status="waitlisted",
            source="self",
            queued_clock=number(),
        ),
        change=lambda enrolment: {"status": "enrolled", "final_score": 81},
    ),
    "delivery.attendance": SyncedRecipe(
        build=lambda: Attendance(
            session=make_session(), person=make_person(), present=True, method="roll"
        ),
        change=lambda mark: {"method": "card"},
    ),
    "delivery.completion": SyncedRecipe(
        build=lambda: Completion(
            enrolment=(enrolment := make_enrolment()),
            person_id=enrolment.person_id,
            course=enrolment.cohort.course,
            completed_on=datetime.date(2026, 3, 6),
            attendance_percent=90,
        ),
        change=lambda completion: {"final_score": 75},
    ),
    "delivery.learnerkey": SyncedRecipe(
        build=lambda: LearnerKey(person=make_person(), purpose="card", secret=f"k{number()}"),
        change=lambda key: {"purpose": "calendar"},
    ),
    "credentials.statuslistrange": SyncedRecipe(
        build=lambda: StatusListRange(
            list_id=f"t{number()}", node=uuid7(), first=0, last=131_071, next=0
        ),
        change=lambda status_range: {"next": 1},
    ),
    "credentials.credential": SyncedRecipe(
        build=lambda: Credential(
            person=(completion := RECIPES["delivery.completion"].build()).person,
            completion=record_create(completion, by=None),
            course=completion.course,
            document={"id": "urn:uuid:0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b"},
            credential_id=f"urn:uuid:{uuid7()}",
            status_list_id="t",
            status_list_index=number(),
            issued_at=datetime.datetime(2026, 3, 6, tzinfo=datetime.UTC),
        ),
        change=lambda credential: {"revocation_reason": "issued in error"},
    ),
    "credentials.issuinghold": SyncedRecipe(
        build=lambda: IssuingHold(
            completion=record_create(RECIPES["delivery.completion"].build(), by=None),
            reason="learner_number",
            noted_at=TEST_TIME,
        ),
        change=lambda hold: {"resolved_at": TEST_TIME},
    ),
    "credentials.achievementmapping": SyncedRecipe(
        build=lambda: AchievementMapping(
            issuer=record_create(RECIPES["credentials.trustedissuer"].build(), by=None),
            achievement_id=f"https://partner.example.org/courses/{number()}/",
            competency=make_competency(),
            level=2,
            association="exactMatchOf",
        ),
        change=lambda mapping: {"level": 3},
    ),
    "credentials.partnercredential": SyncedRecipe(
        build=lambda: PartnerCredential(
            person=make_person(),
            issuer=record_create(RECIPES["credentials.trustedissuer"].build(), by=None),
            credential_id=f"urn:uuid:{uuid7()}",
            achievement_id="https://partner.example.org/courses/1/",
            document={"id": "urn:uuid:0190a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b"},
            added_at=TEST_TIME,
        ),
        change=lambda credential: {"achievement_id": "https://partner.example.org/courses/2/"},
    ),
    "credentials.passportshare": SyncedRecipe(
        build=lambda: PassportShare(person=make_person(), token_hash=f"{number():064x}"),
        change=lambda share: {"label": "for the county HR office"},
    ),
    "credentials.trustedissuer": SyncedRecipe(
        build=lambda: TrustedIssuer(
            did=f"did:web:partner{number()}.example.org",
            name="Partner Institute",
            country="RW",
            document={"id": "did:web:partner.example.org"},
            verification_methods={
                "did:web:partner.example.org#key-1": (
                    "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
                )
            },
        ),
        change=lambda issuer: {"trusted": False},
    ),
    "people.roleassignment": SyncedRecipe(
        build=lambda: RoleAssignment(user=make_user(), role="facilitator", site=make_site()),
        change=lambda assignment: {"site": make_site()},
    ),
}


def _follow_up() -> FollowUp:
    completion = record_create(RECIPES["delivery.completion"].build(), by=None)
    return FollowUp(
        completion=completion,
        person_id=completion.person_id,
        wave=12,
        due_on=datetime.date(2027, 3, 6),
        opens_on=datetime.date(2027, 2, 6),
        closes_on=datetime.date(2027, 5, 6),
    )


def _disability_status() -> DisabilityStatus:
    status = DisabilityStatus(person=make_person(), recorded_on=datetime.date(2026, 3, 6))
    status.seal_answers(
        dict.fromkeys(("seeing", "hearing", "walking"), 1)
        | {"cognition": 2, "self_care": 1, "communication": 3}
    )
    return status


RECIPES.update(
    {
        "outcomes.followup": SyncedRecipe(build=_follow_up, change=lambda item: {"status": "sent"}),
        "outcomes.followupanswer": SyncedRecipe(
            build=lambda: FollowUpAnswer(
                follow_up=(follow_up := record_create(_follow_up(), by=None)),
                person_id=follow_up.person_id,
                employment_status="employed",
                tech_role=True,
                sector="private",
                skills_use="often",
                channel="link",
                answered_on=datetime.date(2027, 3, 8),
            ),
            change=lambda answer: {"skills_use": "daily"},
        ),
        "outcomes.placement": SyncedRecipe(
            build=lambda: Placement(
                person=make_person(),
                employer="Kilimo Data Ltd",
                tech_role=True,
                started_on=datetime.date(2026, 6, 1),
                sector="private",
            ),
            change=lambda placement: {"verified": True},
        ),
        "outcomes.disabilitystatus": SyncedRecipe(
            build=_disability_status, change=lambda status: {"with_disability": False}
        ),
    }
)
