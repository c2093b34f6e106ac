"""The outcome half of planning the demo's history: follow-ups, answers and placements.

``scale_plan.Planner`` builds on ``OutcomePlanner``: both halves draw from one random
stream, in one order, so one seed still gives one history. What both halves and the
loader share (``CourseInfo``, ``Plan``) is here, below them all, so that no two of the
modules import each other.
"""

from __future__ import annotations

import datetime
import hashlib
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from ujuzi.core.ids import uuid7
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer, Placement, Sector
from ujuzi.outcomes.windows import WAVES, window_for
from ujuzi.people.models import Person

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


class OutcomePlanner:
    """Plans what follows a person's completed courses, from the planner's random stream."""

    def __init__(self, *, seed: int, today: datetime.date, staff_id: uuid.UUID) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not security
        self.today = today
        self.staff_id = staff_id
        # Equal dates and times are handed out as one object: the bulk journal encodes
        # a value once per object, and most records share their days with others.
        self._values: dict[Any, Any] = {}
        self._windows: dict[tuple[datetime.date, int], tuple[datetime.date, ...]] = {}

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
