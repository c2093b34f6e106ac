"""Writing people: validation with clear messages, nothing half-written, everything journaled."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import make_institution, make_person
from ujuzi.core.models import AuditEntry, JournalEntry
from ujuzi.people.models import ConsentEvent, Person, PersonSensitive
from ujuzi.people.phones import InvalidPhoneNumber, normalise_phone
from ujuzi.people.policy import institution_subtree
from ujuzi.people.selectors import consents_in_force
from ujuzi.people.services import consent_record, person_create, person_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0712345678", "+254712345678"),
        ("0712 345 678", "+254712345678"),
        ("254712345678", "+254712345678"),
        ("+254 712-345-678", "+254712345678"),
        ("0110123456", "+254110123456"),
        ("+250788123456", "+250788123456"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_in_e164(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "not a phone", "+2547123", "0812345678999"])
def test_nonsense_phone_numbers_are_refused(typed):
    with pytest.raises(InvalidPhoneNumber):
        normalise_phone(typed)


@given(st.integers(min_value=0, max_value=99_999_999), st.sampled_from(["07", "2547", "+2547"]))
def test_fast_path_agrees_with_the_phonenumbers_library(number, prefix):
    import phonenumbers

    typed = f"{prefix}{number:08d}"
    expected = phonenumbers.format_number(
        phonenumbers.parse(typed, "KE"), phonenumbers.PhoneNumberFormat.E164
    )
    assert normalise_phone(typed) == expected


def test_a_person_with_sex_gets_a_separate_sensitive_record_journaled_sealed():
    person = make_person(sex="female")
    sensitive = PersonSensitive.objects.get(person=person)
    assert sensitive.sex == "female"
    entry = JournalEntry.objects.get(record_id=sensitive.pk)
    assert "sex" not in entry.values
    assert entry.sealed_values is not None


def test_a_minor_needs_a_guardian_and_no_national_id_and_nothing_is_written():
    before = (Person.objects.count(), JournalEntry.objects.count(), AuditEntry.objects.count())
    fifteen = datetime.date.today() - datetime.timedelta(days=15 * 365 + 10)  # noqa: DTZ011
    with pytest.raises(ValidationError) as raised:
        person_create(
            by=None,
            first_name="Neema",
            last_name="Bwana",
            audience="youth",
            date_of_birth=fifteen,
            national_id="12345678",
        )
    assert set(raised.value.message_dict) == {"national_id", "guardian_name"}
    assert (
        Person.objects.count(),
        JournalEntry.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    minor = person_create(
        by=None,
        first_name="Neema",
        last_name="Bwana",
        audience="youth",
        date_of_birth=fifteen,
        guardian_name="Rehema Bwana",
        guardian_phone="0722000111",
    )
    assert minor.guardian_phone == "+254722000111"


def test_a_duplicate_national_id_is_refused_with_a_message():
    make_person(national_id="23456789")
    with pytest.raises(ValidationError) as raised:
        make_person(national_id="23456789")
    assert "national_id" in raised.value.message_dict


def test_blank_identifiers_are_stored_as_absent_so_many_people_may_lack_them():
    first = make_person(national_id="  ", personal_number="")
    second = make_person(national_id="", personal_number=None)
    assert first.national_id is second.national_id is None


def test_a_bad_phone_is_a_field_error():
    with pytest.raises(ValidationError) as raised:
        make_person(phone="12345")
    assert "phone" in raised.value.message_dict


def test_updates_are_journaled_with_sealed_personal_values():
    person = make_person()
    person_update(person=person, changes={"job_title": "ICT Officer", "grade": "K"}, by=None)
    entry = JournalEntry.objects.filter(record_id=person.pk).latest("seq")
    assert entry.changed_fields == ["job_title", "grade"]
    assert entry.values == {"grade": "K"}


def test_the_newest_consent_decision_per_purpose_is_in_force():
    person = make_person(audience="youth")
    consent_record(person=person, purpose="follow_up", decision="given", channel="web", by=None)
    consent_record(person=person, purpose="follow_up", decision="withdrawn", channel="sms", by=None)
    consent_record(person=person, purpose="training", decision="given", channel="paper", by=None)
    in_force = consents_in_force(person)
    assert {purpose: event.decision for purpose, event in in_force.items()} == {
        "follow_up": "withdrawn",
        "training": "given",
    }
    assert ConsentEvent.objects.filter(person=person).count() == 3


def test_an_institution_subtree_includes_every_level_below():
    ministry = make_institution(kind="ministry")
    department = make_institution(parent=ministry)
    agency = make_institution(parent=department, kind="state_agency")
    make_institution()
    assert institution_subtree([ministry.pk]) == {ministry.pk, department.pk, agency.pk}
