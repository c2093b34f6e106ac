"""Reads of skills checks, skill profiles and gaps, always for a person the caller may see.

``skill_profile_for`` and the pathway take the caller and go through the people policy
(``person_get_for``), so a person outside the caller's scope is "not found" and a staff
member's read of someone's profile is audited like a read of their record.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from ujuzi.assessment import adaptive
from ujuzi.assessment.models import (
    DiagnosticAttempt,
    DiagnosticResponse,
    Evidence,
    Question,
    RoleProfileOverride,
    SkillEstimate,
)
from ujuzi.assessment.scoring import right_answer
from ujuzi.competencies.models import Competency, Framework, LevelDescriptor, RoleProfile
from ujuzi.competencies.role_profiles import RoleProfiles, Target, role_profiles_read
from ujuzi.competencies.selectors import framework_current
from ujuzi.core.models import User
from ujuzi.people.models import Person, RoleAssignment
from ujuzi.people.policy import scope_for
from ujuzi.people.selectors import person_get_for

DEFAULT_FRAMEWORK = "public-service-digital"
Role = RoleAssignment.Role


@dataclass(frozen=True)
class Track:
    """A technical track of a framework and the competencies its skills check covers."""

    slug: str
    domain: Competency
    competencies: list[Competency]


def tracks(framework: Framework) -> list[Track]:
    """The framework's tracks, in framework order."""
    items = list(
        Competency.objects.filter(framework=framework).exclude(track="").order_by("position")
    )
    found: dict[str, Track] = {}
    for item in items:
        if item.kind == Competency.Kind.DOMAIN and item.track not in found:
            found[item.track] = Track(item.track, item, [])
    for item in items:
        if item.kind == Competency.Kind.COMPETENCY and item.track in found:
            found[item.track].competencies.append(item)
    return [track for track in found.values() if track.competencies]


def track_get(framework: Framework, slug: str) -> Track | None:
    """One track of a framework."""
    return next((track for track in tracks(framework) if track.slug == slug), None)


def learner_person(user: User | object) -> Person | None:
    """The person record of the signed-in learner (their own, so not audited)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("area").first()


def attempt_get_for(user: User | object, attempt_id: Any) -> DiagnosticAttempt | None:
    """An attempt of the signed-in person only: a skills check is taken by its owner."""
    person = learner_person(user)
    if person is None:
        return None
    return DiagnosticAttempt.objects.filter(pk=attempt_id, person=person).first()


def attempts_of(person: Person) -> list[DiagnosticAttempt]:
    """A person's skills checks, newest first."""
    return list(DiagnosticAttempt.objects.filter(person=person).order_by("-started_at"))


@dataclass
class DiagnosticState:
    """Where an attempt stands: what was answered and what comes next."""

    attempt: DiagnosticAttempt
    competencies: list[Competency]
    top: int
    answered: list[adaptive.Answered]
    responses: list[DiagnosticResponse]
    question: Question | None
    limit: int = adaptive.QUESTION_LIMIT

    @property
    def finished(self) -> bool:
        """True once the attempt is closed."""
        return self.attempt.status == DiagnosticAttempt.Status.FINISHED

    @property
    def number(self) -> int:
        """The current question's number, counting from 1."""
        return len(self.answered) + 1

    def answers_for(self, competency_id: Hashable) -> list[adaptive.Answered]:
        """The answers about one competency."""
        return [a for a in self.answered if a.competency == competency_id]

    def answers_with_right(self) -> list[tuple[DiagnosticResponse, list[str]]]:
        """Each response with the right answer (option keys, or the number)."""
        return [
            (response, right_answer(response.question.kind, response.question.answer))
            for response in self.responses
        ]

    def results(self) -> list[tuple[Competency, adaptive.Estimate]]:
        """Each competency with what the answers say about it."""
        return [(c, adaptive.estimate(self.answers_for(c.pk), self.top)) for c in self.competencies]


def question_bank(competency_ids: list[Any]) -> dict[Hashable, dict[int, list[Hashable]]]:
    """Question ids by competency and level."""
    bank: dict[Hashable, dict[int, list[Hashable]]] = {pk: {} for pk in competency_ids}
    for pk, competency_id, level in Question.objects.filter(
        competency_id__in=competency_ids
    ).values_list("pk", "competency_id", "level"):
        bank[competency_id].setdefault(level, []).append(pk)
    return bank


def diagnostic_state(attempt: DiagnosticAttempt) -> DiagnosticState:
    """Replay an attempt's answers to find the next question (nothing else is stored)."""
    track = track_get(attempt.framework, attempt.track)
    competencies = track.competencies if track else []
    top = attempt.framework.levels.count()
    responses = list(
        DiagnosticResponse.objects.filter(attempt=attempt)
        .select_related("question")
        .order_by("position")
    )
    answered = [
        adaptive.Answered(r.question.competency_id, r.question.level, r.question_id, r.correct)
        for r in responses
    ]
    question = None
    if attempt.status == DiagnosticAttempt.Status.IN_PROGRESS:
        step = adaptive.next_step(
            [c.pk for c in competencies],
            question_bank([c.pk for c in competencies]),
            top,
            answered,
            seed=attempt.seed,
        )
        if step is not None:
            question = Question.objects.select_related("competency").get(pk=str(step.question))
    return DiagnosticState(attempt, competencies, top, answered, responses, question)


def role_profile_of(person: Person, profiles: RoleProfiles) -> tuple[RoleProfile | None, bool]:
    """A person's role profile and whether it was set by hand."""
    override = (
        RoleProfileOverride.objects.filter(person=person)
        .values_list("role_profile_id", flat=True)
        .first()
    )
    return profiles.choose(
        audience=person.audience, grade=person.grade, job_title=person.job_title, override=override
    )


@dataclass
class SkillRow:
    """One competency on a person's profile."""

    competency: Competency
    target: Target | None
    estimate: SkillEstimate | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def level(self) -> int:
        """The estimated level (0: not yet assessed or below level 1)."""
        return self.estimate.level if self.estimate else 0

    @property
    def target_level(self) -> int:
        """What the role needs (0: nothing)."""
        return self.target.level if self.target else 0

    @property
    def gap(self) -> int:
        """Target minus estimate, never below zero."""
        return max(0, self.target_level - self.level)

    @property
    def weighted_gap(self) -> int:
        """The gap times how much the role cares about it."""
        return self.gap * (self.target.weight if self.target else 1)


@dataclass
class SkillProfile:
    """A person's estimates, the evidence behind them and the gap to their role profile."""

    person: Person
    framework: Framework
    role_profile: RoleProfile | None
    overridden: bool
    top: int
    rows: list[SkillRow]

    @property
    def gaps(self) -> list[SkillRow]:
        """Rows with a gap, largest weighted gap first."""
        with_gap = [row for row in self.rows if row.gap > 0]
        return sorted(with_gap, key=lambda row: (-row.weighted_gap, row.competency.position))


def skill_profile(person: Person, *, with_evidence: bool = True) -> SkillProfile | None:
    """The profile of a person the caller has already been allowed to see."""
    framework = framework_current(DEFAULT_FRAMEWORK)
    if framework is None:
        return None
    profiles = role_profiles_read()
    role_profile, overridden = role_profile_of(person, profiles)
    targets = profiles.targets.get(role_profile.pk, {}) if role_profile else {}
    estimates = {e.competency_id: e for e in SkillEstimate.objects.filter(person=person)}
    evidence: dict[Any, list[Evidence]] = {}
    if with_evidence:
        found = Evidence.objects.filter(person=person).select_related("competency")
        for item in found.order_by("-observed_at"):
            evidence.setdefault(item.competency_id, []).append(item)
    competencies = Competency.objects.filter(
        framework=framework, kind=Competency.Kind.COMPETENCY
    ).order_by("position")
    rows = [
        SkillRow(c, targets.get(c.pk), estimates.get(c.pk), evidence.get(c.pk, []))
        for c in competencies
        if c.pk in targets or c.pk in estimates
    ]
    return SkillProfile(person, framework, role_profile, overridden, framework.levels.count(), rows)


def skill_profile_for(user: User | object, person_id: Any) -> SkillProfile | None:
    """A person's skill profile if the caller may see the person (staff reads are audited)."""
    person = person_get_for(user, person_id)
    return skill_profile(person) if person is not None else None


def may_override_profile(user: User | object, person: Person) -> bool:
    """Programme administrators and the person's training officer may set a role profile."""
    scope = scope_for(user)
    if scope.has(Role.PROGRAMME_ADMIN):
        return True
    return scope.has(Role.TRAINING_OFFICER) and person.institution_id in scope.institution_ids


def self_ratings(person: Person) -> list[tuple[Competency, Evidence | None, bool]] | None:
    """Every competency with the person's newest self-rating and whether their role needs it.

    The competencies the role needs come first.
    """
    profile = skill_profile(person, with_evidence=False)
    if profile is None:
        return None
    needed = {row.competency.pk for row in profile.rows if row.target is not None}
    latest: dict[Any, Evidence] = {}
    for item in Evidence.objects.filter(person=person, source=Evidence.Source.SELF).order_by(
        "observed_at"
    ):
        latest[item.competency_id] = item
    competencies = Competency.objects.filter(
        framework=profile.framework, kind=Competency.Kind.COMPETENCY
    ).order_by("position")
    rows = [(c, latest.get(c.pk), c.pk in needed) for c in competencies]
    return sorted(rows, key=lambda row: (not row[2], row[0].position))


def competency_for_rating(
    uri_code: str,
) -> tuple[Competency, list[tuple[int, LevelDescriptor | None]]] | None:
    """A competency of the default framework with each level (0 to the top) and its descriptor.

    Level 0 has no descriptor: it is "not yet level 1" on the self-assessment form.
    """
    framework = framework_current(DEFAULT_FRAMEWORK)
    competency = (
        Competency.objects.filter(
            framework=framework, uri_code=uri_code, kind=Competency.Kind.COMPETENCY
        )
        .prefetch_related("descriptors")
        .first()
    )
    if framework is None or competency is None:
        return None
    descriptors = {d.level_number: d for d in competency.descriptors.all()}
    top = framework.levels.count()
    return competency, [(n, descriptors.get(n)) for n in range(top + 1)]
