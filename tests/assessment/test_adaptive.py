"""The adaptive skills check on the shipped item bank: it finds the level of a consistent
learner, for every level and every track, within 15 questions."""

from __future__ import annotations

import json
from collections.abc import Hashable
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ujuzi.assessment import adaptive
from ujuzi.assessment.bank import shipped_items

TOP = 4


def shipped_tracks() -> dict[str, list[str]]:
    text = (
        resources.files("ujuzi.competencies") / "data" / "public-service-digital.json"
    ).read_text()
    framework = json.loads(text)
    return {
        domain["track"]: [c["code"] for c in domain["competencies"]]
        for domain in framework["domains"]
        if domain.get("track")
    }


TRACKS = shipped_tracks()
BANK: dict[Hashable, dict[int, list[Hashable]]] = {}
LEVEL_OF: dict[Hashable, int] = {}
COMPETENCY_OF: dict[Hashable, str] = {}
for _name, _item in shipped_items():
    BANK.setdefault(_item["competency"], {}).setdefault(_item["level"], []).append(_item["code"])
    LEVEL_OF[_item["code"]] = _item["level"]
    COMPETENCY_OF[_item["code"]] = _item["competency"]


def simulate(
    track: list[str], answers_right_up_to: dict[str, int], seed: int, flip: set[int] = frozenset()
):
    answered: list[adaptive.Answered] = []
    while True:
        step = adaptive.next_step(track, BANK, TOP, answered, seed=seed)
        if step is None:
            return answered
        assert step.question not in {a.question for a in answered}, "a question was asked twice"
        assert LEVEL_OF[step.question] == step.level
        assert COMPETENCY_OF[step.question] == step.competency
        correct = step.level <= answers_right_up_to[step.competency]
        if len(answered) in flip:
            correct = not correct
        answered.append(adaptive.Answered(step.competency, step.level, step.question, correct))


def test_the_shipped_framework_has_the_five_tracks():
    assert set(TRACKS) == {
        "artificial-intelligence",
        "cloud",
        "cybersecurity",
        "data",
        "digital-governance",
    }


@pytest.mark.parametrize("track", sorted(TRACKS))
@pytest.mark.parametrize("level", range(TOP + 1))
def test_a_consistent_learner_is_placed_at_their_level(track: str, level: int):
    competencies = TRACKS[track]
    answered = simulate(competencies, dict.fromkeys(competencies, level), seed=7)
    assert len(answered) <= adaptive.QUESTION_LIMIT
    for competency in competencies:
        mine = [a for a in answered if a.competency == competency]
        result = adaptive.estimate(mine, TOP)
        assert result.level == level, (competency, mine)
        assert result.confidence == 1.0


@given(
    track=st.sampled_from(sorted(TRACKS)),
    data=st.data(),
    seed=st.integers(min_value=0, max_value=2**31 - 1),
)
def test_any_consistent_profile_converges_on_the_shipped_bank(track: str, data, seed: int):
    competencies = TRACKS[track]
    levels = {c: data.draw(st.integers(min_value=0, max_value=TOP), label=c) for c in competencies}
    answered = simulate(competencies, levels, seed)
    assert len(answered) <= adaptive.QUESTION_LIMIT
    first = answered[0]
    assert first.level == 2, "the check starts mid-scale"
    for competency, level in levels.items():
        mine = [a for a in answered if a.competency == competency]
        assert adaptive.estimate(mine, TOP).level == level


@given(
    track=st.sampled_from(sorted(TRACKS)),
    seed=st.integers(min_value=0, max_value=1000),
    flips=st.sets(st.integers(min_value=0, max_value=14), max_size=4),
)
def test_an_inconsistent_learner_still_finishes_within_the_limit(track, seed, flips):
    competencies = TRACKS[track]
    answered = simulate(competencies, dict.fromkeys(competencies, 2), seed, flip=flips)
    assert 1 <= len(answered) <= adaptive.QUESTION_LIMIT
    for competency in competencies:
        mine = [a for a in answered if a.competency == competency]
        result = adaptive.estimate(mine, TOP)
        assert 0 <= result.level <= TOP
        assert 0 <= result.confidence <= 1


def test_the_estimate_prefers_the_lower_level_on_a_tie_and_reports_low_confidence():
    answers = [
        adaptive.Answered("X", 1, "q1", True),
        adaptive.Answered("X", 3, "q2", True),
        adaptive.Answered("X", 2, "q3", False),
        adaptive.Answered("X", 4, "q4", False),
    ]
    # Levels 1 and 3 each agree with three of the four answers: the lower one is kept.
    result = adaptive.estimate(answers, TOP)
    assert result.level == 1
    assert result.confidence == 0.75
    assert adaptive.estimate([], TOP) == adaptive.Estimate(0, 0.0, 0)


def test_questions_of_a_level_are_shuffled_by_the_seed_but_stable():
    questions = [f"q{n}" for n in range(8)]
    assert adaptive.question_order(questions, 1) == adaptive.question_order(questions, 1)
    assert adaptive.question_order(questions, 1) != adaptive.question_order(questions, 2)
