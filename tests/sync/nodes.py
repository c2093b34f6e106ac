"""Several Ujuzi nodes in one test process, each with its own SQLite database and clock.

A simulated node is a database file copied from a migrated template, with its own local
``Node`` row (hub or site), the other nodes registered as peers, and its own hybrid logical
clock. ``node.active()`` points Django's default connection at its database for the
duration of a block; nodes share nothing else, and exchange only journal entries
(``journal_since`` at one, ``entries_apply`` at another).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.utils import load_backend

from ujuzi.core import node as node_module
from ujuzi.core.clock import HybridLogicalClock
from ujuzi.core.ids import uuid7
from ujuzi.core.journal import is_synced
from ujuzi.core.key_exchange import node_exchange_public_key
from ujuzi.core.models import JournalEntry, Node
from ujuzi.settings import _database


@contextmanager
def database_active(path: Path) -> Iterator[None]:
    """Django's default connection on the SQLite file ``path`` for the block."""
    previous = connections["default"]
    settings_dict = {**previous.settings_dict, **_database(f"sqlite:///{path}")}
    settings_dict["NAME"] = str(path)
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = wrapper
    node_module.forget_local_node()
    try:
        yield
    finally:
        wrapper.close()
        connections["default"] = previous
        node_module.forget_local_node()


@dataclass
class SimulatedNode:
    """One installation: its database file, identity, role and clock."""

    name: str
    path: Path
    role: str
    id: uuid.UUID = field(default_factory=uuid7)
    clock: HybridLogicalClock = field(default_factory=HybridLogicalClock)
    public_key: str = ""

    @contextmanager
    def active(self) -> Iterator[None]:
        """Run the block as this node: its database, its clock."""
        saved = node_module.clock
        node_module.clock = self.clock
        try:
            with database_active(self.path):
                yield
        finally:
            node_module.clock = saved


def nodes_create(template: Path, folder: Path, roles: list[str]) -> list[SimulatedNode]:
    """Nodes with the given roles, each registered at the others as a peer."""
    made = []
    for index, role in enumerate(roles):
        path = folder / f"node-{index}.sqlite3"
        shutil.copy(template, path)
        made.append(SimulatedNode(name=f"node {index}", path=path, role=role))
    for current in made:
        with current.active():
            Node.objects.create(id=current.id, name=current.name, role=current.role, is_local=True)
            current.public_key = node_exchange_public_key()
    for current in made:
        with current.active():
            for other in made:
                if other is not current:
                    Node.objects.create(
                        id=other.id,
                        name=other.name,
                        role=other.role,
                        exchange_public_key=other.public_key,
                    )
    return made


def synced_models() -> list[Any]:
    from django.apps import apps

    return sorted(
        (model for model in apps.get_models() if is_synced(model)),
        key=lambda model: model._meta.label_lower,
    )


# Columns each node keeps for itself and that therefore differ between nodes.
NODE_LOCAL_COLUMNS = frozenset({"last_login"})


def tables_dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every synced table, row by row, without the node-local columns; and the journal
    without each node's local sequence numbers."""
    dump: dict[str, list[tuple[Any, ...]]] = {}
    for model in synced_models():
        names = [
            f.attname for f in model._meta.concrete_fields if f.attname not in NODE_LOCAL_COLUMNS
        ]
        dump[model._meta.label_lower] = list(model._base_manager.order_by("pk").values_list(*names))
    entries = JournalEntry.objects.all()
    dump["core.journalentry"] = sorted(
        (
            str(entry.origin),
            entry.origin_position,
            entry.model,
            str(entry.record_id),
            entry.operation,
            entry.clock,
            tuple(entry.changed_fields),
            repr(sorted(entry.values.items())),
            bytes(entry.sealed_values or b""),
        )
        for entry in entries
    )
    return dump


def send(source: SimulatedNode, target: SimulatedNode, entries: list[dict[str, Any]] | None = None):
    """What ``source`` holds (or the given entries), with the keys they need, at ``target``."""
    from ujuzi.sync.apply import entries_apply
    from ujuzi.sync.wire import batch_for

    with source.active():
        batch = batch_for(Node.objects.get(pk=target.id), 0, limit=1_000_000)
        if entries is not None:
            batch["entries"] = entries
    with target.active():
        return entries_apply(
            batch["entries"], peer=Node.objects.get(pk=source.id), keys=batch["keys"]
        )


def become_a_site() -> None:
    """The test database's own node is a site from now on."""
    from ujuzi.core.node import is_site, local_node
    from ujuzi.core.services import node_initialise

    node_initialise(name="Lamu mobile lab 1", role="site")
    assert is_site() and local_node().role == Node.Role.SITE
