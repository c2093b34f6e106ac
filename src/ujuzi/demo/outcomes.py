"""Follow-ups of the small demo's graduates, through the outcomes services.

- The demo learner (``learner``) took "Online safety and digital citizenship" (YTH-103) at
  Faza centre about thirteen months ago with 36 other young people. Their 12-month survey
  is open now, shown on their home page, and its link is published so that a newcomer
  can answer it without signing in: ``/s/demo-learner-twelve-month-survey-link-00001/``.
- Of the 36 others, 32 answered their 12-month survey (by link, or by phone to the
  programme office) and 4 have not yet; only 11 of the 32 hold a technology role that
  started within a year, so the youth track's conversion is below the 40 % line and the
  dashboards raise their alert. Their 3- and 6-month surveys were answered or, for some,
  closed without a response (recorded as such, never as unemployment).
- Three placements (two verified with the employer); Washington Group answers for those
  who consented to disability data (two with a disability).
- The civil servants who completed the closed Mombasa cohort today consented to follow-up
  and have their three surveys scheduled.

History is written as ``ujuzi.demo.certificates`` writes it (the delivery services refuse
places in cohorts that have ended): the closed cohort, places and completions are
journaled and audited; everything after is the outcomes services with past dates.
Loading twice adds nothing. Run before ``ujuzi.demo.scale``, which leaves these people's
history alone.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from ujuzi.catalog.models import Course
from ujuzi.core.models import User
from ujuzi.core.node import next_clock
from ujuzi.core.records import record_create
from ujuzi.delivery.completions import completion_record
from ujuzi.delivery.models import Cohort, Completion, Enrolment
from ujuzi.outcomes.models import WG_DOMAINS, FollowUp
from ujuzi.outcomes.placements import (
    disability_status_record,
    placement_record,
    placement_verify,
)
from ujuzi.outcomes.services import (
    follow_up_answer_by_link,
    follow_up_answer_by_phone,
    follow_up_send,
    follow_ups_mark_no_response,
    follow_ups_schedule,
)
from ujuzi.people.models import ConsentEvent, Person
from ujuzi.people.services import consent_record
from ujuzi.places.models import Site

MARKER = "demo-faza-yth-103-year-ago"
# The demo learner's published survey link (43 URL-safe characters, as a real token).
LEARNER_TOKEN = "demo-learner-twelve-month-survey-link-00001"  # noqa: S105 - published
GRADUATES = 36
ANSWERED_AT_TWELVE = 32
CONVERTED = 11
DAYS_SINCE = 400  # about thirteen months: the 12-month window (months 11 to 14) is open


def _consent(person: Person, purpose: str, at: datetime.date) -> None:
    moment = datetime.datetime.combine(at, datetime.time(10), tzinfo=datetime.UTC)
    consent_record(
        person=person,
        purpose=purpose,
        decision=ConsentEvent.Decision.GIVEN,
        channel=ConsentEvent.Channel.PAPER,
        by=None,
        decided_at=moment,
    )


def _history(course: Course, site: Site, people: list[Person], ended: datetime.date) -> list:
    admin = User.objects.get(username="admin")
    cohort = record_create(
        Cohort(
            course=course,
            site=site,
            code=MARKER,
            language="sw",
            starts_on=ended - datetime.timedelta(days=4),
            ends_on=ended,
            capacity=40,
            is_open=True,
            closed_on=ended,
        ),
        by=admin,
    )
    completions = []
    for number, person in enumerate(people):
        enrolment = record_create(
            Enrolment(
                cohort=cohort,
                person=person,
                status=Enrolment.Status.COMPLETED,
                source=Enrolment.Source.SELF,
                queued_clock=next_clock(),
            ),
            by=admin,
        )
        completions.append(
            completion_record(
                enrolment=enrolment,
                course=course,
                on=ended,
                attendance_percent=100 - (number % 4) * 5,
                by=admin,
            )
        )
    return completions


def _answer(rng: random.Random, converted: bool, ended: datetime.date) -> dict[str, object]:
    if converted:
        return {
            "employment_status": rng.choice(["employed", "employed", "self_employed"]),
            "tech_role": True,
            "role_started_on": ended + datetime.timedelta(days=rng.randint(30, 330)),
            "sector": rng.choice(["private", "private", "self_employed", "ngo"]),
            "skills_use": rng.choice(["often", "daily"]),
        }
    status = rng.choice(
        ["employed", "unemployed_looking", "unemployed_looking", "studying", "not_looking"]
    )
    working = status == "employed"
    return {
        "employment_status": status,
        "tech_role": False,
        "role_started_on": None,
        "sector": rng.choice(["private", "public"]) if working else "",
        "skills_use": rng.choice(["sometimes", "often"] if working else ["never", "sometimes"]),
    }


def _answer_wave(
    follow_up: FollowUp, data: dict[str, object], *, by_phone: bool, admin: User, day: datetime.date
) -> None:
    token = follow_up_send(follow_up, today=follow_up.opens_on)
    if token is None:
        return
    if by_phone:
        follow_up_answer_by_phone(follow_up, data, by=admin, today=day)
    else:
        follow_up_answer_by_link(token, data, today=day)


@transaction.atomic
def outcomes_load(today: datetime.date | None = None) -> int:
    """Follow-ups, answers, placements and disability data for the demo; once."""
    if Cohort.all_objects.filter(code=MARKER).exists():
        return 0
    today = today or timezone.localdate()
    learner = Person.objects.filter(user__username="learner").first()
    course = Course.objects.filter(code="YTH-103").first()
    site = Site.objects.filter(code="cdc-faza").first()
    admin = User.objects.filter(username="admin").first()
    if learner is None or course is None or site is None or admin is None:
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    ended = today - datetime.timedelta(days=DAYS_SINCE)
    others = list(
        Person.objects.filter(audience=Person.Audience.YOUTH, user__isnull=True)
        .exclude(pk__in=Enrolment.all_objects.values("person_id"))
        .exclude(nominations__isnull=False)
        .order_by("pk")[:GRADUATES]
    )
    people = [learner, *others]
    for person in people:
        _consent(person, "follow_up", ended - datetime.timedelta(days=5))
    completions = _history(course, site, people, ended)
    for completion in completions:
        follow_ups_schedule(completion, today=ended)

    for index, completion in enumerate(completions[1:]):
        waves = {item.wave: item for item in FollowUp.objects.filter(completion=completion)}
        by_phone = index % 3 == 2
        converted = index < CONVERTED
        base = _answer(rng, converted, ended)
        early = dict(base)
        if converted and isinstance(base["role_started_on"], datetime.date):
            # Before the role started they were still looking.
            early = _answer(rng, False, ended) | {"employment_status": "unemployed_looking"}
            early["sector"] = ""
        for wave in (3, 6):
            follow_up = waves[wave]
            if rng.random() < 0.25:
                follow_up_send(follow_up, today=follow_up.opens_on)  # sent, never answered
                continue
            day = follow_up.opens_on + datetime.timedelta(days=rng.randint(2, 40))
            started = base["role_started_on"]
            data = base if isinstance(started, datetime.date) and started <= day else early
            _answer_wave(follow_up, dict(data), by_phone=by_phone, admin=admin, day=day)
        twelve = waves[12]
        if index < ANSWERED_AT_TWELVE:
            day = min(today, twelve.opens_on + datetime.timedelta(days=rng.randint(1, 60)))
            _answer_wave(twelve, dict(base), by_phone=by_phone, admin=admin, day=day)
        else:
            follow_up_send(twelve, today=twelve.opens_on)  # open, not answered yet
    follow_ups_mark_no_response(today)

    # The learner's own 12-month survey: open now, with the published link.
    learner_waves = {item.wave: item for item in FollowUp.objects.filter(completion=completions[0])}
    follow_up_send(learner_waves[12], today=today, token=LEARNER_TOKEN)

    # Placements the programme office recorded; two verified with the employer.
    for number, completion in enumerate(completions[1:4]):
        placement = placement_record(
            person=completion.person,
            values={
                "employer": ("Ajira Digital Hub", "Twiga Foods", "Lamu County ICT Office")[number],
                "tech_role": True,
                "started_on": ended + datetime.timedelta(days=60 + 30 * number),
                "sector": ("private", "private", "public")[number],
                "completion": completion,
            },
            by=admin,
            today=today,
        )
        if number < 2:
            placement_verify(placement, by=admin, today=ended + datetime.timedelta(days=120))

    # Washington Group answers for those who consented to disability data (about half).
    for number, person in enumerate(people):
        if number % 2:
            continue
        _consent(person, "disability", ended - datetime.timedelta(days=5))
        answers = dict.fromkeys(WG_DOMAINS, 1)
        if number in (4, 10):
            answers["walking" if number == 4 else "seeing"] = 3
        elif number % 6 == 0:
            answers["seeing"] = 2
        disability_status_record(person=person, answers=answers, by=None, today=ended)

    # The Mombasa civil servants who completed today: follow-up consent, three surveys each.
    for completion in Completion.objects.filter(
        enrolment__cohort__code="demo-mombasa-cs-101"
    ).select_related("person"):
        _consent(completion.person, "follow_up", today)
        follow_ups_schedule(completion, today=today)
    return len(completions)
