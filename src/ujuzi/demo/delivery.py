"""Cohorts for the demo, dated around today so that every role has something live to do.

- Faza centre, "Staying safe online" (youth, open, in Kiswahili): started two days ago;
  the demo learner and other young people hold seats; a session runs today.
- Faza centre, "Digital essentials for public servants": starts today; the ICT ministry's
  officer has nominated staff, some approved (seated), some waiting for approval.
- Coast mobile lab 1, "Computer and internet basics": open, starts in ten days.
- KSG Mombasa, "Cyber hygiene": met on the last three days and closed today, so its learners carry
  completions and course evidence on their skill profiles.

Everything goes through the delivery services, as a programme office would do it.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.delivery.attendance import attendance_mark, cohort_complete
from ujuzi.delivery.models import Cohort, Session
from ujuzi.delivery.scheduling import cohort_create, session_add
from ujuzi.delivery.services import enrolment_self, nomination_create, nomination_decide
from ujuzi.people.models import Institution, Person
from ujuzi.people.policy import institution_subtree
from ujuzi.places.models import Site

MARKER = "demo-faza-yth-102"


def _days(cohort: Cohort, *, by: User, topics: tuple[str, ...]) -> list[Session]:
    """One morning session a day from the cohort's first day, 09:00 to 12:00 local time."""
    sessions = []
    for offset, topic in enumerate(topics):
        day = cohort.starts_on + datetime.timedelta(days=offset)
        starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        sessions.append(
            session_add(
                cohort=cohort,
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=3),
                topic=topic,
                by=by,
            )
        )
    return sessions


def _roll(sessions: list[Session], people: list[Person], *, by: User, skip_every: int) -> None:
    """Marks for the sessions already held; every ``skip_every``-th learner missed one."""
    now = timezone.now()
    for index, person in enumerate(people):
        for number, session in enumerate(sessions):
            if session.starts_at > now:
                continue
            missed = skip_every and index % skip_every == 0 and number == 0
            attendance_mark(session=session, person=person, present=not missed, by=by)


@transaction.atomic
def delivery_load() -> int:
    """Create the demo cohorts once; return how many were created."""
    if Cohort.all_objects.filter(code=MARKER).exists():
        return 0
    admin = User.objects.get(username="admin")
    officer = User.objects.get(username="officer")
    facilitator = User.objects.get(username="facilitator")
    today = timezone.localdate()
    sites = {site.code: site for site in Site.objects.filter(code__in=_SITE_CODES)}
    courses = {course.code: course for course in Course.objects.filter(code__in=_COURSE_CODES)}
    ict = Institution.objects.get(code="ict")
    staff = list(
        Person.objects.filter(
            institution_id__in=institution_subtree([ict.pk]), user__isnull=True
        ).order_by("personal_number", "id")[:22]
    )

    youth_cohort = cohort_create(
        course=courses["YTH-102"],
        site=sites["cdc-faza"],
        code=MARKER,
        starts_on=today - datetime.timedelta(days=2),
        ends_on=today + datetime.timedelta(days=4),
        capacity=20,
        language="sw",
        is_open=True,
        facilitators=[facilitator],
        by=admin,
    )
    youth_sessions = _days(
        youth_cohort,
        by=admin,
        topics=("Nywila imara", "Ulaghai mtandaoni", "Faragha", "Pesa kwa simu", "Mazoezi"),
    )
    learner = Person.objects.get(user__username="learner")
    others = (
        Person.objects.filter(audience=Person.Audience.YOUTH, user__isnull=True)
        .exclude(date_of_birth__gt=today - datetime.timedelta(days=18 * 366))
        .order_by("id")[:11]
    )
    young = [learner, *others]
    for person in young:
        enrolment_self(cohort=youth_cohort, person=person, by=None)
    _roll(youth_sessions, young, by=facilitator, skip_every=4)

    civil = cohort_create(
        course=courses["DSP-101"],
        site=sites["cdc-faza"],
        code="demo-faza-dsp-101",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=4),
        capacity=25,
        facilitators=[facilitator],
        by=admin,
    )
    _days(civil, by=admin, topics=("Devices and files", "E-mail", "eCitizen", "Security", "Test"))
    # Half the ministry's staff (up to 12) took the finished course; up to 7 others are
    # nominated for the one starting today, four of them approved.
    split = min(12, len(staff) // 2)
    for number, person in enumerate(staff[split : split + 7]):
        nomination = nomination_create(cohort=civil, person=person, by=officer)
        if number < 4:
            nomination_decide(nomination=nomination, approve=True, by=admin)

    lab = cohort_create(
        course=courses["YTH-101"],
        site=sites["lab-coast-1"],
        code="demo-lab-coast-yth-101",
        starts_on=today + datetime.timedelta(days=10),
        ends_on=today + datetime.timedelta(days=14),
        capacity=20,
        language="sw",
        is_open=True,
        facilitators=[facilitator],
        by=admin,
    )
    _days(lab, by=admin, topics=("Kompyuta", "Intaneti", "Barua pepe"))

    finished = cohort_create(
        course=courses["CS-101"],
        site=sites["ksg-mombasa"],
        code="demo-mombasa-cs-101",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today,
        capacity=30,
        by=admin,
    )
    held = _days(finished, by=admin, topics=("Threats", "Passwords", "Phishing"))
    for person in staff[:split]:
        nomination = nomination_create(cohort=finished, person=person, by=officer)
        nomination_decide(nomination=nomination, approve=True, by=admin)
    _roll(held, staff[:split], by=admin, skip_every=5)
    cohort_complete(cohort=finished, by=admin, on=today)
    return 4


_SITE_CODES = ("cdc-faza", "lab-coast-1", "ksg-mombasa")
_COURSE_CODES = ("YTH-101", "YTH-102", "DSP-101", "CS-101")
