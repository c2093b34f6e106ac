"""Every write of the assessment app: skills checks, self-assessment, evidence, overrides.

Each function is one use case in one transaction; records are written through
``ujuzi.core.records`` so that they are journaled and audited.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from ujuzi.assessment import adaptive
from ujuzi.assessment.estimates import (
    SELF_ASSESSMENT_CONFIDENCE,
    EvidenceFact,
    combine,
    estimate_key,
)
from ujuzi.assessment.models import (
    DiagnosticAttempt,
    DiagnosticResponse,
    Evidence,
    Question,
    RoleProfileOverride,
    SkillEstimate,
)
from ujuzi.assessment.scoring import AnswerError, answer_correct, answer_read
from ujuzi.assessment.selectors import DiagnosticState, diagnostic_state, track_get
from ujuzi.catalog.models import Course, CourseOutcome
from ujuzi.competencies.models import Competency, Framework, RoleProfile
from ujuzi.core.ids import uuid7
from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_delete, record_update
from ujuzi.people.models import Person


class AssessmentError(ValueError):
    """A request the assessment rules do not allow, with a message for the user."""


@transaction.atomic
def diagnostic_start(
    person: Person, framework: Framework, track: str, *, by: User | None
) -> DiagnosticAttempt:
    """Start a skills check for a track, or return the one the person left unfinished."""
    found = track_get(framework, track)
    if found is None:
        raise AssessmentError("unknown track")
    if not Question.objects.filter(competency__in=found.competencies).exists():
        raise AssessmentError("no questions")
    unfinished = DiagnosticAttempt.objects.filter(
        person=person, framework=framework, track=track, status=DiagnosticAttempt.Status.IN_PROGRESS
    ).first()
    if unfinished is not None:
        return unfinished
    return record_create(
        DiagnosticAttempt(
            person=person,
            framework=framework,
            track=track,
            status=DiagnosticAttempt.Status.IN_PROGRESS,
            seed=secrets.randbelow(2**31),
            started_at=timezone.now(),
        ),
        by=by,
        action="assessment.diagnostic.start",
    )


@transaction.atomic
def diagnostic_answer(
    attempt: DiagnosticAttempt, question_id: Any, form: Any, *, by: User | None
) -> DiagnosticState:
    """Mark the answer to the current question and move on; finish when nothing is left.

    An answer to any question but the current one (a second tab, the back button) is
    refused, so that each question is answered once and in order.
    """
    attempt = DiagnosticAttempt.objects.select_for_update().get(pk=attempt.pk)
    state = diagnostic_state(attempt)
    if state.finished or state.question is None:
        raise AssessmentError("finished")
    if str(state.question.pk) != str(question_id):
        raise AssessmentError("stale")
    answer = answer_read(state.question.kind, state.question.options, form)
    record_create(
        DiagnosticResponse(
            attempt=attempt,
            question=state.question,
            position=len(state.answered) + 1,
            answer=answer,
            correct=answer_correct(state.question.kind, state.question.answer, answer),
        ),
        by=by,
        action="assessment.diagnostic.answer",
    )
    state = diagnostic_state(attempt)
    if state.question is None:
        _diagnostic_finish(attempt, state, by=by)
        state = diagnostic_state(attempt)
    return state


def _diagnostic_finish(
    attempt: DiagnosticAttempt, state: DiagnosticState, *, by: User | None
) -> None:
    now = timezone.now()
    record_update(
        attempt,
        changes={"status": DiagnosticAttempt.Status.FINISHED, "finished_at": now},
        by=by,
        action="assessment.diagnostic.finish",
    )
    for competency in state.competencies:
        result = adaptive.estimate(state.answers_for(competency.pk), state.top)
        if result.answered == 0:
            continue
        record_create(
            Evidence(
                person_id=attempt.person_id,
                competency=competency,
                source=Evidence.Source.DIAGNOSTIC,
                level=result.level,
                confidence=result.confidence,
                observed_at=now,
                attempt=attempt,
            ),
            by=by,
            action="assessment.evidence.add",
        )
    estimates_refresh(attempt.person_id, [c.pk for c in state.competencies], by=by)


@transaction.atomic
def self_assessment_record(
    person: Person, competency: Competency, level: int, *, by: User | None
) -> Evidence:
    """A person rates themselves against a competency's descriptors (0: not yet level 1)."""
    top = competency.framework.levels.count()
    if competency.kind != Competency.Kind.COMPETENCY or not 0 <= level <= top:
        raise AnswerError("level out of range")
    evidence = record_create(
        Evidence(
            person=person,
            competency=competency,
            source=Evidence.Source.SELF,
            level=level,
            confidence=SELF_ASSESSMENT_CONFIDENCE,
            observed_at=timezone.now(),
        ),
        by=by,
        action="assessment.evidence.add",
    )
    estimates_refresh(person.pk, [competency.pk], by=by)
    return evidence


@dataclass(frozen=True)
class Claim:
    """One level in one competency that another part of the programme attests."""

    competency_id: Any
    level: int
    confidence: float


def evidence_add_many(
    *,
    person_id: Any,
    source: str,
    claims: Iterable[Claim],
    observed_at: datetime.datetime,
    note: str = "",
    course: Course | None = None,
    by: User | None,
) -> list[Evidence]:
    """Record what a course or a partner's certificate attests, and re-estimate once."""
    claims = list(claims)
    with transaction.atomic():
        evidence = [
            record_create(
                Evidence(
                    person_id=person_id,
                    competency_id=claim.competency_id,
                    source=source,
                    level=claim.level,
                    confidence=claim.confidence,
                    observed_at=observed_at,
                    note=note[:200],
                    course=course,
                ),
                by=by,
                action="assessment.evidence.add",
            )
            for claim in claims
        ]
        estimates_refresh(person_id, [claim.competency_id for claim in claims], by=by)
    return evidence


# How sure a course result is of its levels: a final assessment checks them; attendance
# alone only suggests them.
COURSE_CONFIDENCE_ASSESSED = 0.9
COURSE_CONFIDENCE_ATTENDED = 0.7


def course_evidence_add(
    *,
    person_id: Any,
    course: Course,
    on: datetime.date,
    assessed: bool,
    by: User | None,
) -> list[Evidence]:
    """What completing a course shows: evidence at each level the course develops.

    Every completion, however it is recorded (a cohort closed, history loaded, a node's
    sync), comes through here, so the skill profile and the pathway see it. One
    re-estimate covers all the course's competencies.
    """
    confidence = COURSE_CONFIDENCE_ASSESSED if assessed else COURSE_CONFIDENCE_ATTENDED
    outcomes = CourseOutcome.objects.filter(course=course).values_list("competency_id", "level")
    return evidence_add_many(
        person_id=person_id,
        source=Evidence.Source.COURSE,
        claims=[Claim(competency_id, level, confidence) for competency_id, level in outcomes],
        observed_at=datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC),
        note=f"{course.code} {on.isoformat()}",
        course=course,
        by=by,
    )


def estimates_refresh(person_id: Any, competency_ids: list[Any], *, by: User | None) -> None:
    """Recompute a person's estimates for some competencies from all their evidence."""
    facts: dict[Any, list[EvidenceFact]] = {pk: [] for pk in competency_ids}
    for row in Evidence.objects.filter(person_id=person_id, competency_id__in=competency_ids):
        facts[row.competency_id].append(
            EvidenceFact(row.source, row.level, row.confidence, row.observed_at)
        )
    current = {
        e.competency_id: e
        for e in SkillEstimate.objects.filter(person_id=person_id, competency_id__in=competency_ids)
    }
    for competency_id, evidence in facts.items():
        result = combine(evidence)
        kept = current.get(competency_id)
        if result is None:
            if kept is not None:
                record_delete(kept, by=by, action="assessment.estimate.delete")
            continue
        values = {
            "level": result.level,
            "confidence": result.confidence,
            "evidence_count": result.evidence_count,
        }
        if kept is None:
            key = estimate_key(person_id, competency_id)
            if SkillEstimate.all_objects.filter(pk=key).exists():  # removed once, made again
                key = uuid7()
            record_create(
                SkillEstimate(id=key, person_id=person_id, competency_id=competency_id, **values),
                by=by,
                action="assessment.estimate.create",
            )
        elif any(getattr(kept, name) != value for name, value in values.items()):
            record_update(kept, changes=values, by=by, action="assessment.estimate.update")


@transaction.atomic
def role_profile_override_set(
    person: Person, role_profile: RoleProfile | None, *, reason: str, by: User | None
) -> RoleProfileOverride | None:
    """Give a person a role profile by hand, or (None) return them to the rule."""
    kept = RoleProfileOverride.objects.filter(person=person).first()
    if kept is None and role_profile is None:
        return None
    if kept is None:
        return record_create(
            RoleProfileOverride(person=person, role_profile=role_profile, reason=reason, set_by=by),
            by=by,
            action="assessment.roleprofile.override",
        )
    return record_update(
        kept,
        changes={
            "role_profile": role_profile,
            "reason": reason,
            "set_by": by,
        },
        by=by,
        action="assessment.roleprofile.override",
    )
