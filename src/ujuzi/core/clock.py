"""The hybrid logical clock that orders every write across sites with skewed clocks.

A clock value packs wall-clock milliseconds and a counter into one integer,
``milliseconds << 16 | counter``, so plain integer order is clock order and the value fits a
signed 64-bit column until the year 6400. A node never issues a value lower than one it
issued or received before, even when its wall clock goes back; between nodes, equal values
are ordered by node id (see ``order_key``). If more than 65,535 values are issued in one
millisecond the counter carries into the millisecond part: order is still preserved and the
clock simply runs a little ahead until the wall clock catches up.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1
# A value from another node more than this far ahead of our wall clock is refused rather
# than dragging every later write on this node into the future.
DEFAULT_MAX_DRIFT_MS = 60 * 60 * 1000


class ClockDriftError(ValueError):
    """A received clock value is implausibly far ahead of this node's wall clock."""


def wall_clock_ms() -> int:
    """Milliseconds since the Unix epoch from the system clock."""
    return time.time_ns() // 1_000_000


def pack(milliseconds: int, counter: int = 0) -> int:
    """Build a clock value from its two parts."""
    return (milliseconds << COUNTER_BITS) | (counter & COUNTER_MASK)


def milliseconds_of(value: int) -> int:
    """The wall-clock part of a clock value."""
    return value >> COUNTER_BITS


def order_key(value: int, node_id: uuid.UUID) -> tuple[int, bytes]:
    """Total order over writes from many nodes: clock first, node id breaks ties."""
    return (value, node_id.bytes)


class HybridLogicalClock:
    """A thread-safe hybrid logical clock for one node."""

    def __init__(
        self,
        wall: Callable[[], int] = wall_clock_ms,
        max_drift_ms: int = DEFAULT_MAX_DRIFT_MS,
    ) -> None:
        self._wall = wall
        self._max_drift_ms = max_drift_ms
        self._last = 0
        self._lock = threading.Lock()

    @property
    def last(self) -> int:
        """The highest value issued or received so far."""
        return self._last

    def now(self) -> int:
        """A value greater than every value issued or received before."""
        with self._lock:
            self._last = max(pack(self._wall()), self._last + 1)
            return self._last

    def receive(self, remote: int) -> int:
        """Take in a value from another node; return a local value above both."""
        if remote < 0:
            raise ValueError("clock values are never negative")
        with self._lock:
            wall = self._wall()
            if milliseconds_of(remote) - wall > self._max_drift_ms:
                raise ClockDriftError(
                    f"remote clock is {milliseconds_of(remote) - wall} ms ahead of this node"
                )
            self._last = max(pack(wall), self._last + 1, remote + 1)
            return self._last

    def advance_to(self, value: int) -> None:
        """Never issue a value at or below ``value`` (used at start-up with stored values)."""
        with self._lock:
            self._last = max(self._last, value)


clock = HybridLogicalClock()
