"""An HR file names counties and institutions the way people write them."""

from __future__ import annotations

import pytest

from tests.factories import make_institution, make_user
from tests.people.test_import import csv_bytes, run
from ujuzi.core.models import AdministrativeArea, Country
from ujuzi.core.reference import reference_data_load
from ujuzi.people.models import Person, RoleAssignment
from ujuzi.people.services import role_assign


def row(*, institution: str = "ict", county: str = "") -> bytes:
    return csv_bytes(f"2001001;;Achieng;Otieno;;;;;{institution};;;{county}")


def reasons_of(result) -> list[str]:
    return [reason for rejected in result.rejected for reason in rejected.reasons]


@pytest.fixture
def institutions(db):
    reference_data_load()
    return {
        code: make_institution(code=code, name=name, kind=kind)
        for code, name, kind in [
            ("ict", "Ministry of ICT", "ministry"),
            ("health", "Ministry of Health", "ministry"),
            ("lands", "Ministry of Lands & Housing", "ministry"),
            ("treasury", "The National Treasury", "ministry"),
            ("revenue", "Kenya Revenue Authority (KRA)", "state_agency"),
            ("health-kisumu", "County Health Department", "county_government"),
            ("health-nakuru", "County Health Department", "county_government"),
            ("kmtc-nairobi", "Kenya Medical Training College (Nairobi)", "training"),
            ("kmtc-mombasa", "Kenya Medical Training College (Mombasa)", "training"),
        ]
    }


@pytest.mark.parametrize(
    ("cell", "county"),
    [
        ("Nairobi City", "Nairobi City"),
        ("Nairobi", "Nairobi City"),
        ("Nairobi County", "Nairobi City"),
        ("Nairobi City County", "Nairobi City"),
        ("  NAIROBI   city  county ", "Nairobi City"),
        ("nairobi", "Nairobi City"),
        ("047", "Nairobi City"),
        ("47", "Nairobi City"),
        ("KE-047", "Nairobi City"),
        ("Murang'a", "Murang'a"),
        ("Muranga", "Murang'a"),
        ("Murang\u2019a County", "Murang'a"),  # a typographic apostrophe
        ("Tharaka-Nithi", "Tharaka-Nithi"),
        ("Tharaka Nithi", "Tharaka-Nithi"),
        ("tharaka nithi county", "Tharaka-Nithi"),
        ("Elgeyo/Marakwet", "Elgeyo/Marakwet"),
        ("Elgeyo Marakwet", "Elgeyo/Marakwet"),
        ("Elgeyo-Marakwet County", "Elgeyo/Marakwet"),
        ("Taita Taveta", "Taita/Taveta"),
        ("Taita-Taveta", "Taita/Taveta"),
        ("Homa Bay", "Homa Bay"),
        ("Homabay", "Homa Bay"),
        ("HomaBay County", "Homa Bay"),
        ("Trans Nzoia", "Trans Nzoia"),
        ("Trans-Nzoia", "Trans Nzoia"),
        ("TransNzoia county", "Trans Nzoia"),
        ("Uasin Gishu county", "Uasin Gishu"),
    ],
)
def test_a_county_is_known_by_the_names_people_write(institutions, cell, county):
    result = run(row(county=cell))
    assert reasons_of(result) == []
    assert Person.objects.get().area.name == county


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("Atlantis", "unknown county Atlantis"),
        ("County", "unknown county County"),
        ("City", "unknown county City"),
        ("Nairobi West", "unknown county Nairobi West"),
        ("-", "unknown county -"),
    ],
)
def test_a_county_nobody_has_is_still_rejected(institutions, cell, reason):
    result = run(row(county=cell))
    assert reasons_of(result) == [reason]
    assert not Person.objects.exists()


def test_a_county_spelling_two_areas_share_is_rejected_with_both(institutions):
    AdministrativeArea.objects.create(
        key="KE-999", country=Country.objects.get(code="KE"), kind="county", name="Nairobi"
    )
    result = run(row(county="Nairobi County"))
    assert reasons_of(result) == ["county Nairobi County could be KE-047, KE-999; write its code"]
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("ict", "ict"),
        ("ICT", "ict"),
        ("Ministry of ICT", "ict"),
        ("ministry of ict", "ict"),
        ("  MINISTRY  OF  ICT ", "ict"),
        ("Min. of ICT", "ict"),
        ("Min of Health", "health"),
        ("Ministry of Lands and Housing", "lands"),
        ("Ministry of Lands & Housing", "lands"),
        ("National Treasury", "treasury"),
        ("the national treasury", "treasury"),
        ("Kenya Revenue Authority", "revenue"),
        ("Kenya Revenue Authority (KRA)", "revenue"),
        ("KRA", "revenue"),
        ("kra", "revenue"),
        ("health-kisumu", "health-kisumu"),
        # A branch in brackets is part of the name, not a short name of its own.
        ("Kenya Medical Training College (Nairobi)", "kmtc-nairobi"),
        ("kenya medical training college (mombasa)", "kmtc-mombasa"),
    ],
)
def test_an_institution_is_known_by_its_code_name_and_short_name(institutions, cell, code):
    result = run(row(institution=cell))
    assert reasons_of(result) == []
    assert Person.objects.get().institution == institutions[code]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("Ministry of Nowhere", "unknown institution Ministry of Nowhere"),
        ("Ministry", "unknown institution Ministry"),
        ("Min. of", "unknown institution Min. of"),
        ("K.R.A. Headquarters", "unknown institution K.R.A. Headquarters"),
        ("Nairobi", "unknown institution Nairobi"),
        (
            "County Health Department",
            "institution County Health Department matches more than one institution "
            "(health-kisumu, health-nakuru); write its code instead",
        ),
        (
            "county health dept.",
            "institution county health dept. matches more than one institution "
            "(health-kisumu, health-nakuru); write its code instead",
        ),
    ],
)
def test_an_unknown_or_ambiguous_institution_is_rejected_with_a_reason(institutions, cell, reason):
    result = run(row(institution=cell))
    assert reasons_of(result) == [reason]
    assert not Person.objects.exists()


def officer_of(*institutions) -> object:
    officer = make_user()
    for institution in institutions:
        role_assign(
            user=officer,
            role=RoleAssignment.Role.TRAINING_OFFICER,
            institution=institution,
            by=None,
        )
    return officer


def test_an_officer_means_the_one_of_their_institutions_a_shared_name_fits(institutions):
    officer = officer_of(institutions["health-nakuru"])
    result = run(row(institution="County Health Department"), by=officer)
    assert reasons_of(result) == []
    assert Person.objects.get().institution == institutions["health-nakuru"]


def test_an_officer_is_not_told_the_codes_of_institutions_they_do_not_look_after(
    institutions,
):
    officer = officer_of(institutions["ict"])
    result = run(row(institution="County Health Department"), by=officer)
    assert reasons_of(result) == [
        "institution County Health Department matches more than one institution; "
        "write its code instead"
    ]
    assert not Person.objects.exists()
