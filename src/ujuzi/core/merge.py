"""How each synced model merges when entries from many nodes meet.

Every synced model names its policy in a ``merge_policy`` class attribute, and a start-up
check (``ujuzi.core.checks``) refuses to run while one has none: a model added without
thinking about two writers would otherwise merge by accident. The policies:

- ``APPEND_ONLY``: records are written once and never changed (attendance marks, answers,
  consent events, evidence). Nothing to reconcile; only a tombstone may follow.
- ``LAST_WRITER_WINS``: each field keeps the value of the latest write to that field,
  ordered by clock, then node id, then the node's own sequence. Two nodes changing
  different fields of one record both keep their change.
- ``HubDecides(fields)``: last-writer-wins, except that the named fields change only at
  the hub (a cohort's seats: two offline sites cannot both give away the last seat).
- ``ConfirmedMerge(natural_keys)``: last-writer-wins for edits, and records that share a
  natural key (one person registered at two sites) become one only when a programme
  administrator confirms it, never silently.

The sync app (``ujuzi.sync.apply``) applies the policies; the services honour them locally
(``ujuzi.core.records`` refuses to change an append-only record, and a site's change to a
hub-decided field).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models


@dataclass(frozen=True)
class MergePolicy:
    """A merge rule by name; the subclasses carry what their rule needs."""

    name: str
    changes_after_creation: bool = True

    @property
    def hub_fields(self) -> frozenset[str]:
        """Fields only the hub may change once the record exists."""
        return frozenset()


@dataclass(frozen=True)
class HubDecides(MergePolicy):
    """Last-writer-wins, but the named fields change at the hub only."""

    name: str = "hub-decides"
    fields: tuple[str, ...] = field(default_factory=tuple)

    @property
    def hub_fields(self) -> frozenset[str]:
        """Fields only the hub may change once the record exists."""
        return frozenset(self.fields)


@dataclass(frozen=True)
class ConfirmedMerge(MergePolicy):
    """Last-writer-wins; records sharing a natural key merge once an admin confirms."""

    name: str = "confirmed-merge"
    natural_keys: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


APPEND_ONLY = MergePolicy("append-only", changes_after_creation=False)
LAST_WRITER_WINS = MergePolicy("last-writer-wins")


class AppendOnlyError(ValueError):
    """An append-only record was asked to change."""


class HubDecidesError(ValueError):
    """A site was asked to change a field only the hub decides."""


def merge_policy_of(model: type[models.Model]) -> MergePolicy | None:
    """The policy a model declares itself (not inherited from an abstract base)."""
    for klass in model.__mro__:
        if "merge_policy" in vars(klass):
            policy = vars(klass)["merge_policy"]
            return policy if isinstance(policy, MergePolicy) else None
        if klass is models.Model:
            break
    return None


def merge_policy(model: type[models.Model]) -> MergePolicy:
    """The policy of a synced model (the start-up check makes sure there is one)."""
    policy = merge_policy_of(model)
    if policy is None:
        raise LookupError(f"{model._meta.label} declares no merge_policy")
    return policy


def merge_policy_refusal(
    model: type[models.Model], changed: Sequence[str], *, at_site: bool
) -> None:
    """Refuse a local change the model's merge policy rules out, before anything is written.

    Other nodes would not apply it (``ujuzi.sync.fold``), so allowing it here would leave
    this node's table different from everyone else's.
    """
    policy = merge_policy_of(model)
    if policy is None:
        return
    label = model._meta.label_lower
    if not policy.changes_after_creation:
        raise AppendOnlyError(f"{label} records are written once and never changed")
    hub_only = sorted(policy.hub_fields.intersection(changed))
    if hub_only and at_site:
        raise HubDecidesError(f"only the hub changes {label}: {', '.join(hub_only)}")
