"""The installation's identity and its clock, seeded from what the database has seen."""

from __future__ import annotations

import socket
import uuid

from django.db import IntegrityError, transaction
from django.db.models import Max

from ujuzi.core.clock import clock
from ujuzi.core.models import JournalEntry, Node

_local_node_ids: dict[str, uuid.UUID] = {}
_clock_seeded: set[str] = set()


def local_node(database: str = "default") -> Node:
    """The local node row, created on first use (``ujuzi init`` names it)."""
    node = Node.objects.using(database).filter(is_local=True).first()
    if node is not None:
        return node
    try:
        with transaction.atomic(using=database):
            return Node.objects.using(database).create(
                name=socket.gethostname() or "ujuzi", is_local=True
            )
    except IntegrityError:
        return Node.objects.using(database).get(is_local=True)


def local_node_id(database: str = "default") -> uuid.UUID:
    """The local node's id, remembered per process."""
    if database not in _local_node_ids:
        _local_node_ids[database] = local_node(database).id
    return _local_node_ids[database]


def forget_local_node() -> None:
    """Drop remembered node ids and clock seeding (a database was replaced)."""
    _local_node_ids.clear()
    _clock_seeded.clear()


def next_clock(database: str = "default") -> int:
    """The next clock value, never below any value this database already holds."""
    if database not in _clock_seeded:
        highest = JournalEntry.objects.using(database).aggregate(value=Max("clock"))["value"]
        clock.advance_to(highest or 0)
        _clock_seeded.add(database)
    return clock.now()
