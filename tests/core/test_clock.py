import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ujuzi.core.clock import (
    ClockDriftError,
    HybridLogicalClock,
    milliseconds_of,
    order_key,
    pack,
)


class FakeWall:
    """A wall clock the test moves by hand, backwards included."""

    def __init__(self, start: int = 1_790_000_000_000) -> None:
        self.now = start

    def __call__(self) -> int:
        return self.now


@given(steps=st.lists(st.integers(min_value=-10_000_000, max_value=10_000_000), max_size=200))
def test_values_strictly_increase_whatever_the_wall_clock_does(steps):
    wall = FakeWall()
    clock = HybridLogicalClock(wall=wall)
    previous = clock.now()
    for step in steps:
        wall.now = max(0, wall.now + step)
        value = clock.now()
        assert value > previous
        previous = value


@given(
    local_steps=st.lists(st.integers(min_value=-5_000, max_value=5_000), max_size=50),
    remote_offsets=st.lists(st.integers(min_value=-3_600_000, max_value=3_600_000), max_size=50),
)
def test_after_receiving_a_value_every_later_value_is_above_it(local_steps, remote_offsets):
    wall = FakeWall()
    clock = HybridLogicalClock(wall=wall)
    highest_seen = 0
    for step, offset in zip(local_steps, remote_offsets, strict=False):
        wall.now += step
        remote = pack(wall.now + offset, 7)
        received = clock.receive(remote)
        assert received > remote
        assert received > highest_seen
        highest_seen = received
        assert clock.now() > highest_seen
        highest_seen = clock.last


def test_two_nodes_exchanging_values_keep_causal_order_despite_skew():
    fast_wall, slow_wall = FakeWall(2_000_000), FakeWall(1_000_000)
    hub, site = HybridLogicalClock(wall=fast_wall), HybridLogicalClock(wall=slow_wall)
    sent = hub.now()
    # The site's wall clock is 1000 s behind, yet its reply must order after the message.
    reply = site.receive(sent)
    assert reply > sent
    assert site.now() > reply
    assert hub.receive(site.now()) > reply


def test_wall_clock_going_backwards_never_reissues_a_value():
    wall = FakeWall(5_000)
    clock = HybridLogicalClock(wall=wall)
    before = [clock.now() for _ in range(3)]
    wall.now = 1_000
    after = [clock.now() for _ in range(3)]
    assert after[0] == before[-1] + 1
    assert milliseconds_of(after[-1]) == 5_000


def test_counter_overflow_carries_into_milliseconds_and_keeps_order():
    wall = FakeWall(10)
    clock = HybridLogicalClock(wall=wall)
    values = [clock.now() for _ in range(70_000)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)
    assert milliseconds_of(values[-1]) == 11


def test_a_remote_value_far_in_the_future_is_refused():
    wall = FakeWall(1_000_000)
    clock = HybridLogicalClock(wall=wall, max_drift_ms=60_000)
    with pytest.raises(ClockDriftError):
        clock.receive(pack(1_000_000 + 60_001))
    assert clock.last == 0


def test_ties_between_nodes_break_on_node_id():
    first, second = uuid.UUID(int=1), uuid.UUID(int=2)
    value = pack(1_000, 3)
    assert order_key(value, first) < order_key(value, second)
    assert order_key(value, second) < order_key(value + 1, first)


@given(ms=st.integers(min_value=0, max_value=2**46), counter=st.integers(0, 2**16 - 1))
def test_packing_preserves_order_and_parts(ms, counter):
    value = pack(ms, counter)
    assert milliseconds_of(value) == ms
    assert value < pack(ms, counter + 1) if counter < 2**16 - 1 else value < pack(ms + 1)
    assert value < 2**63
