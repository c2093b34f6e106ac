"""Shared fixtures: a fresh data directory per test and a clean node identity."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ujuzi.core import node

hypothesis_settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def is_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def isolated_data_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own data directory (checkpoint file, media)."""
    settings.UJUZI = dataclasses.replace(settings.UJUZI, data_dir=tmp_path)
    node.forget_local_node()
    yield tmp_path
    node.forget_local_node()


@pytest.fixture
def shipped(db: Any) -> None:
    """The shipped framework, role profiles, catalogue and item bank, as ``ujuzi init`` has them."""
    from django.apps import apps

    for config in apps.get_app_configs():
        if hasattr(config, "load_shipped_data"):
            config.load_shipped_data()
