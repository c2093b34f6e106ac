"""A deleted record's natural key may be taken again; two live records still cannot share one.

Deleting leaves a tombstone, so that the deletion syncs; a code, an ID number or a person's
place in a cohort must not stay taken by it (``ujuzi.core.constraints``). The database's
partial indexes are checked too, with writes that skip validation as imports do.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import (
    RECIPES,
    area,
    make_cohort,
    make_enrolment,
    make_institution,
    make_person,
    make_site,
)
from tests.people.test_import import GOOD, csv_bytes, run
from ujuzi.core.records import record_create, record_delete, records_bulk_create
from ujuzi.core.reference import reference_data_load
from ujuzi.delivery.models import Cohort, Enrolment
from ujuzi.delivery.scheduling import cohort_create
from ujuzi.delivery.services import enrolment_self
from ujuzi.people.models import Institution, Person
from ujuzi.people.services import institution_create, person_create
from ujuzi.places.models import Site
from ujuzi.places.services import site_create

pytestmark = pytest.mark.django_db


def _cohort_like(cohort: Cohort, **values: object) -> Cohort:
    return cohort_create(
        **{
            "course": cohort.course,
            "site": cohort.site,
            "code": cohort.code,
            "starts_on": cohort.starts_on,
            "ends_on": cohort.ends_on,
            "capacity": 20,
            "by": None,
        }
        | values
    )


def test_a_deleted_cohorts_code_may_be_scheduled_again():
    deleted = make_cohort(code="faza-may")
    record_delete(deleted, by=None)
    again = _cohort_like(deleted)
    assert again.pk != deleted.pk
    assert list(Cohort.objects.filter(code="faza-may")) == [again]
    assert Cohort.all_objects.filter(code="faza-may").count() == 2


def test_two_live_cohorts_cannot_share_a_code():
    first = make_cohort(code="faza-may")
    with pytest.raises(ValidationError) as refused:
        _cohort_like(first)
    assert refused.value.message_dict == {"code": ["Cohort with this Code already exists."]}
    assert list(Cohort.all_objects.filter(code="faza-may")) == [first]


def test_the_database_refuses_a_second_live_cohort_code_even_without_validation():
    first = make_cohort(code="faza-may")
    twin = RECIPES["delivery.cohort"].build()
    twin.code = "faza-may"
    with pytest.raises(IntegrityError), transaction.atomic():
        records_bulk_create([twin], by=None)
    assert list(Cohort.all_objects.filter(code="faza-may")) == [first]


def test_a_deleted_persons_national_id_and_personal_number_may_be_registered_again():
    values = {
        "first_name": "Zawadi",
        "last_name": "Mwangi",
        "audience": Person.Audience.CIVIL_SERVANT,
        "national_id": "23456789",
        "personal_number": "PN0042",
    }
    deleted = person_create(by=None, **values)
    record_delete(deleted, by=None)
    again = person_create(by=None, **values)
    assert list(Person.objects.filter(national_id="23456789")) == [again]
    assert list(Person.objects.filter(personal_number="PN0042")) == [again]
    assert Person.all_objects.filter(national_id="23456789").count() == 2


def test_two_live_people_cannot_share_a_national_id_or_a_personal_number():
    first = make_person(national_id="23456789", personal_number="PN0042")
    with pytest.raises(ValidationError) as refused:
        make_person(national_id="23456789", personal_number="PN0042")
    assert refused.value.message_dict == {
        "national_id": ["Person with this National ID number already exists."],
        "personal_number": ["Person with this Personal number already exists."],
    }
    assert list(Person.all_objects.filter(national_id="23456789")) == [first]
    twin = RECIPES["people.person"].build()
    twin.personal_number = "PN0042"
    with pytest.raises(IntegrityError), transaction.atomic():
        records_bulk_create([twin], by=None)
    assert list(Person.all_objects.filter(personal_number="PN0042")) == [first]


def test_a_deleted_persons_learner_number_is_never_given_to_another_person():
    """Certificates name their holder by it, so it stays taken by the tombstone."""
    deleted = make_person()
    record_delete(deleted, by=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_person(learner_number=deleted.learner_number)
    assert list(Person.all_objects.filter(learner_number=deleted.learner_number)) == [deleted]


def test_a_deleted_institutions_code_may_be_registered_again_but_not_twice():
    deleted = make_institution(code="ict")
    record_delete(deleted, by=None)
    again = institution_create(
        code="ict", name="State Department for ICT", kind="ministry", by=None
    )
    assert list(Institution.objects.filter(code="ict")) == [again]
    with pytest.raises(ValidationError) as refused:
        institution_create(code="ict", name="ICT Authority", kind="state_agency", by=None)
    assert refused.value.message_dict == {"code": ["Institution with this Code already exists."]}
    assert Institution.all_objects.filter(code="ict").count() == 2


def test_a_deleted_sites_code_may_be_registered_again_but_not_twice():
    deleted = make_site(code="cdc-faza")
    record_delete(deleted, by=None)
    values = {"code": "cdc-faza", "kind": Site.Kind.COMMUNITY_CENTRE, "area": area(), "by": None}
    again = site_create(name="Faza centre", **values)
    assert list(Site.objects.filter(code="cdc-faza")) == [again]
    with pytest.raises(ValidationError) as refused:
        site_create(name="Faza annexe", **values)
    assert refused.value.message_dict == {"code": ["Site with this Code already exists."]}
    assert Site.all_objects.filter(code="cdc-faza").count() == 2


def test_a_person_whose_place_was_deleted_may_take_a_place_in_the_cohort_again():
    cohort = make_cohort(is_open=True)
    person = make_person()
    deleted = enrolment_self(cohort=cohort, person=person, by=None)
    record_delete(deleted, by=None)
    again = enrolment_self(cohort=cohort, person=person, by=None)
    assert again.pk != deleted.pk
    assert list(Enrolment.objects.filter(cohort=cohort, person=person)) == [again]
    assert Enrolment.all_objects.filter(cohort=cohort, person=person).count() == 2


def test_a_person_cannot_hold_two_live_places_in_one_cohort():
    first = make_enrolment()
    twin = Enrolment(
        cohort=first.cohort, person=first.person, status="waitlisted", source="self", queued_clock=1
    )
    with pytest.raises(ValidationError) as refused:
        record_create(twin, by=None)
    assert refused.value.message_dict == {
        "__all__": ["Enrolment with this Cohort and Person already exists."]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        records_bulk_create([twin], by=None)
    assert list(Enrolment.all_objects.filter(cohort=first.cohort, person=first.person)) == [first]


def test_a_form_that_leaves_out_the_tombstone_still_checks_live_uniqueness():
    """Forms never carry ``deleted_clock``; Django would otherwise skip the check."""
    make_institution(code="ict")
    twin = Institution(code="ict", name="ICT Authority", kind="state_agency")
    with pytest.raises(ValidationError) as refused:
        twin.full_clean(exclude={"deleted_clock", "changed_clock", "origin"})
    assert refused.value.message_dict == {"code": ["Institution with this Code already exists."]}


def test_an_import_registers_anew_staff_whose_records_were_deleted():
    """The import matches live people only, and writes without validation: the index decides."""
    reference_data_load()
    make_institution(code="ict", name="Ministry of ICT", kind="ministry")
    assert run(csv_bytes(GOOD[0])).counts["new"] == 1
    deleted = Person.objects.get(national_id="12345678")
    record_delete(deleted, by=None)
    result = run(csv_bytes(GOOD[0]))
    assert (result.applied, result.counts["new"], result.counts["updated"]) == (True, 1, 0)
    again = Person.objects.get(national_id="12345678")
    assert again.pk != deleted.pk and again.personal_number == deleted.personal_number == "2001001"
