"""Entries from another node apply once, by the model's merge rule, in any order."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.factories import make_cohort, make_course, make_site
from tests.sync.nodes import SimulatedNode, send
from ujuzi.core.clock import pack, wall_clock_ms
from ujuzi.core.merge import HubDecidesError
from ujuzi.core.models import AuditEntry, JournalEntry, Node
from ujuzi.core.records import record_delete, record_update
from ujuzi.delivery.models import Cohort
from ujuzi.places.models import Site
from ujuzi.sync.apply import entries_apply
from ujuzi.sync.models import PeerCursor, PendingRecord, SyncConflict
from ujuzi.sync.wire import MAX_ENTRIES, SyncRefused, journal_since


def test_a_cohort_made_at_a_site_arrives_whole_at_the_hub_and_applies_once(hub_and_site):
    hub, site = hub_and_site
    with site.active():
        cohort = make_cohort()
        record_update(cohort, changes={"is_open": True}, by=None)
        sent = journal_since(0)
    first = send(site, hub, sent)
    again = send(site, hub, sent)
    assert first.new == len(sent) and first.waiting == 0
    assert again.new == 0 and again.seen_before == len(sent) and again.records_written == 0
    with hub.active():
        arrived = Cohort.objects.get(pk=cohort.pk)
        assert (arrived.code, arrived.is_open, arrived.changed_clock) == (
            cohort.code,
            True,
            cohort.changed_clock,
        )
        assert arrived.origin == site.id
        assert PeerCursor.objects.get(peer_id=site.id).received_through == sent[-1]["seq"]
        assert AuditEntry.objects.filter(action="sync.apply").count() == 1
        # Entries keep the site's numbering, so the hub knows exactly what it has from whom.
        numbers = JournalEntry.objects.filter(origin=site.id).values_list("origin_seq", flat=True)
        assert sorted(numbers) == [entry["seq"] for entry in sent]


def test_entries_in_any_order_settle_once_their_parents_arrive(hub_and_site):
    hub, site = hub_and_site
    with site.active():
        cohort = make_cohort()
        sent = journal_since(0)
    shuffled = sent[:]
    random.Random(7).shuffle(shuffled)
    with hub.active():
        peer = Node.objects.get(pk=site.id)
        for entry in shuffled[:-1]:
            entries_apply([entry], peer=peer)
        waiting = PendingRecord.objects.count()
        entries_apply(shuffled[-1:], peer=peer)
        assert Cohort.objects.filter(pk=cohort.pk).exists()
        assert PendingRecord.objects.count() == 0
    assert waiting >= 1


def test_concurrent_edits_of_different_fields_both_survive_and_of_one_field_the_later_wins(
    hub_and_site,
):
    hub, site = hub_and_site
    with hub.active():
        made = make_site()
    send(hub, site)
    with site.active():
        record_update(Site.objects.get(pk=made.pk), changes={"seats": 12}, by=None)
        record_update(Site.objects.get(pk=made.pk), changes={"name": "Faza (site)"}, by=None)
    with hub.active():
        record_update(Site.objects.get(pk=made.pk), changes={"name": "Faza (hub)"}, by=None)
    send(site, hub)
    send(hub, site)
    rows = []
    for node in (hub, site):
        with node.active():
            rows.append(Site.objects.values("name", "seats", "changed_clock", "origin").get())
    assert rows[0] == rows[1]
    assert rows[0]["seats"] == 12
    # Of the two names, the one written later in clock order wins, on both nodes.
    with hub.active():
        entries = JournalEntry.objects.filter(record_id=made.pk)
        names = [entry for entry in entries if "name" in entry.changed_fields]
        latest = max(names, key=lambda entry: (entry.clock, entry.origin.bytes))
    assert rows[0]["name"] == latest.values["name"]


def test_a_site_cannot_change_what_the_hub_decides_and_a_forged_change_is_ignored(hub_and_site):
    hub, site = hub_and_site
    with hub.active():
        cohort = make_cohort(capacity=20)
    send(hub, site)
    with site.active():
        with pytest.raises(HubDecidesError, match="only the hub"):
            record_update(Cohort.objects.get(pk=cohort.pk), changes={"capacity": 25}, by=None)
        # An older site's forged entry giving itself more seats.
        forged = {
            **journal_since(0)[-1],
            "origin": str(site.id),
            "origin_seq": 10_000,
            "operation": "update",
            "model": "delivery.cohort",
            "record_id": str(cohort.pk),
            "clock": cohort.changed_clock + 1,
            "changed_fields": ["capacity", "is_open"],
            "values": {"capacity": 99, "is_open": True},
            "subject_id": None,
            "sealed_values": None,
        }
    send(site, hub, [forged])
    with hub.active():
        arrived = Cohort.objects.get(pk=cohort.pk)
        assert (arrived.capacity, arrived.is_open) == (20, True)
        assert SyncConflict.objects.get().kind == SyncConflict.Kind.HUB_DECIDES


def test_a_deletion_wins_over_a_concurrent_edit(hub_and_site):
    hub, site = hub_and_site
    with hub.active():
        course = make_course()
    send(hub, site)
    with site.active():
        record_delete(type(course).objects.get(pk=course.pk), by=None)
    with hub.active():
        record_update(
            type(course).objects.get(pk=course.pk), changes={"duration_hours": 9}, by=None
        )
    send(site, hub)
    send(hub, site)
    for node in (hub, site):
        with node.active():
            row = type(course)._base_manager.get(pk=course.pk)
            assert row.deleted_clock is not None and row.duration_hours == 9


def test_a_clock_far_ahead_is_noted_and_does_not_drag_the_hub_along(hub_and_site):
    hub, site = hub_and_site
    with site.active():
        made = make_site()
        entry = journal_since(0)[-1]
    ahead = pack(wall_clock_ms() + 5 * 24 * 3_600_000)
    send(site, hub, [{**entry, "clock": ahead}])
    with hub.active():
        conflict = SyncConflict.objects.get(kind=SyncConflict.Kind.CLOCK_AHEAD)
        assert conflict.origin == site.id and conflict.record_id == made.pk
        assert Node.objects.get(is_local=True).clock_floor < ahead


def _valid(source: SimulatedNode) -> dict[str, Any]:
    with source.active():
        make_site()
        return journal_since(0)[-1]


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda e: {**e, "model": "core.node"}, "does not sync"),
        (lambda e: {**e, "model": "nowhere.thing"}, "no such model"),
        (lambda e: {**e, "record_id": "not-a-uuid"}, "not a UUID"),
        (lambda e: {**e, "clock": -5}, "whole number"),
        (lambda e: {**e, "clock": "12"}, "whole number"),
        (lambda e: {**e, "operation": "drop"}, "unknown operation"),
        (lambda e: {**e, "changed_fields": ["password_hash"]}, "does not sync"),
        (lambda e: {**e, "values": {"seats": 3}, "changed_fields": ["name"]}, "did not change"),
        (lambda e: {**e, "sealed_values": "!!!", "subject_id": e["record_id"]}, "base64"),
        (lambda e: {**e, "sealed_values": "AAAA"}, "come together"),
        (lambda e: "entry", "not an object"),
    ],
)
def test_a_bad_entry_refuses_the_whole_batch_and_writes_nothing(hub_and_site, spoil, message):
    hub, site = hub_and_site
    good = _valid(site)
    with hub.active():
        before = JournalEntry.objects.count()
        with pytest.raises(SyncRefused, match=message):
            entries_apply([good, spoil(good)], peer=Node.objects.get(pk=site.id))
        assert JournalEntry.objects.count() == before
        assert not Site.objects.exists()


def test_a_batch_that_is_not_a_list_or_too_big_is_refused(hub_and_site):
    hub, _ = hub_and_site
    with hub.active():
        with pytest.raises(SyncRefused, match="list of entries"):
            entries_apply({"entries": []})
        with pytest.raises(SyncRefused, match="at most"):
            entries_apply([{}] * (MAX_ENTRIES + 1))


def test_the_hub_s_entries_travel_on_through_a_site_without_doubling(hub_and_site):
    hub, site = hub_and_site
    with hub.active():
        make_site()
    send(hub, site)
    back = send(site, hub)  # the site sends everything it holds, the hub's own entries too
    assert back.new == 0 and back.seen_before > 0
