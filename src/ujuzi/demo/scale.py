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

The planning is in ``scale_plan`` (courses, cohorts, consents, disability data) and its
base in ``scale_outcomes`` (follow-ups, answers, placements): the two share one random
stream and the cohorts that fill as people come. This module reads the people and writes
what is planned.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any

from django.db import models, transaction

from ujuzi.core.bulk import background_writes, roomy_page_cache
from ujuzi.core.crypto import Sealer, data_keys_for, data_keys_new
from ujuzi.core.ids import uuid7
from ujuzi.core.models import User
from ujuzi.core.records import RecordsBulkWriter
from ujuzi.delivery.models import Cohort, Completion, Enrolment
from ujuzi.demo.scale_outcomes import Plan
from ujuzi.demo.scale_plan import MARKER, Planner
from ujuzi.outcomes.models import DisabilityStatus, FollowUp, FollowUpAnswer, Placement
from ujuzi.people.models import ConsentEvent, Person

CHUNK = 5000  # people planned and written per transaction


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
