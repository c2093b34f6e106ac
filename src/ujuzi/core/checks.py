"""Start-up checks that keep synced records honest."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core import checks
from django.db import models

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
