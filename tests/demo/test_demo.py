"""The demo programme: deterministic, idempotent, realistic, journaled like real data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ujuzi.core.audit import verify_chain
from ujuzi.core.models import JournalEntry, User
from ujuzi.demo.loader import DEMO_LOGINS, _pools, demo_load
from ujuzi.demo.people import generate_people
from ujuzi.demo.trust import PARTNER_GRADUATE_EMAIL
from ujuzi.people.models import ConsentEvent, Institution, Person, PersonSensitive, RoleAssignment
from ujuzi.places.models import RouteStop, Site

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(
        Person.objects.filter(user__isnull=True)
        .exclude(email=PARTNER_GRADUATE_EMAIL)  # the partner's graduate, not a generated one
        .order_by("personal_number", "national_id", "phone")
        .values_list("first_name", "last_name", "audience", "national_id", "phone", "area_id")
    )


def test_the_demo_is_realistic_and_loads_once():
    result = demo_load(learners=300, seed=7)
    assert (result.logins_created, result.people_created) == (6, 300)
    again = demo_load(learners=300, seed=7)
    assert (again.logins_created, again.people_created) == (0, 0)
    # and the demo learner's own record, and the Rwandan partner's graduate
    assert Person.objects.count() == 302
    assert set(Person.objects.values_list("audience", flat=True)) == {
        "civil_servant",
        "youth",
        "other",
    }
    assert Person.objects.filter(area__country="RW").exists()
    assert Institution.objects.filter(kind="county_government").count() == 47
    assert set(Site.objects.values_list("kind", flat=True)) == {
        "campus",
        "community_centre",
        "mobile_lab",
        "online",
    }
    lamu_stops = RouteStop.objects.filter(area__name="Lamu").values_list("place", flat=True)
    assert {"Mpeketoni", "Witu", "Faza"} <= set(lamu_stops)
    assert PersonSensitive.objects.count() == 301  # the partner's graduate gave no sex
    # Young people consent to training administration; the history adds follow-up and
    # disability consents of its own, never for anyone without a training consent.
    training = ConsentEvent.objects.filter(purpose=ConsentEvent.Purpose.TRAINING_ADMINISTRATION)
    assert training.count() == Person.objects.exclude(audience="civil_servant").count()
    assert ConsentEvent.objects.filter(purpose=ConsentEvent.Purpose.OUTCOME_FOLLOW_UP).exists()


def test_the_same_seed_gives_the_same_people():
    """What a seed generates again is what the demo loaded, field for field.

    The loaded people cannot simply be deleted and loaded again: their completions and
    certificates protect them, as real training records do.
    """
    demo_load(learners=50, seed=11)
    loaded = snapshot()
    again = [generated.person for generated in generate_people(50, _pools(), 11)]
    regenerated = sorted(
        (p.first_name, p.last_name, p.audience, p.national_id, p.phone, p.area_id) for p in again
    )
    assert sorted(loaded) == regenerated
    other_seed = [generated.person for generated in generate_people(50, _pools(), 12)]
    assert [p.first_name for p in other_seed] != [p.first_name for p in again]


def test_minors_in_the_demo_have_guardians_and_no_national_id():
    demo_load(learners=400, seed=3)
    import datetime

    today = datetime.date(2026, 11, 23)
    minors = [person for person in Person.objects.all() if (person.age_on(today) or 99) < 18]
    assert minors
    assert all(person.guardian_name and not person.national_id for person in minors)


def test_every_demo_login_has_its_role_and_the_data_is_journaled_and_audited():
    demo_load(learners=40)
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert RoleAssignment.objects.filter(user=user).exists(), login.username
    assert User.objects.get(username="facilitator").roles.count() == 2
    creations = JournalEntry.objects.filter(model="people.person", operation="create")
    assert creations.count() == Person.objects.count()
    assert verify_chain().is_valid


def test_the_demo_refuses_production(settings):
    import dataclasses

    settings.UJUZI = dataclasses.replace(settings.UJUZI, environment="production")
    with pytest.raises(CommandError, match="Refusing"):
        call_command("demo")
    assert not User.objects.exists()
