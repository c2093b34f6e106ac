"""The hybrid logical clock: every synced write takes one value."""

from __future__ import annotations

from harness import Run
from ujuzi.core.clock import HybridLogicalClock


def hlc_now(size: int) -> Run:
    """``size`` calls of ``HybridLogicalClock().now()`` on a fresh clock."""
    clock = HybridLogicalClock()
    first = clock.now()

    def timed() -> int:
        now = clock.now
        for _ in range(size):
            now()
        return size

    def check(count: int) -> None:
        if clock.last < first + count:
            raise AssertionError("the clock issued fewer distinct values than calls")

    return Run(timed, check)
