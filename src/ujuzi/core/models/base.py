"""The installation's identity and the abstract base of every record that syncs."""

from __future__ import annotations

import uuid
from typing import ClassVar, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.core.ids import uuid7


class Node(models.Model):
    """An installation of Ujuzi: the national hub, a campus, a centre's or a lab's laptop.

    Exactly one row is the local node, created by ``ujuzi init``; others are peers this
    node has synced with. One node is the hub: it decides what only one place may decide
    (a cohort's seats) and its clock is the programme's reference for sites.
    """

    class Role(models.TextChoices):
        HUB = "hub", _("national hub")
        SITE = "site", _("site")

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name",)

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    name = models.CharField(_("name"), max_length=200)
    is_local = models.BooleanField(default=False)
    role = models.CharField(_("role"), max_length=4, choices=Role.choices, default=Role.HUB)
    # On the local row: the highest clock value taken in from another node. Every process of
    # this node reads it before issuing, so a value one process receives lifts them all.
    clock_floor = models.BigIntegerField(default=0)
    # X25519: peers wrap people's data keys for this node with the public half; the
    # private half, on the local row only, is sealed with the installation's keyring.
    exchange_public_key = models.CharField(max_length=64, blank=True)
    exchange_private_key = models.BinaryField(null=True, blank=True, editable=False)
    checkpoint_public_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_local"],
                condition=models.Q(is_local=True),
                name="core_node_one_local",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


_Record = TypeVar("_Record", bound=models.Model)


class LiveManager(models.Manager[_Record]):
    """Hides tombstoned records; ``all_objects`` still sees them (sync and audit need to)."""

    def get_queryset(self) -> models.QuerySet[_Record]:
        """Live records only."""
        return super().get_queryset().filter(deleted_clock__isnull=True)


class SyncedModel(models.Model):
    """A record that sites may create or change and that syncs between nodes.

    ``changed_clock`` and ``deleted_clock`` hold hybrid-logical-clock values (see
    ``ujuzi.core.clock``) rather than timestamps, so last-writer-wins survives skewed site
    clocks. Subclasses declare their personal data in ``personal_fields`` and
    ``sensitive_fields``; the registry in ``ujuzi.core.personal_data`` collects them.
    """

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    changed_clock = models.BigIntegerField(default=0, editable=False, db_index=True)
    origin = models.UUIDField(null=True, editable=False)
    deleted_clock = models.BigIntegerField(null=True, blank=True, editable=False)

    personal_fields: ClassVar[tuple[str, ...]] = ()
    sensitive_fields: ClassVar[tuple[str, ...]] = ()
    # Fields that stay on the node that wrote them and are never journaled.
    local_only_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        """True once the record carries a tombstone."""
        return self.deleted_clock is not None

    def data_subject_id(self) -> uuid.UUID | None:
        """The person whose data key seals this record's personal values, if any."""
        return None
