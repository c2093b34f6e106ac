"""Each derived record has one maker: what the hub makes, a site leaves to the hub."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.credentials.issuing_helpers import make_completion
from tests.factories import RECIPES, TEST_TIME
from tests.sync.nodes import become_a_site, send
from ujuzi.assessment.estimates import EvidenceFact, combine
from ujuzi.assessment.models import SkillEstimate
from ujuzi.assessment.services import estimates_refresh
from ujuzi.core.node import is_site
from ujuzi.core.records import record_create
from ujuzi.core.services import node_initialise
from ujuzi.credentials.issuing import credentials_issue_pending
from ujuzi.credentials.models import Credential, StatusListRange
from ujuzi.sync.models import PendingRecord, SyncConflict


def test_the_role_is_set_at_init_and_only_to_hub_or_site(db: Any) -> None:
    assert not is_site()
    with pytest.raises(ValueError, match="hub or a site"):
        node_initialise(name=None, role="relay")
    become_a_site()
    node_initialise(name=None, role="hub")
    assert not is_site()


def test_a_site_issues_no_certificate_and_numbers_no_status_list(db: Any) -> None:
    make_completion()
    become_a_site()
    assert credentials_issue_pending() == 0
    assert not Credential.objects.exists() and not StatusListRange.objects.exists()
    node_initialise(name=None, role="hub")  # the completion has reached the hub
    assert credentials_issue_pending() == 1


facts = st.lists(
    st.builds(
        EvidenceFact,
        st.sampled_from(["self", "diagnostic", "course", "credential"]),
        st.integers(0, 4),
        st.sampled_from([0.3, 0.5, 0.9, 1.0]),
        st.sampled_from([TEST_TIME, TEST_TIME.replace(day=20)]),
    ),
    max_size=6,
)


@given(evidence=facts)
def test_an_estimate_does_not_depend_on_the_order_the_evidence_is_read_in(evidence):
    results = {
        repr(combine(order)) for order in itertools.islice(itertools.permutations(evidence), 24)
    }
    assert len(results) == 1


def test_an_estimate_computed_at_two_nodes_is_one_record(hub_and_site) -> None:
    hub, site = hub_and_site
    with hub.active():
        evidence = record_create(RECIPES["assessment.evidence"].build(), by=None)
    send(hub, site)
    rows = []
    for node in (hub, site):
        with node.active():
            estimates_refresh(evidence.person_id, [evidence.competency_id], by=None)
    send(hub, site)
    send(site, hub)
    for node in (hub, site):
        with node.active():
            assert not PendingRecord.objects.exists() and not SyncConflict.objects.exists()
            rows.append(list(SkillEstimate.objects.values("id", "level", "confidence")))
    assert rows[0] == rows[1] and len(rows[0]) == 1
