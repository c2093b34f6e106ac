"""The adaptive skills check, as pure functions over the answers given so far.

For each competency of a track the check bisects the level scale: it starts mid-scale, goes
up after a right answer and down after a wrong one, halving the step, until the highest
level answered right sits just below the lowest level answered wrong. With four levels that
takes at most three questions. Questions left in the budget (15 in all) then confirm each
boundary with a second question at the estimated level and at the level above.

The estimate for a competency is the level that agrees with the most answers (a person at
level k answers questions at levels up to k right and above k wrong); ties go to the lower
level. Confidence is the share of answers that agree, scaled down when fewer than three
questions were asked. Nothing here touches the database, so an attempt can be resumed,
replayed or simulated from its answers alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

QUESTION_LIMIT = 15
FULL_EVIDENCE = 3  # answers per competency for full confidence


@dataclass(frozen=True)
class Answered:
    """One answered question."""

    competency: Hashable
    level: int
    question: Hashable
    correct: bool


@dataclass(frozen=True)
class Step:
    """The next question to ask."""

    competency: Hashable
    level: int
    question: Hashable


@dataclass(frozen=True)
class Estimate:
    """What the answers say about one competency."""

    level: int
    confidence: float
    answered: int


Bank = Mapping[Hashable, Mapping[int, Sequence[Hashable]]]  # competency → level → questions


def question_order(questions: Sequence[Hashable], seed: int) -> list[Hashable]:
    """The questions of one level in an order fixed by the attempt's seed."""
    return sorted(questions, key=lambda q: hashlib.sha256(f"{seed}|{q}".encode()).hexdigest())


def _unused(
    bank: Bank, competency: Hashable, level: int, used: set[Hashable], seed: int
) -> Hashable | None:
    choices = bank.get(competency, {}).get(level, ())
    return next((q for q in question_order(choices, seed) if q not in used), None)


def _bisection(answers: Sequence[Answered], top: int) -> tuple[int, int, bool]:
    """(highest level passed, lowest level failed, answers contradict each other)."""
    low, high = 0, top + 1
    for answer in answers:
        if answer.correct:
            low = max(low, answer.level)
        else:
            high = min(high, answer.level)
    return low, high, low >= high


def _bisection_step(
    competency: Hashable,
    answers: Sequence[Answered],
    bank: Bank,
    top: int,
    used: set[Hashable],
    seed: int,
) -> Step | None:
    low, high, contradicted = _bisection(answers, top)
    if contradicted or high - low <= 1:
        return None
    middle = (low + high) // 2
    # Nearest level inside the open interval that still has an unused question.
    for level in sorted(range(low + 1, high), key=lambda value: (abs(value - middle), value)):
        question = _unused(bank, competency, level, used, seed)
        if question is not None:
            return Step(competency, level, question)
    return None


def estimate(answers: Sequence[Answered], top: int) -> Estimate:
    """The level that agrees with the most answers, and how sure that is."""
    if not answers:
        return Estimate(level=0, confidence=0.0, answered=0)
    best_level, best_agree = 0, -1
    for level in range(top + 1):
        agree = sum(1 for a in answers if a.correct == (a.level <= level))
        if agree > best_agree:
            best_level, best_agree = level, agree
    share = best_agree / len(answers)
    coverage = min(1.0, len(answers) / FULL_EVIDENCE)
    return Estimate(level=best_level, confidence=round(share * coverage, 2), answered=len(answers))


def next_step(
    track: Sequence[Hashable],
    bank: Bank,
    top: int,
    answered: Sequence[Answered],
    *,
    seed: int = 0,
    limit: int = QUESTION_LIMIT,
) -> Step | None:
    """The next question of a check over ``track`` (competencies in order), or None when done."""
    if len(answered) >= limit or not track:
        return None
    used = {a.question for a in answered}
    per_competency = {c: [a for a in answered if a.competency == c] for c in track}
    share = max(2, limit // len(track))
    for competency in track:
        answers = per_competency[competency]
        if len(answers) >= share:
            continue
        step = _bisection_step(competency, answers, bank, top, used, seed)
        if step is not None:
            return step
    # Confirmation: a second look at each boundary, round robin, while the budget lasts.
    for round_number in range(2):
        for competency in track:
            answers = per_competency[competency]
            level = estimate(answers, top).level + round_number
            if not 1 <= level <= top:
                continue
            if sum(1 for a in answers if a.level == level) >= 2:
                continue
            question = _unused(bank, competency, level, used, seed)
            if question is not None:
                return Step(competency, level, question)
    return None
