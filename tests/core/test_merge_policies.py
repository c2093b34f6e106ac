"""Every synced model says how it merges; the platform refuses to start otherwise."""

from __future__ import annotations

import pytest

from ujuzi.core.checks import check_merge_policies
from ujuzi.core.journal import is_synced
from ujuzi.core.merge import APPEND_ONLY, HubDecides, merge_policy
from ujuzi.delivery.models import Attendance, Cohort
from ujuzi.places.models import Site


def _ids() -> list[str]:
    return [message.id for message in check_merge_policies()]


def test_the_shipped_models_all_declare_a_policy():
    from django.apps import apps

    synced = [model for model in apps.get_models() if is_synced(model)]
    assert synced and all(merge_policy(model) for model in synced)
    assert _ids() == []
    assert merge_policy(Attendance) is APPEND_ONLY
    assert merge_policy(Cohort).hub_fields == {"capacity"}


def test_a_synced_model_without_a_policy_stops_start_up(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delattr(Site, "merge_policy")
    assert _ids() == ["ujuzi.E004"]
    [message] = check_merge_policies()
    assert "places.Site syncs but declares no merge_policy" in message.msg


def test_a_policy_naming_a_field_the_model_does_not_sync_stops_start_up(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(Cohort, "merge_policy", HubDecides(fields=("seats",)))
    [message] = check_merge_policies()
    assert (message.id, message.msg.endswith("seats")) == ("ujuzi.E005", True)
