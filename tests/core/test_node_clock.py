"""One clock per node: every process of an installation issues above what any received."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ujuzi.core import node
from ujuzi.core.clock import HybridLogicalClock, milliseconds_of, pack, wall_clock_ms
from ujuzi.core.models import Node

HOUR_MS = 3_600_000


def _process(environment: dict[str, str], *arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("clock_process.py")), *arguments],
        env=environment,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.real_clock
def test_a_value_one_process_receives_lifts_the_next_write_of_another(
    migrated_sqlite: Path, tmp_path: Path
):
    database = tmp_path / "node.sqlite3"
    shutil.copy(migrated_sqlite, database)
    environment = {
        **os.environ,
        "UJUZI_ENV": "test",
        "UJUZI_DATA_DIR": str(tmp_path),
        "UJUZI_DATABASE_URL": f"sqlite:///{database}",
    }
    writer = _process(environment, "writer")
    assert writer.stdout is not None and writer.stdin is not None
    first = int(writer.stdout.readline())  # the writer's clock is seeded and running
    remote = pack(wall_clock_ms() + HOUR_MS // 2)  # a peer half an hour ahead
    receiver = _process(environment, "receiver", str(remote))
    assert receiver.wait(timeout=60) == 0, receiver.stderr.read() if receiver.stderr else ""
    out, err = writer.communicate("go\n", timeout=60)
    assert writer.returncode == 0, err
    stamped = int(out.strip())
    assert first < remote < stamped


def _fresh_process_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process of the node: its own clock, not yet seeded."""
    monkeypatch.setattr(node, "clock", HybridLogicalClock())
    node.forget_local_node()


@pytest.mark.django_db
@pytest.mark.real_clock
def test_the_floor_lives_in_the_database_not_in_the_process(monkeypatch):
    remote = pack(wall_clock_ms() + HOUR_MS // 4)
    node.clock_receive(remote)
    _fresh_process_clock(monkeypatch)
    assert node.next_clock() > remote
    assert Node.objects.get(is_local=True).clock_floor == remote


@pytest.mark.django_db
@pytest.mark.real_clock
def test_a_wrong_clock_far_ahead_is_taken_in_without_dragging_the_node_along(monkeypatch):
    days_ahead = pack(wall_clock_ms() + 3 * 24 * HOUR_MS)
    lifted, ahead = node.clock_receive(days_ahead)
    assert ahead and lifted < days_ahead
    assert milliseconds_of(lifted) - wall_clock_ms() <= node.MAX_DRIFT_MS
    _fresh_process_clock(monkeypatch)
    assert node.next_clock() < days_ahead
    # A record stamped by that clock still orders after it when changed here.
    assert node.next_clock(above=days_ahead) == days_ahead + 1


@pytest.mark.django_db
@pytest.mark.real_clock
def test_a_site_takes_the_hub_clock_whole_and_warns_that_its_own_is_behind(monkeypatch):
    node.local_node()
    Node.objects.filter(is_local=True).update(role=Node.Role.SITE)
    node.forget_local_node()
    hub = pack(wall_clock_ms() + 2 * 24 * HOUR_MS)  # the laptop is two days behind
    lifted, ahead = node.clock_receive(hub, from_hub=True)
    assert ahead and lifted == hub
    _fresh_process_clock(monkeypatch)
    assert node.next_clock() > hub
    [warning] = node.clock_warnings()
    assert "hours behind" in warning


@pytest.mark.django_db
def test_negative_values_are_refused():
    with pytest.raises(ValueError, match="never negative"):
        node.clock_receive(-1)
