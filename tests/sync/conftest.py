"""Fixtures for sync: a migrated template with the shipped reference data, and nodes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sync.nodes import SimulatedNode, database_active, nodes_create
from ujuzi.core.reference import reference_data_load


@pytest.fixture(scope="session")
def sync_template(
    migrated_sqlite: Path, tmp_path_factory: pytest.TempPathFactory, django_db_blocker: Any
) -> Path:
    """A node's database before anything is written: migrated, reference data loaded."""
    path = tmp_path_factory.mktemp("sync-template") / "template.sqlite3"
    shutil.copy(migrated_sqlite, path)
    with django_db_blocker.unblock(), database_active(path):
        reference_data_load()
    return path


@pytest.fixture
def hub_and_site(
    sync_template: Path, tmp_path: Path, django_db_blocker: Any
) -> Iterator[list[SimulatedNode]]:
    """A hub and one site."""
    with django_db_blocker.unblock():
        yield nodes_create(sync_template, tmp_path, ["hub", "site"])
