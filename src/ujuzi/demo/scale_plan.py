"""Planning the demo's history: who takes which courses, in which cohorts, with what consent.

The outcomes that follow a completion (follow-ups, answers, placements) are planned by
the base class, ``scale_outcomes.OutcomePlanner``; ``ujuzi.demo.scale`` writes the plan.
"""

from __future__ import annotations

import datetime
import math
import uuid
from typing import Any

from ujuzi.catalog.models import Course, DeliveryMode
from ujuzi.core.ids import uuid7
from ujuzi.core.node import clock_values
from ujuzi.delivery.models import Cohort, Completion, Enrolment
from ujuzi.demo.scale_outcomes import CourseInfo, OutcomePlanner, Plan
from ujuzi.outcomes.models import WG_DOMAINS, DisabilityStatus
from ujuzi.outcomes.windows import add_months
from ujuzi.people.models import ConsentEvent, Person
from ujuzi.people.services import CURRENT_NOTICE_VERSION
from ujuzi.places.models import Site

MARKER = "scale-"  # the code prefix of every cohort made here
MONTHS = 30  # of history, ending with last month
SEATS = {"campus": 30, "online": 40}  # a cohort's seats; others take the site's own
EXECUTIVE_GRADES = frozenset({"R", "S", "T"})
# Share of each audience that takes at least one course.
TAKES_PART = {"civil_servant": 0.55, "youth": 0.7, "other": 0.6}
COMPLETES = {"civil_servant": 0.85, "youth": 0.72, "other": 0.7}
TRACK_COMPLETES = 0.6  # industry certification tracks are harder


class Planner(OutcomePlanner):
    """Plans each person's history in turn; cohorts fill across chunks as people come."""

    def __init__(self, *, seed: int, today: datetime.date, staff_id: uuid.UUID) -> None:
        super().__init__(seed=seed, today=today, staff_id=staff_id)
        first = add_months(today.replace(day=1), -MONTHS)
        self.months = [add_months(first, index) for index in range(MONTHS)]
        self.month_weights = [index + 10 for index in range(MONTHS)]  # the programme grows
        self.courses = self._courses()
        self.queue_clock = clock_values()  # places ask in the order people are planned
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
                    "queued_clock": self.queue_clock(),
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
