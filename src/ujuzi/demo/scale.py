"""Two and a half years of programme activity for the demo's generated people, in bulk.

For every generated person (not the six logins' people, nor anyone the small demo has
already placed in a cohort) this plans a history and writes it through the bulk path
(``RecordsBulkWriter``: journaled, sealed under each person's data key, audited):

- closed cohorts, one a month per course, site and language while seats last, at the sites
  the course is delivered in (campuses, online and county centres for civil servants; the
  learner's own centre or mobile lab, or online, for young people and Rwandan learners);
- enrolments (about 55 % of civil servants and 70 % of young people take one to three
  courses, each in its own month so that no one is booked twice at once; women are a little
  less likely to enrol, so they are 45 to 50 % of learners) ending completed, not completed or
  dropped out; completions with attendance and, where the course has one, the score;
- follow-ups at 3, 6 and 12 months for those who consented (about 95 %): scheduled, sent,
  answered (about 55 to 70 %) or without a response according to their window and today's
  date; answers where a technology role starts for about 40 to 50 % of graduates depending
  on the track; civil servants report applied skills;
- placements, some verified, for part of those in technology roles;
- consent to follow-up (young people and others) and to disability data (about half of
  the learners), and Washington Group answers for those who consented (about 4 % with a
  disability).

Certificates are not issued here: each is a signed credential and signing hundreds of
thousands is the periodic job's work, not a demo load's. Nor are sessions and attendance
marks generated: completions carry the attendance share. The same seed and the same
people always give the same history.

One module past the usual length: the planner's parts share one random stream and the
cohorts that fill as people come, and splitting them would only pass that state around.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from django.db import models, transaction

from ujuzi.catalog.models import Course, DeliveryMode
from ujuzi.core.bulk import background_writes, roomy_page_cache
from ujuzi.core.crypto import Sealer, data_keys_for, data_keys_new
from ujuzi.core.ids import uuid7
from ujuzi.core.models import User
from ujuzi.core.node import next_clock
from ujuzi.core.records import RecordsBulkWriter
from ujuzi.delivery.models import Cohort, Completion, Enrolment
from ujuzi.outcomes.models import (
    WG_DOMAINS,
    DisabilityStatus,
    FollowUp,
    FollowUpAnswer,
    Placement,
    Sector,
)
from ujuzi.outcomes.windows import WAVES, add_months, window_for
from ujuzi.people.models import ConsentEvent, Person
from ujuzi.people.services import CURRENT_NOTICE_VERSION
from ujuzi.places.models import Site

MARKER = "scale-"  # the code prefix of every cohort made here
CHUNK = 5000  # people planned and written per transaction
MONTHS = 30  # of history, ending with last month
SEATS = {"campus": 30, "online": 40}  # a cohort's seats; others take the site's own
EXECUTIVE_GRADES = frozenset({"R", "S", "T"})
# Share of each audience that takes at least one course.
TAKES_PART = {"civil_servant": 0.55, "youth": 0.7, "other": 0.6}
COMPLETES = {"civil_servant": 0.85, "youth": 0.72, "other": 0.7}
TRACK_COMPLETES = 0.6  # industry certification tracks are harder
# Answer rates by audience, adjusted by wave: between about 55 % and 70 %.
ANSWERS = {"civil_servant": 0.68, "youth": 0.62, "other": 0.6}
WAVE_ADJUSTMENT = {3: 0.04, 6: 0.0, 12: -0.05}
# Share of graduates who start a technology role (some after the first year), by track.
TECH_ROLE = {
    "youth-digital-skills-and-jobs": 0.42,
    "artificial-intelligence": 0.46,
    "cloud": 0.53,
    "cybersecurity": 0.5,
    "data": 0.49,
    "datacom": 0.43,
}
LEVEL_BONUS = {"associate": 0.0, "professional": 0.03, "expert": 0.05}
EMPLOYERS = (
    "Safaricom PLC",
    "Kenya Power",
    "Equity Bank",
    "Andela Kenya",
    "Twiga Foods",
    "M-KOPA",
    "Cellulant",
    "Ajira Digital Hub",
    "County Government ICT Office",
    "Konza Technopolis",
)
OTHER_WORK = (  # what a graduate without a technology role is doing, with weights
    (FollowUpAnswer.Employment.EMPLOYED, 22),
    (FollowUpAnswer.Employment.SELF_EMPLOYED, 12),
    (FollowUpAnswer.Employment.UNEMPLOYED_LOOKING, 40),
    (FollowUpAnswer.Employment.STUDYING, 18),
    (FollowUpAnswer.Employment.NOT_LOOKING, 8),
)
SKILLS_USE = ("never", "sometimes", "often", "daily")


@dataclass
class ScaleResult:
    """How many records of each kind the load wrote."""

    cohorts: int = 0
    enrolments: int = 0
    completions: int = 0
    follow_ups: int = 0
    answers: int = 0
    placements: int = 0
    consents: int = 0
    disability_statuses: int = 0

    def add(self, other: ScaleResult) -> None:
        """Add another chunk's counts."""
        for item in fields(self):
            setattr(self, item.name, getattr(self, item.name) + getattr(other, item.name))


@dataclass(frozen=True)
class CourseInfo:
    """What planning needs of a course."""

    id: uuid.UUID
    code: str
    track: str  # the partner track, or the programme's code
    level: str
    kinds: tuple[str, ...]  # site kinds it is delivered at
    languages: tuple[str, ...]
    days: int
    min_attendance: int
    pass_mark: int | None


@dataclass
class Plan:
    """The records planned for one chunk of people, as rows by attribute name."""

    rows: dict[type[models.Model], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[models.Model], row: dict[str, Any]) -> None:
        """Queue one row."""
        self.rows.setdefault(model, []).append(row)


# Written in this order, so that every key a row names already exists.
ORDER: tuple[type[models.Model], ...] = (
    Cohort,
    Enrolment,
    Completion,
    FollowUp,
    FollowUpAnswer,
    Placement,
    ConsentEvent,
    DisabilityStatus,
)


class Planner:
    """Plans each person's history in turn; cohorts fill across chunks as people come."""

    def __init__(self, *, seed: int, today: datetime.date, staff_id: uuid.UUID) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.today = today
        self.staff_id = staff_id
        first = add_months(today.replace(day=1), -MONTHS)
        self.months = [add_months(first, index) for index in range(MONTHS)]
        self.month_weights = [index + 10 for index in range(MONTHS)]  # the programme grows
        self.courses = self._courses()
        self.sites: dict[str, list[tuple[uuid.UUID, str | None, int]]] = {}
        self.site_kind: dict[uuid.UUID, str] = {}
        for site in Site.objects.order_by("code"):
            self.sites.setdefault(site.kind, []).append((site.pk, site.area_id, site.seats))
            self.site_kind[site.pk] = site.kind
        self.centres_by_area: dict[str, list[uuid.UUID]] = {}
        for site_id, area_id, _seats in self.sites.get("community_centre", []):
            if area_id:
                self.centres_by_area.setdefault(area_id, []).append(site_id)
        self.seats = {
            site_id: seats for group in self.sites.values() for site_id, _, seats in group
        }
        # Equal dates and times are handed out as one object: the bulk journal encodes
        # a value once per object, and most records share their days with others.
        self._values: dict[Any, Any] = {}
        self._windows: dict[tuple[datetime.date, int], tuple[datetime.date, ...]] = {}
        # (course, site, language, month) -> [cohort id, seats taken, seats, number]
        self.open_cohorts: dict[tuple[Any, ...], list[Any]] = {}
        self.cohort_numbers: dict[tuple[Any, ...], int] = {}

    @staticmethod
    def _courses() -> dict[str, list[CourseInfo]]:
        kinds = {
            DeliveryMode.CAMPUS: "campus",
            DeliveryMode.COMMUNITY_CENTRE: "community_centre",
            DeliveryMode.MOBILE_LAB: "mobile_lab",
            DeliveryMode.ONLINE: "online",
        }
        groups: dict[str, list[CourseInfo]] = {}
        for course in Course.objects.select_related("programme").order_by("position", "code"):
            info = CourseInfo(
                id=course.pk,
                code=course.code,
                track=course.partner_track or course.programme.code,
                level=course.partner_level,
                kinds=tuple(kinds[mode] for mode in course.delivery_modes if mode in kinds),
                languages=tuple(course.languages) or ("en",),
                days=max(1, min(20, math.ceil(course.duration_hours / 6))),
                min_attendance=course.min_attendance_percent,
                pass_mark=course.pass_mark_percent,
            )
            if course.partner_track:
                group = f"track-{course.partner_level}"
            elif course.executive:
                group = "executive"
            else:
                group = course.programme.code
            groups.setdefault(group, []).append(info)
        return groups

    def _one(self, value: Any) -> Any:
        if len(self._values) > 100_000:  # only a saving: start again rather than grow
            self._values.clear()
        return self._values.setdefault(value, value)

    def _at(self, day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
        return self._one(datetime.datetime.combine(day, datetime.time(hour, minute), datetime.UTC))

    def _window(self, completed_on: datetime.date, wave: int) -> tuple[datetime.date, ...]:
        key = (completed_on, wave)
        window = self._windows.get(key)
        if window is None:
            found = window_for(completed_on, wave)
            window = (found.due_on, found.opens_on, found.closes_on)
            window = self._windows[key] = tuple(self._one(day) for day in window)
        return window

    # -- choosing courses and cohorts -------------------------------------------------

    def _choose_course(self, person: tuple[Any, ...]) -> CourseInfo:
        rng, audience, grade = self.rng, person[1], person[6]
        if audience == Person.Audience.CIVIL_SERVANT:
            if rng.random() < 0.08:
                return rng.choice(self.courses["track-associate"])
            if grade in EXECUTIVE_GRADES and rng.random() < 0.4:
                return rng.choice(self.courses["executive"])
            programme = rng.choices(
                (
                    "digital-skills-for-public-servants",
                    "cybersecurity",
                    "data-and-ai-for-policy",
                    "digital-government-and-infrastructure",
                ),
                weights=(4, 3, 2, 2),
            )[0]
            return rng.choice(self.courses[programme])
        if rng.random() < 0.2:
            return rng.choice(self.courses["track-associate"])
        return rng.choice(self.courses["youth-digital-skills-and-jobs"])

    def _choose_site(self, person: tuple[Any, ...], course: CourseInfo) -> uuid.UUID:
        rng, audience, area_id, own_site = self.rng, person[1], person[2], person[4]
        if own_site is not None and self.site_kind.get(own_site) in course.kinds:
            return own_site  # young people learn where they registered
        if audience == Person.Audience.CIVIL_SERVANT:
            roll = rng.random()
            near = self.centres_by_area.get(area_id or "")
            if roll < 0.15 and near and "community_centre" in course.kinds:
                return rng.choice(near)
            if (roll < 0.5 or "campus" not in course.kinds) and "online" in course.kinds:
                return self.sites["online"][0][0]
        if "campus" in course.kinds and (audience == Person.Audience.CIVIL_SERVANT):
            return rng.choice(self.sites["campus"])[0]
        if "online" in course.kinds:
            return self.sites["online"][0][0]
        return rng.choice(self.sites[course.kinds[0]])[0]

    def _cohort(
        self, plan: Plan, course: CourseInfo, site_id: uuid.UUID, month: int
    ) -> tuple[uuid.UUID, datetime.date, datetime.date]:
        kind = self.site_kind[site_id]
        language = "en"
        if "sw" in course.languages and kind in ("community_centre", "mobile_lab"):
            language = "sw" if self.rng.random() < 0.5 else "en"
        key = (course.id, site_id, language, month)
        current = self.open_cohorts.get(key)
        if current is None or current[1] >= current[2]:
            number = self.cohort_numbers.get(key, 0) + 1
            self.cohort_numbers[key] = number
            starts_on = self.months[month] + datetime.timedelta(days=2 * (number % 4))
            ends_on = starts_on + datetime.timedelta(days=course.days - 1)
            seats = SEATS.get(kind) or self.seats[site_id] or 25
            cohort_id = uuid7()
            plan.add(
                Cohort,
                {
                    "id": cohort_id,
                    "code": f"{MARKER}{course.code.lower()}-{self.months[month]:%Y%m}-"
                    f"{str(site_id)[-8:]}-{language}-{number}",
                    "course_id": course.id,
                    "site_id": site_id,
                    "language": language,
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "capacity": seats,
                    "is_open": kind in ("community_centre", "mobile_lab"),
                    "closed_on": ends_on,
                },
            )
            current = self.open_cohorts[key] = [cohort_id, 0, seats, starts_on, ends_on]
        current[1] += 1
        return current[0], current[3], current[4]

    def _months(self) -> list[int]:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(70, 24, 6))[0]
        first = rng.choices(range(MONTHS), weights=self.month_weights)[0]
        chosen = [first]
        while len(chosen) < count and chosen[-1] + 1 < MONTHS:
            chosen.append(rng.randint(chosen[-1] + 1, min(MONTHS - 1, chosen[-1] + 6)))
        return chosen

    # -- one person -------------------------------------------------------------------

    def person(self, plan: Plan, person: tuple[Any, ...]) -> None:
        """Plan one person's courses, outcomes and consents.

        ``person`` is (id, audience, area, institution, registered site, date of birth,
        grade, sex).
        """
        rng = self.rng
        person_id, audience = person[0], person[1]
        share = TAKES_PART.get(audience, 0.6) * (0.86 if person[7] == "female" else 1.0)
        if rng.random() >= share:
            return
        civil = audience == Person.Audience.CIVIL_SERVANT
        completed: list[tuple[uuid.UUID, CourseInfo, datetime.date]] = []
        first_start: datetime.date | None = None
        taken: set[uuid.UUID] = set()
        for month in self._months():
            course = self._choose_course(person)
            if course.id in taken:
                continue
            taken.add(course.id)
            site_id = self._choose_site(person, course)
            cohort_id, starts_on, ends_on = self._cohort(plan, course, site_id, month)
            first_start = first_start or starts_on
            chance = TRACK_COMPLETES if course.level else COMPLETES.get(audience, 0.7)
            done = rng.random() < chance
            score = None
            if done:
                status = Enrolment.Status.COMPLETED
                if course.pass_mark is not None:
                    score = rng.randint(course.pass_mark, 100)
            elif rng.random() < 0.6:
                status = Enrolment.Status.DROPPED_OUT
            else:
                status = Enrolment.Status.NOT_COMPLETED
                if course.pass_mark is not None:
                    score = rng.randint(30, course.pass_mark - 1)
            enrolment_id = uuid7()
            plan.add(
                Enrolment,
                {
                    "id": enrolment_id,
                    "cohort_id": cohort_id,
                    "person_id": person_id,
                    "status": status,
                    "source": Enrolment.Source.NOMINATION if civil else Enrolment.Source.SELF,
                    "queued_clock": next_clock(),
                    "final_score": score,
                },
            )
            if done:
                completion_id = uuid7()
                plan.add(
                    Completion,
                    {
                        "id": completion_id,
                        "enrolment_id": enrolment_id,
                        "person_id": person_id,
                        "course_id": course.id,
                        "completed_on": ends_on,
                        "attendance_percent": rng.randint(course.min_attendance, 100),
                        "final_score": score,
                    },
                )
                completed.append((completion_id, course, ends_on))
        if first_start is None:
            return
        consent_at = self._at(first_start, 6, rng.randint(0, 59))
        follows_up = rng.random() < 0.95
        if follows_up:
            self._consent(plan, person_id, ConsentEvent.Purpose.OUTCOME_FOLLOW_UP, consent_at)
        if rng.random() < (0.35 if civil else 0.55):
            self._consent(plan, person_id, ConsentEvent.Purpose.DISABILITY_DATA, consent_at)
            self._disability(plan, person_id, first_start)
        if completed and follows_up:
            self._outcomes(plan, person_id, audience, completed)

    def _consent(
        self, plan: Plan, person_id: uuid.UUID, purpose: str, at: datetime.datetime
    ) -> None:
        plan.add(
            ConsentEvent,
            {
                "person_id": person_id,
                "purpose": purpose,
                "decision": ConsentEvent.Decision.GIVEN,
                "notice_version": CURRENT_NOTICE_VERSION,
                "decided_at": at,
                "channel": ConsentEvent.Channel.PAPER,
            },
        )

    def _disability(self, plan: Plan, person_id: uuid.UUID, on: datetime.date) -> None:
        rng = self.rng
        answers = {domain: 2 if rng.random() < 0.06 else 1 for domain in WG_DOMAINS}
        if rng.random() < 0.042:
            answers[rng.choice(WG_DOMAINS)] = rng.choice((3, 3, 3, 4))
        plan.add(
            DisabilityStatus,
            {
                "person_id": person_id,
                "answers": answers,  # sealed when written
                "with_disability": any(level >= 3 for level in answers.values()),
                "recorded_on": on,
            },
        )

    def _outcomes(
        self,
        plan: Plan,
        person_id: uuid.UUID,
        audience: str,
        completed: list[tuple[uuid.UUID, CourseInfo, datetime.date]],
    ) -> None:
        rng, today = self.rng, self.today
        civil = audience == Person.Audience.CIVIL_SERVANT
        first_done = completed[0][2]
        tech_start: datetime.date | None = None
        if civil:
            if rng.random() < 0.08:
                tech_start = self._one(first_done + datetime.timedelta(days=rng.randint(30, 330)))
        else:
            chance = max(
                TECH_ROLE.get(course.track, 0.4) + LEVEL_BONUS.get(course.level, 0.0)
                for _, course, _ in completed
            )
            if rng.random() < chance:
                tech_start = self._one(first_done + datetime.timedelta(days=rng.randint(15, 400)))
        answer_rate = ANSWERS.get(audience, 0.6)
        for completion_id, _course, completed_on in completed:
            for wave in WAVES:
                self._follow_up(
                    plan, person_id, civil, completion_id, completed_on, wave,
                    answer_rate + WAVE_ADJUSTMENT[wave], tech_start,
                )  # fmt: skip
        month_ago = today - datetime.timedelta(days=30)
        if tech_start is not None and tech_start <= month_ago and rng.random() < 0.35:
            verified = rng.random() < 0.7
            verified_on = self._one(tech_start + datetime.timedelta(days=rng.randint(21, 60)))
            verified = verified and verified_on <= today
            plan.add(
                Placement,
                {
                    "person_id": person_id,
                    "completion_id": completed[0][0],
                    "employer": rng.choice(EMPLOYERS),
                    "tech_role": True,
                    "started_on": tech_start,
                    "sector": Sector.PUBLIC if civil else Sector.PRIVATE,
                    "verified": verified,
                    "verified_by_id": self.staff_id if verified else None,
                    "verified_on": verified_on if verified else None,
                    "recorded_by_id": self.staff_id,
                },
            )

    def _follow_up(
        self,
        plan: Plan,
        person_id: uuid.UUID,
        civil: bool,
        completion_id: uuid.UUID,
        completed_on: datetime.date,
        wave: int,
        answer_rate: float,
        tech_start: datetime.date | None,
    ) -> None:
        rng, today = self.rng, self.today
        due, opens, closes = self._window(completed_on, wave)
        row: dict[str, Any] = {
            "id": uuid7(),
            "completion_id": completion_id,
            "person_id": person_id,
            "wave": wave,
            "due_on": due,
            "opens_on": opens,
            "closes_on": closes,
            "status": FollowUp.Status.SCHEDULED,
        }
        plan.add(FollowUp, row)
        if opens > today:
            return
        row["sent_at"] = self._at(opens, 6)
        last = min(closes, today)
        elapsed = ((last - opens).days + 1) / ((closes - opens).days + 1)
        if rng.random() >= answer_rate * min(1.0, 0.4 + elapsed):
            if closes < today:
                row["status"] = FollowUp.Status.NO_RESPONSE
            else:  # still open: the link (whose token only the message held) may come back
                row["status"] = FollowUp.Status.SENT
                row["link_secret_hash"] = hashlib.sha256(rng.randbytes(32)).hexdigest()
            return
        answered_on = self._one(
            opens + datetime.timedelta(days=rng.randint(0, (last - opens).days))
        )
        row["status"] = FollowUp.Status.ANSWERED
        row["answered_at"] = self._at(answered_on, rng.randint(5, 17), rng.randint(0, 59))
        by_phone = rng.random() < 0.3
        answer: dict[str, Any] = {
            "follow_up_id": row["id"],
            "person_id": person_id,
            "channel": FollowUpAnswer.Channel.PHONE if by_phone else FollowUpAnswer.Channel.LINK,
            "recorded_by_id": self.staff_id if by_phone else None,
            "answered_on": answered_on,
            "skills_use": rng.choices(SKILLS_USE, weights=(1, 4, 4, 3))[0],
        }
        in_tech = tech_start is not None and tech_start <= answered_on
        if civil:
            answer.update(
                employment_status=FollowUpAnswer.Employment.EMPLOYED,
                sector=Sector.PUBLIC,
                promoted=rng.random() < 0.1,
                new_digital_responsibilities=rng.random() < 0.45,
                digital_project_led=rng.random() < 0.18,
            )
        elif in_tech:
            answer["employment_status"] = rng.choices(
                (FollowUpAnswer.Employment.EMPLOYED, FollowUpAnswer.Employment.SELF_EMPLOYED),
                weights=(75, 25),
            )[0]
            answer["sector"] = (
                Sector.SELF_EMPLOYED
                if answer["employment_status"] == FollowUpAnswer.Employment.SELF_EMPLOYED
                else rng.choice((Sector.PRIVATE, Sector.PRIVATE, Sector.PUBLIC, Sector.NGO))
            )
        else:
            status = rng.choices([item for item, _ in OTHER_WORK], [w for _, w in OTHER_WORK])[0]
            answer["employment_status"] = status
            if status == FollowUpAnswer.Employment.EMPLOYED:
                answer["sector"] = rng.choice((Sector.PRIVATE, Sector.PUBLIC, Sector.NGO))
            elif status == FollowUpAnswer.Employment.SELF_EMPLOYED:
                answer["sector"] = Sector.SELF_EMPLOYED
        if in_tech:
            answer["tech_role"] = True
            answer["role_started_on"] = tech_start
        plan.add(FollowUpAnswer, answer)


# What planning reads of a person, in this order (see ``Planner.person``).
PERSON_FIELDS = (
    "pk",
    "audience",
    "area_id",
    "institution_id",
    "registered_at_site_id",
    "date_of_birth",
    "grade",
    "sensitive__sex",
)


def _unplaced() -> models.QuerySet[Person]:
    placed = Enrolment.all_objects.values("person_id")
    nominated = Person.objects.filter(nominations__isnull=False).values("pk")
    return Person.objects.filter(user__isnull=True).exclude(pk__in=placed).exclude(pk__in=nominated)


def _people(chunk: int) -> Iterator[list[tuple[Any, ...]]]:
    """The generated people, in the order they were generated, a chunk at a time.

    People the small demo already placed in a cohort (or put forward for one) keep only
    that story. Keys are UUIDv7, so their order is the order of insertion.
    """
    query = _unplaced().order_by("pk").values_list(*PERSON_FIELDS)
    after: uuid.UUID | None = None
    while True:
        page = query.filter(pk__gt=after) if after is not None else query
        rows = list(page[:chunk])
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _write(plan: Plan, by: User | None) -> ScaleResult:
    """Write one chunk's rows, model by model, under the people's own data keys."""
    subjects = {
        row["person_id"] for model, rows in plan.rows.items() if model is not Cohort for row in rows
    }
    sealer = Sealer(data_keys_for(subjects, create=False))
    counts = ScaleResult()
    names: dict[type[models.Model], str] = {
        Cohort: "cohorts",
        Enrolment: "enrolments",
        Completion: "completions",
        FollowUp: "follow_ups",
        FollowUpAnswer: "answers",
        Placement: "placements",
        ConsentEvent: "consents",
        DisabilityStatus: "disability_statuses",
    }
    for model in ORDER:
        rows = plan.rows.get(model)
        if not rows:
            continue
        subject = None if model is Cohort else "person_id"
        writer_sealer = sealer
        if model is DisabilityStatus:
            # Each record is sealed under a key of its own, which withdrawing consent shreds.
            for row in rows:
                row["id"] = uuid7()
            writer_sealer = Sealer(data_keys_new([row["id"] for row in rows]), remember=False)
            for row in rows:
                row["answers_sealed"] = writer_sealer.seal(row["id"], row.pop("answers"))
            subject = "id"
        action = f"demo.scale.{names[model]}"
        writer = RecordsBulkWriter(model, by=by, action=action, subject=subject)
        writer.write(rows, sealer=writer_sealer)
        setattr(counts, names[model], writer.close())
    return counts


def scale_load(
    *,
    seed: int,
    today: datetime.date,
    progress: Callable[[int, int], None] | None = None,
) -> ScaleResult:
    """Give the generated people their history once; nothing when it is there already.

    Each chunk of people is planned and written in its own transaction, as the people
    themselves were loaded.
    """
    result = ScaleResult()
    if Cohort.all_objects.filter(code__startswith=MARKER).exists():
        return result
    staff = User.objects.filter(username="admin").values_list("pk", flat=True).first()
    planner = Planner(seed=seed, today=today, staff_id=staff)  # type: ignore[arg-type]
    done, total = 0, _unplaced().count()
    for people in _people(CHUNK):
        plan = Plan()
        for person in people:
            planner.person(plan, person)
        with transaction.atomic(), roomy_page_cache(), background_writes():
            result.add(_write(plan, None))
        done += len(people)
        if progress is not None:
            progress(done, total)
    return result
