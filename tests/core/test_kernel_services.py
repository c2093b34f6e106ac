"""Reference data, encryption keys, the scheduler, the personal-data registry and init."""

from __future__ import annotations

import dataclasses
import uuid

import pytest
from django.core import checks
from django.core.management import call_command
from django.db import models

from ujuzi.core import crypto
from ujuzi.core.models import AdministrativeArea, DataKey, Node, ScheduleState
from ujuzi.core.personal_data import check_personal_data_registry, registry
from ujuzi.core.reference import reference_data_load
from ujuzi.core.scheduler import schedule_tick

pytestmark = pytest.mark.django_db


def test_reference_data_has_every_county_and_district_and_loads_idempotently():
    first = reference_data_load()
    second = reference_data_load()
    assert first == second
    assert (first.counties, first.provinces, first.districts) == (47, 5, 30)
    assert AdministrativeArea.objects.filter(country="KE", kind="county").count() == 47
    lamu = AdministrativeArea.objects.get(key="KE-005")
    assert (lamu.name, lamu.region) == ("Lamu", "Coast")
    assert AdministrativeArea.objects.get(key="RW-D-GASABO").parent.name == "City of Kigali"


def test_init_prepares_the_database_and_names_the_node(capsys):
    call_command("init", name="Lamu mobile lab 1")
    assert "47 counties" in capsys.readouterr().out
    node = Node.objects.get(is_local=True)
    assert node.name == "Lamu mobile lab 1"
    assert len(node.checkpoint_public_key) == 64


def test_keyring_opens_old_data_after_rotation_and_rewraps_data_keys(settings):
    subject = crypto.data_keys_for
    old_key = settings.UJUZI.encryption_keys[0]
    subject_id = uuid.uuid4()
    key_before = subject([subject_id])[subject_id]
    assert DataKey.objects.filter(subject_id=subject_id).count() == 1
    new_key = bytes(range(32))
    settings.UJUZI = dataclasses.replace(settings.UJUZI, encryption_keys=(new_key, old_key))
    crypto.keyring.cache_clear()
    try:
        assert subject([subject_id])[subject_id] == key_before
        assert crypto.rewrap_data_keys() == 1
        assert crypto.rewrap_data_keys() == 0
        settings.UJUZI = dataclasses.replace(settings.UJUZI, encryption_keys=(new_key,))
        crypto.keyring.cache_clear()
        assert subject([subject_id])[subject_id] == key_before
    finally:
        crypto.keyring.cache_clear()


def test_sealed_data_is_bound_to_its_context_and_detects_tampering():
    ring = crypto.Keyring([bytes(32)])
    sealed = ring.seal(b"national id 12345678", b"person A")
    assert ring.open(sealed, b"person A") == b"national id 12345678"
    with pytest.raises(crypto.DecryptionError):
        ring.open(sealed, b"person B")
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(crypto.DecryptionError):
        ring.open(tampered, b"person A")
    with pytest.raises(crypto.DecryptionError, match="no longer holds"):
        crypto.Keyring([bytes([1]) * 32]).open(sealed, b"person A")


def test_a_periodic_job_is_enqueued_once_per_period():
    from datetime import timedelta

    from django.utils import timezone

    from ujuzi.core.scheduler import _schedules

    now = timezone.now()
    # Apps add their own jobs through the periodic_jobs() hook (delivery: reminders).
    every_job = [job.name for job in _schedules()]
    assert every_job[0] == "audit-checkpoint" and "session-reminders" in every_job
    assert schedule_tick(now) == every_job
    assert schedule_tick(now + timedelta(minutes=1)) == []
    assert "audit-checkpoint" in schedule_tick(now + timedelta(minutes=11))
    state = ScheduleState.objects.get(name="audit-checkpoint")
    assert state.next_run_at == now + timedelta(minutes=21)


def test_the_registry_lists_the_login_models_personal_fields():
    declared = registry()["core.user"]
    assert set(declared.personal_fields) == {
        "username",
        "first_name",
        "last_name",
        "email",
        "password",
    }


def test_an_undeclared_personal_field_stops_the_system_check():
    class Guardian(models.Model):
        guardian_phone = models.CharField(max_length=20)

        class Meta:
            app_label = "core"

    Guardian.__module__ = "ujuzi.core.models.example"
    from django.apps import apps

    try:
        problems = check_personal_data_registry()
        assert [problem.id for problem in problems] == ["ujuzi.E002"]
        assert "core.guardian.guardian_phone" in problems[0].msg
    finally:
        del apps.all_models["core"]["guardian"]
        apps.clear_cache()
    assert not [p for p in checks.run_checks() if p.id.startswith("ujuzi.")]


def test_migrations_are_up_to_date():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_a_synced_model_cannot_reuse_a_bookkeeping_column_name():
    from django.apps import apps

    from ujuzi.core.checks import check_synced_columns
    from ujuzi.core.models import SyncedModel

    class Clash(SyncedModel):
        origin = models.JSONField(default=dict)

        class Meta:
            app_label = "core"

    try:
        problems = check_synced_columns()
        assert [problem.id for problem in problems] == ["ujuzi.E003"]
        assert "core.Clash.origin" in problems[0].msg
    finally:
        del apps.all_models["core"]["clash"]
        apps.clear_cache()
