"""Start-up checks that keep synced records honest."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models

from ujuzi.core.journal import is_synced, journaled_field_names
from ujuzi.core.merge import ConfirmedMerge, merge_policy_of
from ujuzi.core.models import SyncedModel

_EXPECTED = {
    "id": models.UUIDField,
    "changed_clock": models.BigIntegerField,
    "origin": models.UUIDField,
    "deleted_clock": models.BigIntegerField,
}


@checks.register(checks.Tags.models)
def check_synced_columns(**_: Any) -> list[checks.CheckMessage]:
    """A synced model must not reuse a bookkeeping column's name for something else."""
    problems: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not issubclass(model, SyncedModel):
            continue
        for name, kind in _EXPECTED.items():
            field = model._meta.get_field(name)
            if not isinstance(field, kind):
                problems.append(
                    checks.Error(
                        f"{model._meta.label}.{name} must stay the synced-record "
                        f"{kind.__name__}; name the model's own field differently",
                        id="ujuzi.E003",
                    )
                )
    return problems


@checks.register(checks.Tags.models)
def check_merge_policies(**_: Any) -> list[checks.CheckMessage]:
    """Every synced model says how it merges, and its policy names fields it has."""
    problems: list[checks.CheckMessage] = []
    for model in apps.get_models():
        if not is_synced(model):
            continue
        policy = merge_policy_of(model)
        if policy is None:
            problems.append(
                checks.Error(
                    f"{model._meta.label} syncs but declares no merge_policy",
                    hint="Set merge_policy to a policy from ujuzi.core.merge "
                    "(APPEND_ONLY, LAST_WRITER_WINS, HubDecides or ConfirmedMerge).",
                    id="ujuzi.E004",
                )
            )
            continue
        named = set(policy.hub_fields)
        if isinstance(policy, ConfirmedMerge):
            named.update(name for key in policy.natural_keys for name in key)
        unknown = sorted(named - set(journaled_field_names(model)))
        if unknown:
            problems.append(
                checks.Error(
                    f"{model._meta.label}'s merge_policy names fields it does not sync: "
                    + ", ".join(unknown),
                    id="ujuzi.E005",
                )
            )
    return problems
