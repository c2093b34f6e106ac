"""The tamper-evident audit trail: one keyed hash chain per node, with signed checkpoints.

Entries hold ids, actions and field *names*, never personal values. See
``docs/adr/0002-keyed-audit-chain.md`` for the threat model.
"""

from __future__ import annotations

from django.db import models


class AuditEntry(models.Model):
    """One audited action. ``hash`` = HMAC(audit key, previous hash ‖ canonical JSON)."""

    node = models.UUIDField()
    seq = models.BigIntegerField()
    at = models.DateTimeField()
    actor_id = models.UUIDField(null=True, blank=True)
    action = models.CharField(max_length=100)
    model = models.CharField(max_length=100, blank=True)
    record_id = models.UUIDField(null=True, blank=True)
    field_names = models.JSONField(default=list)
    details = models.JSONField(default=dict)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["node", "seq"], name="core_audit_node_seq"),
        ]
        indexes = [models.Index(fields=["model", "record_id"], name="core_audit_record")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.seq} {self.action} {self.model} {self.record_id}"


class AuditHead(models.Model):
    """The newest entry of a node's chain, sealed with a key derived from the audit key.

    Appends lock this row, which serialises writers on PostgreSQL; the seal means that
    cutting off the newest entries needs the key to make the head agree again.
    """

    node = models.UUIDField(primary_key=True)
    count = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    seal = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.node}: {self.count}"


class AuditCheckpoint(models.Model):
    """A signed statement "node N's chain had COUNT entries ending in HASH at time T".

    Signed with an Ed25519 key derived from the audit key, so anyone holding the public key
    can check it; each checkpoint is also appended to a file in the data directory, outside
    the database's reach.
    """

    node = models.UUIDField()
    count = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    signature = models.CharField(max_length=128)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["node", "count"], name="core_checkpoint_node_count"),
        ]

    def __str__(self) -> str:
        return f"{self.node} @ {self.count}"
