"""A person's data key travels wrapped for each node, and an erasure reaches every node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.factories import make_person
from tests.sync.nodes import nodes_create, send
from ujuzi.core import crypto
from ujuzi.core.erasure import data_subject_shred
from ujuzi.core.journal import opened_values
from ujuzi.core.models import DataKey, JournalEntry, Node
from ujuzi.people.models import Person
from ujuzi.sync.apply import entries_apply
from ujuzi.sync.wire import SyncRefused, batch_for


@pytest.fixture
def hub_and_two_sites(sync_template: Path, tmp_path: Path, django_db_blocker: Any):
    with django_db_blocker.unblock():
        yield nodes_create(sync_template, tmp_path, ["hub", "site", "site"])


def _everything_at(node) -> str:
    """Every synced table and the journal's plain values at a node, as one text."""
    from tests.sync.nodes import tables_dump

    with node.active():
        return repr(tables_dump())


def test_a_value_sealed_at_a_site_opens_at_the_hub_and_after_erasure_nowhere(hub_and_two_sites):
    hub, site, other = hub_and_two_sites
    with site.active():
        person = make_person(first_name="Mwanaisha", last_name="Bakari", national_id="31234567")
        sealed = JournalEntry.objects.filter(record_id=person.pk).first()
        assert sealed is not None and sealed.sealed_values
    send(site, hub)
    send(hub, other)
    for node in (hub, other):
        with node.active():
            arrived = Person.objects.get(pk=person.pk)
            assert (arrived.first_name, arrived.national_id) == ("Mwanaisha", "31234567")
            entry = JournalEntry.objects.get(origin=site.id, record_id=person.pk)
            assert (opened_values(entry) or {})["first_name"] == "Mwanaisha"

    with hub.active():
        data_subject_shred(person.pk, by=None)
    # The other site has not heard of the erasure and sends what it holds, key included.
    send(other, hub)
    with hub.active():
        assert bytes(DataKey.objects.get(subject_id=person.pk).wrapped_key) == b""
        assert Person.objects.get(pk=person.pk).first_name == ""
    send(hub, site)
    with site.active():
        entry = JournalEntry.objects.get(origin=site.id, record_id=person.pk)
        assert opened_values(entry) is None
        assert crypto.data_keys_for([person.pk], create=False) == {person.pk: None}
        assert Person.objects.get(pk=person.pk).national_id is None
    dumped = _everything_at(site)
    for secret in ("Mwanaisha", "Bakari", "31234567"):
        assert secret not in dumped


def test_a_key_wrapped_for_one_node_does_not_open_at_another(hub_and_two_sites):
    hub, site, other = hub_and_two_sites
    with site.active():
        make_person()
        batch = batch_for(Node.objects.get(pk=other.id), 0)  # wrapped for the other site
    with hub.active():
        with pytest.raises(SyncRefused, match="cannot be opened here"):
            entries_apply(batch["entries"], peer=Node.objects.get(pk=site.id), keys=batch["keys"])
        assert not Person.objects.exists() and not DataKey.objects.exists()


def test_without_its_key_a_person_waits_and_arrives_with_it(hub_and_two_sites):
    hub, site, _ = hub_and_two_sites
    with site.active():
        person = make_person()
        batch = batch_for(Node.objects.get(pk=hub.id), 0)
    with hub.active():
        peer = Node.objects.get(pk=site.id)
        first = entries_apply(batch["entries"], peer=peer)
        assert first.waiting and not Person.objects.filter(pk=person.pk).exists()
        entries_apply(batch["entries"], peer=peer, keys=batch["keys"])
        assert Person.objects.get(pk=person.pk).last_name == person.last_name
