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
    chosen, by_hand = role_profiles_read().choose(audience=audience, grade=grade, job_title=title)
    assert chosen is not None and chosen.code == profile and not by_hand


def test_a_hand_set_profile_wins_over_the_rule_unless_it_is_gone(shipped):
    profiles = role_profiles_read()
    executive = next(p for p in profiles.profiles.values() if p.code == "executive")
    chosen, by_hand = profiles.choose(
        audience="youth", grade="", job_title="", override=executive.pk
    )
    assert (chosen, by_hand) == (executive, True)
    chosen, by_hand = profiles.choose(audience="youth", grade="", job_title="", override="gone")
    assert chosen is not None and chosen.code == "youth-trainee" and not by_hand


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


def test_administrators_edit_targets_and_courses_in_the_admin_journaled_and_audited(shipped):
    from django.test import Client

    from tests.factories import make_user
    from ujuzi.core.models import AuditEntry, JournalEntry

    user = make_user(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    for page in ("roleprofile", "roletarget"):
        assert client.get(f"/admin/competencies/{page}/").status_code == 200
    for page in ("programme", "course", "courseoutcome", "courseprerequisite", "offering"):
        assert client.get(f"/admin/catalog/{page}/").status_code == 200
    assert client.get("/admin/assessment/question/").status_code == 200
    target = RoleTarget.objects.filter(role_profile__code="officer").first()
    form = (
        client.get(f"/admin/competencies/roletarget/{target.pk}/change/").context["adminform"].form
    )
    data = {name: form[name].value() for name in form.fields}
    data.update({"level": 3, "weight": 2})
    response = client.post(f"/admin/competencies/roletarget/{target.pk}/change/", data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.level, target.weight) == (3, 2)
    assert JournalEntry.objects.filter(
        model="competencies.roletarget", record_id=target.pk, operation="update"
    ).exists()
    assert AuditEntry.objects.filter(action="competencies.roletarget.admin_update").exists()
