"""Learner numbers: random, readable, checked, and given to everyone however they arrive."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.factories import make_person
from ujuzi.core.models import JournalEntry
from ujuzi.people.learner_numbers import (
    ALPHABET,
    LENGTH,
    learner_number_new,
    learner_number_normalise,
)
from ujuzi.people.models import Person
from ujuzi.people.services import people_bulk_insert, person_learner_number_renew


def test_a_new_number_reads_back_as_itself_in_any_case_and_spacing():
    number = learner_number_new()

    assert len(number) == LENGTH + 4  # three hyphens and the check symbol
    assert learner_number_normalise(number) == number
    assert learner_number_normalise(" " + number.lower().replace("-", " ") + " ") == number


def test_numbers_differ():
    assert len({learner_number_new() for _ in range(2000)}) == 2000


@given(st.data())
def test_one_mistyped_character_is_caught(data: Any):
    number = learner_number_new()
    compact = number.replace("-", "")
    position = data.draw(st.integers(0, LENGTH - 1))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != compact[position]]))
    typed = compact[:position] + wrong + compact[position + 1 :]

    assert learner_number_normalise(typed) is None


@given(st.data())
def test_two_neighbours_swapped_are_caught(data: Any):
    number = learner_number_new()
    compact = number.replace("-", "")
    position = data.draw(st.integers(0, LENGTH - 2))
    if compact[position] == compact[position + 1]:
        return
    swapped = (
        compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    )

    assert learner_number_normalise(swapped) is None


def test_letters_people_mistake_for_digits_are_read_as_digits():
    number = learner_number_new()
    misread = number.replace("0", "O").replace("1", "l")

    assert learner_number_normalise(misread) == number


def test_anything_else_is_not_a_number():
    for text in ("", "UJ", "0000-0000-0000", "####-####-####-#", "x" * 500):
        assert learner_number_normalise(text) is None


def test_every_way_in_gives_a_person_a_number_of_their_own(db: Any):
    one = make_person()
    people_bulk_insert(
        rows=[({"first_name": "Amani", "last_name": "Said", "audience": "youth"}, "")] * 3,
        by=None,
    )

    numbers = list(Person.objects.values_list("learner_number", flat=True))
    assert len(numbers) == 4
    assert len(set(numbers)) == 4
    assert all(learner_number_normalise(number) == number for number in numbers)
    assert one.learner_number in numbers


def test_a_renewed_number_is_journaled_sealed(db: Any):
    person = make_person()
    old = person.learner_number

    person_learner_number_renew(person=person, by=None)

    person.refresh_from_db()
    assert person.learner_number != old
    entry = JournalEntry.objects.filter(record_id=person.pk).order_by("-seq").first()
    assert entry.changed_fields == ["learner_number"]
    assert "learner_number" not in entry.values
    assert person.learner_number.encode() not in bytes(entry.sealed_values)
