"""The installation's identity and its clock, shared by every process of the node.

Each process keeps a hybrid logical clock (``ujuzi.core.clock``), but the web workers, the
task worker and a sync run are separate processes of one node. What ties their clocks
together is the local node row's ``clock_floor``: the highest value the node has taken in
from other nodes. Receiving raises it in the receiving transaction (rare: only sync writes
it); every write reads it before issuing (one indexed read, no lock, so no new hotspot on
the write path) and issues above it. Values issued locally need no shared row: each
process starts above the newest values already journaled, and a record changed by two
processes is always stamped above its own current value (``next_clock(above=…)``).

A site laptop's wall clock is often days off. The policy (see ``docs/adr/0005``):
- a value more than ``MAX_DRIFT_MS`` ahead of the wall clock is still accepted (its entry
  applies, and its clock decides last-writer-wins), but it raises the floor only to
  wall clock + ``MAX_DRIFT_MS``, so one wrong laptop cannot drag a node's clock into the
  future; the sync run records the entry as a clock conflict naming its node;
- except that a site takes the hub's values whole: the hub's clock is the programme's
  reference, and a site whose own clock is behind warns at start-up (``clock_warnings``).
"""

from __future__ import annotations

import socket
import uuid

from django.db import IntegrityError, connections, transaction
from django.utils.translation import gettext as _

from ujuzi.core.clock import DEFAULT_MAX_DRIFT_MS, clock, milliseconds_of, pack, wall_clock_ms
from ujuzi.core.models import JournalEntry, Node

MAX_DRIFT_MS = DEFAULT_MAX_DRIFT_MS
# Entries read at start-up to find the newest values issued here before a restart.
_SEED_WINDOW = 1000

_local_node_ids: dict[str, uuid.UUID] = {}
_local_roles: dict[str, str] = {}
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


def is_site(database: str = "default") -> bool:
    """True when this installation is a site, not the hub (remembered per process)."""
    if database not in _local_roles:
        _local_roles[database] = local_node(database).role
    return _local_roles[database] == Node.Role.SITE


def forget_local_node() -> None:
    """Drop remembered node ids, roles and clock seeding (a database was replaced)."""
    _local_node_ids.clear()
    _local_roles.clear()
    _clock_seeded.clear()


def _floor(database: str) -> int:
    """The node's clock floor, read straight from its row (every process shares it)."""
    local_node_id(database)  # the row exists
    table = connections[database].ops.quote_name(Node._meta.db_table)
    with connections[database].cursor() as cursor:
        # The table name comes from the model's metadata; nothing here is user input.
        cursor.execute(f"SELECT clock_floor FROM {table} WHERE is_local = %s", [True])  # noqa: S608
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _seed(database: str) -> None:
    """Start above the newest values journaled here before this process began.

    The newest entries (by local sequence) hold what this node issued last, which its wall
    clock may since have gone back past; values further ahead than the drift allowance
    came from a wrong clock elsewhere and are left to the floor's own rule.
    """
    ceiling = pack(wall_clock_ms() + MAX_DRIFT_MS)
    recent = (
        JournalEntry.objects.using(database)
        .order_by("-seq")
        .values_list("clock", flat=True)[:_SEED_WINDOW]
    )
    clock.advance_to(max((value for value in recent if value <= ceiling), default=0))
    _clock_seeded.add(database)


def next_clock(database: str = "default", *, above: int | None = None) -> int:
    """A clock value above every value this node has issued or received.

    ``above``, a record's current value, makes the new value exceed it too, without
    moving this process's clock: a record stamped far ahead by a wrong clock elsewhere
    keeps its order without dragging every later write after it.
    """
    if database not in _clock_seeded:
        _seed(database)
    clock.advance_to(_floor(database))
    value = clock.now()
    return value if above is None or value > above else above + 1


class ClockValues:
    """Issues this node's clock values one after another without reading the floor again."""

    def __call__(self) -> int:
        """The next value."""
        return clock.now()


def clock_values(database: str = "default") -> ClockValues:
    """Clock values for a bulk write: the floor is read once, each value is then issued."""
    next_clock(database)
    return ClockValues()


def clock_receive(
    value: int, *, from_hub: bool = False, database: str = "default"
) -> tuple[int, bool]:
    """Take in a value from another node inside the receiving transaction.

    Returns the value the floor was raised to and whether ``value`` was further ahead than
    the drift allowance (the caller records that). See the module's policy.
    """
    if value < 0:
        raise ValueError("clock values are never negative")
    local_node_id(database)  # the row the floor lives on exists
    ceiling = pack(wall_clock_ms() + MAX_DRIFT_MS)
    ahead = value > ceiling
    takes_whole = from_hub and is_site(database)
    lifted = value if takes_whole else min(value, ceiling)
    Node.objects.using(database).filter(is_local=True, clock_floor__lt=lifted).update(
        clock_floor=lifted
    )
    clock.advance_to(lifted)
    return lifted, ahead


def clock_warnings(database: str = "default") -> list[str]:
    """Plain-language warnings about this node's wall clock, for start-up and the home page."""
    floor = _floor(database)
    behind_ms = milliseconds_of(floor) - wall_clock_ms()
    if behind_ms <= MAX_DRIFT_MS:
        return []
    return [
        _(
            "This computer's clock is about %(hours)d hours behind the clock of the nodes it "
            "syncs with. Set its date and time: records still keep their order, but the "
            "dates and times shown and printed here are off."
        )
        % {"hours": behind_ms // 3_600_000}
    ]
