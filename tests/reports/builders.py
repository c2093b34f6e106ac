"""A small hand-built programme whose figures are worked out by hand in the tests.

Two youth cohorts (a technical programme and a partner track) and one civil-service cohort,
in 2025, so that every 12-month follow-up window is over when the tests run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from tests.factories import (
    area,
    make_cohort,
    make_competency,
    make_course,
    make_enrolment,
    make_institution,
    make_person,
    make_programme,
    make_site,
    make_user,
    number,
)
from ujuzi.assessment.models import Evidence
from ujuzi.catalog.models import CourseOutcome
from ujuzi.core.ids import uuid7
from ujuzi.core.models import User
from ujuzi.core.records import record_create
from ujuzi.credentials.models import Credential
from ujuzi.delivery.models import Completion, Enrolment
from ujuzi.outcomes.models import DisabilityStatus, FollowUp, FollowUpAnswer, Placement
from ujuzi.people.models import Institution, Person, RoleAssignment
from ujuzi.people.services import role_assign
from ujuzi.places.models import RouteStop, Site

D = datetime.date


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@dataclass
class Programme:
    people: dict[str, Person] = field(default_factory=dict)
    cohorts: dict[str, Any] = field(default_factory=dict)
    institution: Institution | None = None
    other_institution: Institution | None = None


def learner(name: str, *, sex: str, audience: str, county: str, **values: Any) -> Person:
    return make_person(
        first_name=name,
        sex=sex,
        audience=audience,
        area=area(county),
        **values,
    )


def place(cohort: Any, person: Person, status: str) -> Enrolment:
    return make_enrolment(cohort=cohort, person=person, status=status)


def complete(enrolment: Enrolment, on: str) -> Completion:
    return record_create(
        Completion(
            enrolment=enrolment,
            person=enrolment.person,
            course=enrolment.cohort.course,
            completed_on=d(on),
            attendance_percent=90,
        ),
        by=None,
    )


def twelve_months(completion: Completion, status: str = "sent") -> FollowUp:
    done = completion.completed_on
    opens = done.replace(year=done.year + 1) - datetime.timedelta(days=30)
    return record_create(
        FollowUp(
            completion=completion,
            person=completion.person,
            wave=12,
            due_on=done.replace(year=done.year + 1),
            opens_on=opens,
            closes_on=done.replace(year=done.year + 1) + datetime.timedelta(days=60),
            status=status,
        ),
        by=None,
    )


def answer(follow_up: FollowUp, *, on: str, **values: Any) -> FollowUpAnswer:
    defaults = {
        "employment_status": "employed",
        "skills_use": "often",
        "channel": "link",
    }
    follow_up.status = "answered"
    follow_up.save(update_fields=["status"])
    return record_create(
        FollowUpAnswer(
            follow_up=follow_up, person=follow_up.person, answered_on=d(on), **(defaults | values)
        ),
        by=None,
    )


def certificate(completion: Completion, *, revoked: bool = False) -> Credential:
    return record_create(
        Credential(
            person=completion.person,
            completion=completion,
            course=completion.course,
            document={"id": "urn:uuid:test"},
            credential_id=f"urn:uuid:{uuid7()}",
            status_list_id="t",
            status_list_index=number(),
            issued_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC),
            revoked_at=datetime.datetime(2025, 5, 1, tzinfo=datetime.UTC) if revoked else None,
        ),
        by=None,
    )


def disability(person: Person, *, with_disability: bool) -> DisabilityStatus:
    status = DisabilityStatus(person=person, recorded_on=D(2025, 3, 1))
    answers = dict.fromkeys(
        ("seeing", "hearing", "walking", "cognition", "self_care", "communication"), 1
    )
    if with_disability:
        answers["walking"] = 3
    status.seal_answers(answers)
    return record_create(status, by=None)


def build() -> Programme:
    """The programme of the hand-worked figures (see test_indicators.py)."""
    found = Programme()
    youth = make_programme(code="youth-digital-skills-and-jobs", audience="youth")
    public = make_programme(code="digital-skills-for-public-servants", audience="civil_servant")
    tracks = make_programme(code="industry-certification-tracks")
    course_y = make_course(programme=youth, code="Y-1", delivery_modes=["community_centre"])
    course_d = make_course(programme=public, code="D-1", delivery_modes=["campus"])
    course_t = make_course(
        programme=tracks, code="T-1", partner_track="cloud", partner_level="associate"
    )
    competency = make_competency()
    record_create(CourseOutcome(course=course_y, competency=competency, level=3), by=None)
    centre = make_site(kind=Site.Kind.COMMUNITY_CENTRE, area=area("KE-005"), code="lamu-centre")
    make_site(kind=Site.Kind.COMMUNITY_CENTRE, area=area("KE-005"), code="idle-centre")
    campus = make_site(kind=Site.Kind.CAMPUS, area=area("KE-047"), code="nairobi-campus")
    online = make_site(kind=Site.Kind.ONLINE, area=None, code="online-campus")
    lab = make_site(kind=Site.Kind.MOBILE_LAB, area=area("KE-005"), code="truck")
    stop = record_create(
        RouteStop(
            site=lab,
            area=area("KE-005"),
            place="Mokowe",
            starts_on=d("2025-05-05"),
            ends_on=d("2025-05-30"),
        ),
        by=None,
    )
    record_create(
        RouteStop(
            site=lab,
            area=area("KE-005"),
            place="Faza",
            starts_on=d("2025-06-02"),
            ends_on=d("2025-06-27"),
        ),
        by=None,
    )
    cohort_y = make_cohort(
        course=course_y,
        site=centre,
        code="youth-lamu",
        starts_on=d("2025-03-03"),
        ends_on=d("2025-03-21"),
    )
    cohort_d = make_cohort(
        course=course_d,
        site=campus,
        code="officers-nairobi",
        starts_on=d("2025-03-10"),
        ends_on=d("2025-03-14"),
    )
    cohort_t = make_cohort(
        course=course_t,
        site=online,
        code="cloud-online",
        starts_on=d("2025-04-07"),
        ends_on=d("2025-04-25"),
    )
    make_cohort(
        course=course_y,
        site=lab,
        route_stop=stop,
        code="truck-mokowe",
        starts_on=d("2025-05-05"),
        ends_on=d("2025-05-09"),
    )
    found.cohorts = {"y": cohort_y, "d": cohort_d, "t": cohort_t}
    found.institution = make_institution(code="ict-authority", name="ICT Authority")
    found.other_institution = make_institution(code="treasury", name="Treasury")

    people = found.people
    people["y1"] = learner(
        "Y1", sex="female", audience="youth", county="KE-005", date_of_birth=d("2004-05-01")
    )
    people["y2"] = learner(
        "Y2", sex="male", audience="youth", county="KE-005", date_of_birth=d("2000-03-03")
    )
    people["y3"] = learner(
        "Y3", sex="female", audience="youth", county="KE-005", date_of_birth=d("2000-03-04")
    )
    people["y4"] = learner(
        "Y4", sex="female", audience="youth", county="KE-047", date_of_birth=d("1990-12-31")
    )
    people["y5"] = learner(
        "Y5",
        sex="male",
        audience="youth",
        county="KE-005",
        date_of_birth=d("2011-01-01"),
        guardian_name="Amina",
        guardian_phone="+254700000001",
    )
    people["y6"] = learner("Y6", sex="female", audience="youth", county="KE-005")
    people["y7"] = learner("Y7", sex="male", audience="youth", county="KE-005")
    people["o1"] = learner(
        "O1",
        sex="female",
        audience="civil_servant",
        county="KE-047",
        date_of_birth=d("1970-01-01"),
        grade="K",
        institution=found.institution,
    )
    people["o2"] = learner(
        "O2",
        sex="male",
        audience="civil_servant",
        county="KE-047",
        date_of_birth=d("1980-06-15"),
        grade="CSG 5",
        institution=found.institution,
    )
    people["o3"] = learner(
        "O3",
        sex="male",
        audience="civil_servant",
        county="KE-047",
        institution=found.other_institution,
    )
    p = people

    y1 = complete(place(cohort_y, p["y1"], "completed"), "2025-03-21")
    y2 = complete(place(cohort_y, p["y2"], "completed"), "2025-03-21")
    y3 = complete(place(cohort_y, p["y3"], "completed"), "2025-03-21")
    y4 = complete(place(cohort_y, p["y4"], "completed"), "2025-03-21")
    place(cohort_y, p["y5"], "dropped_out")
    place(cohort_y, p["y6"], "enrolled")
    place(cohort_y, p["y7"], "waitlisted")
    o1 = complete(place(cohort_d, p["o1"], "completed"), "2025-03-14")
    o2 = complete(place(cohort_d, p["o2"], "completed"), "2025-03-14")
    place(cohort_d, p["o3"], "not_completed")
    complete(place(cohort_t, p["y1"], "completed"), "2025-04-25")
    complete(place(cohort_t, p["o1"], "completed"), "2025-04-25")

    answer(twelve_months(y1), on="2026-03-10", tech_role=True, role_started_on=d("2025-09-01"))
    answer(twelve_months(y2), on="2026-03-10", tech_role=False)
    twelve_months(y3, status="no_response")
    record_create(
        Placement(
            person=p["y4"],
            completion=y4,
            employer="Safaricom",
            tech_role=True,
            started_on=d("2025-06-01"),
            verified=True,
            verified_on=d("2025-07-01"),
        ),
        by=None,
    )
    answer(
        twelve_months(o1),
        on="2026-03-01",
        promoted=True,
        new_digital_responsibilities=False,
        digital_project_led=False,
    )
    answer(
        twelve_months(o2),
        on="2026-03-01",
        promoted=False,
        new_digital_responsibilities=False,
        digital_project_led=False,
    )
    certificate(y1)
    certificate(o1)
    certificate(y2, revoked=True)
    disability(p["y1"], with_disability=True)
    disability(p["y2"], with_disability=False)
    disability(p["o1"], with_disability=False)
    before = datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
    for name, level in (("y1", 1), ("y2", 4)):
        record_create(
            Evidence(
                person=p[name],
                competency=competency,
                source="diagnostic",
                level=level,
                confidence=0.8,
                observed_at=before,
            ),
            by=None,
        )
    return found


def viewer(role: str, institution: Institution | None = None) -> User:
    user = make_user()
    values: dict[str, Any] = {"role": role}
    if role == RoleAssignment.Role.TRAINING_OFFICER:
        values["institution"] = institution
    if role == RoleAssignment.Role.FACILITATOR:
        values["site"] = make_site()
    role_assign(user=user, by=None, **values)
    return user
