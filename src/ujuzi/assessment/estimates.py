"""How evidence becomes an estimate: the rule, in one pure function.

Only the newest piece of evidence from a skills check or a self-assessment counts (a new
skills check replaces the old one); from courses and partner certificates, the highest
level counts, since a later, easier course does not undo what a harder one attested.
Each counts with a weight — a course result or a trusted partner's certificate 3, a
skills check 2, a self-assessment 1 — times its own confidence. The estimated level is
the weighted mean, rounded half up; the confidence is the total weight over 3, capped at
1, so a completed course alone is certain and a self-assessment alone is not.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

SOURCE_WEIGHTS = {"course": 3.0, "credential": 3.0, "diagnostic": 2.0, "self": 1.0}
# Sources that attest a level reached: the highest counts, not the newest.
ATTESTED_SOURCES = frozenset({"course", "credential"})
SELF_ASSESSMENT_CONFIDENCE = 0.5
FULL_WEIGHT = 3.0


@dataclass(frozen=True)
class EvidenceFact:
    """The parts of a piece of evidence that the rule reads."""

    source: str
    level: int
    confidence: float
    observed_at: datetime.datetime


@dataclass(frozen=True)
class Combined:
    """An estimate and what it rests on."""

    level: int
    confidence: float
    evidence_count: int


def _outranks(fact: EvidenceFact, kept: EvidenceFact) -> bool:
    # A total order, so that every node, reading the evidence in whatever order its
    # database returns it, computes the same estimate.
    if fact.source in ATTESTED_SOURCES:
        return (fact.level, fact.observed_at, fact.confidence) > (
            kept.level,
            kept.observed_at,
            kept.confidence,
        )
    return (fact.observed_at, fact.level, fact.confidence) > (
        kept.observed_at,
        kept.level,
        kept.confidence,
    )


def combine(evidence: Iterable[EvidenceFact]) -> Combined | None:
    """The estimate from a competency's evidence, or None when there is none."""
    facts = list(evidence)
    newest: dict[str, EvidenceFact] = {}
    for fact in facts:
        kept = newest.get(fact.source)
        if kept is None or _outranks(fact, kept):
            newest[fact.source] = fact
    weighted = [
        (SOURCE_WEIGHTS.get(fact.source, 1.0) * max(fact.confidence, 0.05), fact.level)
        # Summed in one order (by source): floating-point sums depend on their order.
        for _source, fact in sorted(newest.items())
    ]
    total = sum(weight for weight, _level in weighted)
    if total <= 0:
        return None
    mean = sum(weight * level for weight, level in weighted) / total
    return Combined(
        level=int(mean + 0.5),
        confidence=round(min(1.0, total / FULL_WEIGHT), 2),
        evidence_count=len(facts),
    )


# Estimates are derived records: every node that holds a person's evidence computes them.
_ESTIMATE_KEYS = uuid.UUID("0193a1f0-5e3c-7d2a-9b41-6c0de5a7e1f2")


def estimate_key(person_id: Any, competency_id: Any) -> uuid.UUID:
    """The one key of a person's estimate in a competency, the same on every node.

    Two nodes that compute the estimate from the same evidence then write the same record
    (merged last-writer-wins, with equal values) rather than two records that claim one
    person and competency. An estimate removed and later made again takes a fresh key.
    """
    return uuid.uuid5(_ESTIMATE_KEYS, f"{person_id}:{competency_id}")
