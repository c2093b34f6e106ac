"""Shared fixtures: a fresh data directory per test and a clean node identity."""

from __future__ import annotations

import dataclasses
import datetime
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.utils import translation
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ujuzi.core import node

hypothesis_settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


# Every test runs at one instant of the programme's own time zone, not whenever the suite
# happens to run: a Wednesday morning in Nairobi, unless UJUZI_TEST_NOW names another
# (CI also runs the date-sensitive tests around midnight in Nairobi). The clock then
# ticks on from that instant. Browser and interop tests keep the real clock: Chromium's
# and Node's clocks would otherwise disagree with ours about cookies and dates.
TEST_NOW = datetime.datetime.fromisoformat(
    os.environ.get("UJUZI_TEST_NOW") or "2026-12-02T09:30:00+03:00"
)


REAL_CLOCK_MARKERS = ("browser", "interop", "real_clock")


def is_postgresql() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def frozen_clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """The test's clock starts at ``TEST_NOW`` (browser and interop tests keep the real one)."""
    if any(request.node.get_closest_marker(name) for name in REAL_CLOCK_MARKERS):
        yield
        return
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def english_by_default() -> Iterator[None]:
    """Each test starts in English, whatever language an earlier test left active."""
    translation.activate("en")
    yield
    translation.deactivate()


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


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated SQLite database file, made once per worker, for tests to copy.

    Tests that run separate processes of one node, or several nodes, each need a database
    file of their own; migrating one takes about ten seconds.
    """
    folder = tmp_path_factory.mktemp("migrated")
    database = folder / "template.sqlite3"
    environment = {
        **os.environ,
        "UJUZI_ENV": "test",
        "UJUZI_DATA_DIR": str(folder),
        "UJUZI_DATABASE_URL": f"sqlite:///{database}",
    }
    subprocess.run(
        [sys.executable, "-m", "ujuzi.cli", "migrate", "-v", "0"],
        env=environment,
        check=True,
        timeout=300,
    )
    return database
