"""Three nodes that share nothing but journal entries end with identical tables.

Random writes at a hub and two sites, exchanged in random subsets, in random order, with
duplicates and in several batches, then a final exchange in both directions: every synced
table, and the journal, must be the same at all three. What the comparison leaves out is
named in ``tests.sync.nodes``: each node's own ``Node`` rows, ``last_login``, each node's
audit chain, and the journal's local sequence numbers.
"""

from __future__ import annotations

import contextlib
import os
import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_cohort, make_course, make_person, make_programme, make_site
from tests.sync.nodes import SimulatedNode, nodes_create, tables_dump
from ujuzi.catalog.models import Course, Programme
from ujuzi.core.erasure import data_subject_shred
from ujuzi.core.journal import ErasedError
from ujuzi.core.merge import HubDecidesError
from ujuzi.core.models import Node
from ujuzi.core.records import record_delete, record_update
from ujuzi.delivery.models import Cohort
from ujuzi.people.models import Person
from ujuzi.places.models import Site
from ujuzi.sync.apply import entries_apply
from ujuzi.sync.models import PendingRecord
from ujuzi.sync.wire import batch_for

MAKERS = [make_site, make_programme, make_course, make_cohort, make_person]
MODELS = [Site, Programme, Course, Cohort, Person]


def _change(model: type[Any], value: int) -> dict[str, Any]:
    """A change whose value differs from write to write, so that conflicts are real."""
    if model is Site:
        return {"seats": value} if value % 2 else {"name": f"Centre {value}"}
    if model is Programme:
        return {"audience": ["all", "youth", "civil_servant"][value % 3]}
    if model is Course:
        return {"duration_hours": value + 1}
    if model is Person:
        return {"first_name": f"Amani {value}"} if value % 2 else {"job_title": f"Clerk {value}"}
    return {"capacity": value + 1} if value % 2 else {"is_open": bool(value % 4)}


write = st.tuples(
    st.sampled_from(["create", "update", "delete", "erase"]),
    st.integers(0, 2),  # which node
    st.integers(0, len(MODELS) - 1),
    st.integers(0, 1000),
)
exchange = st.tuples(
    st.just("exchange"),
    st.integers(0, 2),  # from
    st.integers(0, 2),  # to
    st.integers(0, 2**32),  # how the entries are picked, shuffled, doubled and split
)


def _write(node: SimulatedNode, kind: str, which: int, value: int) -> None:
    model = MODELS[which]
    with node.active():
        if kind == "create":
            MAKERS[which]()
            return
        live = list(model.objects.order_by("pk"))
        if not live:
            return
        record = live[value % len(live)]
        if kind == "delete" and model is not Person:
            record_delete(record, by=None)
            return
        if kind == "erase" and model is Person:
            data_subject_shred(record.pk, by=None)
            return
        # A site may not change a cohort's seats, nor anyone an erased person: refused
        # before anything is written.
        with contextlib.suppress(HubDecidesError, ErasedError):
            record_update(record, changes=_change(model, value), by=None)


def _exchange(source: SimulatedNode, target: SimulatedNode, seed: int | None) -> None:
    if source is target:
        return
    with source.active():
        batch = batch_for(Node.objects.get(pk=target.id), 0, limit=1_000_000)
    entries = batch["entries"]
    if seed is not None:
        rng = random.Random(seed)
        entries = rng.sample(entries, rng.randint(0, len(entries)))
        entries += rng.sample(entries, min(len(entries), rng.randint(0, 3)))  # duplicates
        rng.shuffle(entries)
    cut = len(entries) // 2 if seed is not None and seed % 2 else len(entries)
    with target.active():
        peer = Node.objects.get(pk=source.id)
        for part in (entries[:cut], entries[cut:]):
            if part:
                entries_apply(part, peer=peer, keys=batch["keys"])


@pytest.mark.skipif(
    bool(os.environ.get("UJUZI_TEST_DATABASE_URL")),
    reason="the nodes are SQLite files whatever the leg; once per CI run is enough",
)
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(st.one_of(write, exchange), min_size=1, max_size=18))
def test_three_nodes_converge_to_identical_tables(sync_template: Path, django_db_blocker, steps):
    with tempfile.TemporaryDirectory() as folder, django_db_blocker.unblock():
        nodes = nodes_create(sync_template, Path(folder), ["hub", "site", "site"])
        for step in steps:
            if step[0] == "exchange":
                _exchange(nodes[step[1]], nodes[step[2]], step[3])
            else:
                _write(nodes[step[1]], *step[0:1], *step[2:])
        for _ in range(2):  # everyone sends everything to everyone
            for source in nodes:
                for target in nodes:
                    _exchange(source, target, None)
        dumps = []
        for node in nodes:
            with node.active():
                assert not PendingRecord.objects.exists()
                dumps.append(tables_dump())
        assert dumps[0] == dumps[1] == dumps[2]
