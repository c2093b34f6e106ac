"""Reading and marking answers, including malformed and hostile forms."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from tests.factories import TEST_TIME
from ujuzi.assessment.estimates import EvidenceFact, combine
from ujuzi.assessment.scoring import AnswerError, answer_correct, answer_read

OPTIONS = [{"key": k, "text": {"en": k.upper(), "sw": k}} for k in "abcd"]


def form(text: str) -> QueryDict:
    return QueryDict(text)


def test_single_choice():
    assert answer_read("single", OPTIONS, form("choice=c")) == "c"
    assert answer_correct("single", "c", "c")
    assert not answer_correct("single", "c", "a")


def test_multiple_choice_is_all_or_nothing_and_ignores_order_and_repeats():
    given = answer_read("multiple", OPTIONS, form("choice=d&choice=a&choice=a"))
    assert given == ["a", "d"]
    assert answer_correct("multiple", ["d", "a"], given)
    assert not answer_correct("multiple", ["a", "b", "d"], given)


@pytest.mark.parametrize(
    ("text", "number"), [("value=72", 72.0), ("value=12,5", 12.5), ("value= 1 000 ", 1000.0)]
)
def test_numeric_answers_accept_a_comma_and_spaces(text: str, number: float):
    assert answer_read("numeric", [], form(text)) == number


def test_numeric_tolerance():
    assert answer_correct("numeric", {"value": 10, "tolerance": 0.5}, 10.4)
    assert not answer_correct("numeric", {"value": 10, "tolerance": 0.5}, 10.6)
    assert answer_correct("numeric", {"value": 72}, 72.0)


def test_ordering_is_read_from_one_place_per_item():
    given = answer_read(
        "ordering", OPTIONS, form("position-a=3&position-b=1&position-c=4&position-d=2")
    )
    assert given == ["b", "d", "a", "c"]
    assert answer_correct("ordering", ["b", "d", "a", "c"], given)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("single", ""),
        ("single", "choice=z"),
        ("single", "choice=<script>alert(1)</script>"),
        ("multiple", ""),
        ("multiple", "choice=a&choice=zz"),
        ("numeric", "value="),
        ("numeric", "value=ten"),
        ("numeric", "value=nan"),
        ("numeric", "value=inf"),
        ("numeric", "value=" + "9" * 400),
        ("ordering", "position-a=1&position-b=1&position-c=2&position-d=3"),
        ("ordering", "position-a=1&position-b=2&position-c=3"),
        ("ordering", "position-a=0&position-b=1&position-c=2&position-d=3"),
        ("ordering", "position-a=9&position-b=1&position-c=2&position-d=3"),
        ("essay", "text=hello"),
    ],
)
def test_malformed_answers_get_a_message_not_a_crash(kind: str, text: str):
    with pytest.raises(AnswerError) as problem:
        answer_read(kind, OPTIONS, form(text))
    assert str(problem.value)


def test_estimates_weigh_sources_and_keep_the_newest_of_each():
    later = TEST_TIME.replace(day=20)
    only_self = combine([EvidenceFact("self", 3, 0.5, TEST_TIME)])
    assert only_self is not None
    assert (only_self.level, only_self.confidence) == (3, 0.17)
    mixed = combine(
        [
            EvidenceFact("diagnostic", 4, 1.0, TEST_TIME),
            EvidenceFact("diagnostic", 1, 1.0, later),  # the newer check replaces the older
            EvidenceFact("self", 3, 0.5, TEST_TIME),
        ]
    )
    assert mixed is not None
    # (2 x 1 + 0.5 x 3) / 2.5 = 1.4 -> level 1; confidence 2.5 / 3
    assert (mixed.level, mixed.confidence, mixed.evidence_count) == (1, 0.83, 3)
    course = combine(
        [EvidenceFact("course", 3, 1.0, TEST_TIME), EvidenceFact("diagnostic", 2, 1.0, TEST_TIME)]
    )
    assert course is not None
    assert (course.level, course.confidence) == (3, 1.0)
    assert combine([]) is None


def test_a_later_easier_course_does_not_lower_what_a_harder_one_attested():
    later = TEST_TIME.replace(day=20)
    estimate = combine(
        [
            EvidenceFact("course", 3, 0.9, TEST_TIME),
            EvidenceFact("course", 1, 0.9, later),
            EvidenceFact("credential", 2, 0.9, later),
        ]
    )
    assert estimate is not None
    # course 3 and the partner's certificate 2, each weighing 3 x 0.9: (3 + 2) / 2 -> 3
    assert (estimate.level, estimate.evidence_count) == (3, 3)
