"""Learning pathways: which courses close a person's gaps, in which order, and why.

The plan is greedy and explainable. While gaps remain, take the largest weighted gap
(target minus current level, times the role's weight for it); choose the course that
raises that competency, preferring one the person can reach (an offering in their county,
a mobile lab stopping there, or online), in their language, that reaches the target
without overshooting, and that closes the most other gaps on the way; put before it every
prerequisite whose outcomes the person does not yet have; assume the courses are passed,
and go on. A competency no course raises is reported as such and skipped. A course the
person has completed is never planned again.

``pathway_plan`` is pure (no database), so it can be checked on any catalogue.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

PATHWAY_LENGTH = 10


@dataclass(frozen=True)
class Need:
    """What a role needs in one competency, and where the person stands."""

    target: int
    current: int
    weight: int = 1

    @property
    def weighted_gap(self) -> int:
        """How much closing this gap matters."""
        return max(0, self.target - self.current) * self.weight


@dataclass(frozen=True)
class CourseFacts:
    """What the plan needs to know about a course."""

    code: str
    outcomes: Mapping[Hashable, int]
    prerequisites: Sequence[str] = ()
    languages: frozenset[str] = frozenset({"en"})
    reachable: bool = True
    duration_hours: int = 0


@dataclass(frozen=True)
class Recommendation:
    """One course of a pathway and the reason for it."""

    code: str
    competency: Hashable | None  # the gap it was chosen for (None for a prerequisite)
    current: int
    target: int
    prerequisite_for: str | None = None


@dataclass(frozen=True)
class Plan:
    """The ordered courses, and the gaps no course in the catalogue closes."""

    steps: list[Recommendation]
    uncovered: list[Hashable]


def _lacks(course: CourseFacts, levels: Mapping[Hashable, int]) -> bool:
    return any(levels.get(c, 0) < level for c, level in course.outcomes.items())


def pathway_plan(
    needs: Mapping[Hashable, Need],
    courses: Mapping[str, CourseFacts],
    *,
    language: str = "en",
    limit: int = PATHWAY_LENGTH,
    completed: frozenset[str] = frozenset(),
) -> Plan:
    """The recommended courses in the order to take them.

    A course in ``completed`` (codes of courses the person has completed) is never
    recommended again, neither for a gap nor as a prerequisite, whatever the estimate.
    """
    levels = {c: need.current for c, need in needs.items()}
    by_competency: dict[Hashable, list[CourseFacts]] = {}
    for course in courses.values():
        for competency in course.outcomes:
            by_competency.setdefault(competency, []).append(course)
    order = {competency: index for index, competency in enumerate(needs)}
    steps: list[Recommendation] = []
    planned: set[str] = set()
    uncovered: list[Hashable] = []

    def gap(competency: Hashable) -> int:
        need = needs[competency]
        return max(0, need.target - levels.get(competency, 0)) * need.weight

    def score(course: CourseFacts, competency: Hashable) -> tuple[object, ...]:
        reached = course.outcomes[competency]
        target = needs[competency].target
        closed = sum(
            min(level, needs[c].target) - min(levels.get(c, 0), needs[c].target)
            for c, level in course.outcomes.items()
            if c in needs and level > levels.get(c, 0)
        )
        return (
            course.reachable,
            language in course.languages,
            reached >= target,
            -abs(reached - target),
            closed,
            -course.duration_hours,
            # The code last, reversed, so that ties go to the first in catalogue order.
            tuple(-ord(ch) for ch in course.code),
        )

    def add(course: CourseFacts, reason: Recommendation, visiting: set[str]) -> None:
        visiting.add(course.code)
        for code in course.prerequisites:
            required = courses.get(code)
            if required is None or code in planned or code in visiting or code in completed:
                continue
            if _lacks(required, levels):
                add(
                    required,
                    Recommendation(code, None, 0, 0, prerequisite_for=course.code),
                    visiting,
                )
        steps.append(reason)
        planned.add(course.code)
        for competency, level in course.outcomes.items():
            levels[competency] = max(levels.get(competency, 0), level)

    while len(steps) < limit:
        open_gaps = [c for c in needs if gap(c) > 0 and c not in uncovered]
        if not open_gaps:
            break
        competency = max(open_gaps, key=lambda c: (gap(c), -order[c]))
        options = [
            course
            for course in by_competency.get(competency, [])
            if course.code not in planned
            and course.code not in completed
            and course.outcomes[competency] > levels.get(competency, 0)
        ]
        if not options:
            uncovered.append(competency)
            continue
        best = max(options, key=lambda course: score(course, competency))
        reason = Recommendation(
            best.code, competency, levels.get(competency, 0), needs[competency].target
        )
        add(best, reason, set())
    return Plan(steps[:limit], uncovered)
