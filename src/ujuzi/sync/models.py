"""What a node keeps about syncing with its peers.

How far it has come with each peer, what clashed, and records that wait for something
(their creation, a parent, a data key) before they apply. None of these sync: they
describe this node's own view of its peers.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.core.models import Node


class PeerCursor(models.Model):
    """How far this node has come with one peer, in the peer's own journal and in ours."""

    peer = models.OneToOneField(Node, primary_key=True, on_delete=models.CASCADE)
    # The peer's local sequence number up to which its entries have been taken in here.
    received_through = models.BigIntegerField(default=0)
    # Our local sequence number up to which the peer has confirmed our entries.
    sent_through = models.BigIntegerField(default=0)
    synced_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"cursor with {self.peer_id}: in {self.received_through}, out {self.sent_through}"


class SyncConflict(models.Model):
    """A write from another node that did not simply apply, kept so an admin can see why.

    Nothing is lost: the entry itself is in the journal, and the merge rule decided the
    table's value the same way on every node.
    """

    class Kind(models.TextChoices):
        APPEND_ONLY = "append_only", _("a record written once was changed")
        HUB_DECIDES = "hub_decides", _("a site changed what only the hub decides")
        CLOCK_AHEAD = "clock_ahead", _("the sending computer's clock is far ahead")
        NATURAL_KEY = "natural_key", _("another record already has this key")

    not_personal_fields: ClassVar[tuple[str, ...]] = ("model", "field", "detail")

    noticed_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    model = models.CharField(max_length=100)
    record_id = models.UUIDField()
    field = models.CharField(max_length=100, blank=True)
    origin = models.UUIDField()
    origin_seq = models.BigIntegerField()
    clock = models.BigIntegerField()
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-noticed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "origin", "origin_seq", "field"], name="sync_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.model} {self.record_id} {self.field}"


class PendingRecord(models.Model):
    """A record with entries here that cannot be written yet, and why."""

    class Reason(models.TextChoices):
        NOT_CREATED = "not_created", _("its creation has not arrived")
        PARENT = "parent", _("a record it points to has not arrived")
        KEY = "key", _("the person's data key is not here")
        NATURAL_KEY = "natural_key", _("another record already has its key")

    not_personal_fields: ClassVar[tuple[str, ...]] = ("model",)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    model = models.CharField(max_length=100)
    record_id = models.UUIDField()
    reason = models.CharField(max_length=12, choices=Reason.choices)
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "record_id"], name="sync_pending_once")
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.record_id}: {self.reason}"
