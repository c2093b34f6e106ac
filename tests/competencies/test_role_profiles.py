"""Role profiles and the rule that assigns them, in Python and in SQL."""

from __future__ import annotations

import pytest

from ujuzi.competencies.models import RoleProfile, RoleTarget
from ujuzi.competencies.profiles import grade_band, job_family
from ujuzi.competencies.role_profiles import role_profiles_load, role_profiles_read


@pytest.mark.parametrize(
    ("grade", "band"),
    [
        ("S", "executive"),
        (" job group t ", "executive"),
        ("CSG 4", "senior"),
        ("CSG-6", "senior"),
        ("P", "senior"),
        ("JG K", "officer"),
        ("CSG10", "officer"),
        ("H", "support"),
        ("", ""),
        ("Z", ""),
        ("'; DROP TABLE people_person; --", ""),
    ],
)
def test_grade_bands(grade: str, band: str):
    assert grade_band(grade) == band


@pytest.mark.parametrize(
    ("title", "family"),
    [
        ("Senior ICT Officer", "ict"),
        ("Cybersecurity Analyst", "ict"),
        ("Systems Administrator", "ict"),
        ("Accountant", ""),
        ("Director", ""),
        ("", ""),
    ],
)
def test_job_families(title: str, family: str):
    assert job_family(title) == family


@pytest.mark.parametrize(
    ("audience", "grade", "title", "profile"),
    [
        ("civil_servant", "S", "Director", "executive"),
        ("civil_servant", "S", "Director of ICT", "executive"),
        ("civil_servant", "Q", "Deputy Director", "senior-manager"),
        ("civil_servant", "K", "ICT Officer", "ict-specialist"),
        ("civil_servant", "K", "Records Officer", "officer"),
        ("civil_servant", "", "Clerical Officer", "officer"),
        ("youth", "", "", "youth-trainee"),
        ("other", "", "", "youth-trainee"),
    ],
)
def test_the_documented_rule_on_the_shipped_profiles(shipped, audience, grade, title, profile):
    chosen = role_profiles_read().choose(audience=audience, grade=grade, job_title=title)
    assert chosen is not None and chosen.code == profile


def test_the_shipped_profiles_have_targets_and_loading_twice_adds_nothing(shipped):
    assert set(RoleProfile.objects.values_list("code", flat=True)) == {
        "executive",
        "senior-manager",
        "officer",
        "ict-specialist",
        "youth-trainee",
    }
    assert RoleTarget.objects.filter(role_profile__code="executive", level=4).count() == 3
    assert role_profiles_load() == 0
