"""The change journal and the per-person data keys that seal personal values in it."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from ujuzi.core.merge import APPEND_ONLY, MergePolicy
from ujuzi.core.models.base import SyncedModel


class JournalEntry(models.Model):
    """One write to one synced record, appended in the write's own transaction.

    ``seq`` is local to this database: the order entries were written or arrived here, which
    sync cursors and report freshness count. ``origin_seq`` is the entry's number on the
    node that wrote it, kept when the entry travels; it is empty on entries written here,
    whose number at their origin is ``seq`` itself (``origin_position``). Non-personal new
    values are kept in ``values``; personal ones are sealed in ``sealed_values`` with the
    data subject's key, so destroying that key erases them everywhere the journal went.
    """

    class Operation(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"

    seq = models.BigAutoField(primary_key=True)
    model = models.CharField(max_length=100)
    record_id = models.UUIDField()
    operation = models.CharField(max_length=6, choices=Operation.choices)
    clock = models.BigIntegerField()
    origin = models.UUIDField()
    changed_fields = models.JSONField(default=list)
    values = models.JSONField(default=dict)
    subject_id = models.UUIDField(null=True, blank=True)
    sealed_values = models.BinaryField(null=True, blank=True)
    origin_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["model", "record_id"], name="core_journal_record"),
            models.Index(fields=["subject_id"], name="core_journal_subject"),
        ]
        constraints = [
            # An entry from another node is taken in once (empty for entries written here).
            models.UniqueConstraint(fields=["origin", "origin_seq"], name="core_journal_once"),
        ]
        verbose_name_plural = "journal entries"

    def __str__(self) -> str:
        return f"#{self.seq} {self.operation} {self.model} {self.record_id}"

    @property
    def origin_position(self) -> int:
        """The entry's sequence number on the node that wrote it."""
        return self.origin_seq if self.origin_seq is not None else self.seq


class DataKey(models.Model):
    """A person's data key, wrapped with the installation's key-encryption keys.

    Erasure sets ``wrapped_key`` to empty ("crypto-shredding"): every sealed value for that
    person, in the journal, in backups or on other nodes, becomes unreadable.
    """

    subject_id = models.UUIDField(primary_key=True)
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    shredded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"data key {self.subject_id}"


class Shredding(SyncedModel):
    """A person's (or a record's own) data key was destroyed: every node destroys its copy.

    Written once where the erasure happens and synced like any record, so the erasure
    reaches every node that holds the key; applying it there destroys the key and blanks
    the subject's personal values (``ujuzi.core.erasure``).
    """

    merge_policy: ClassVar[MergePolicy] = APPEND_ONLY

    subject_id = models.UUIDField(db_index=True)

    def __str__(self) -> str:
        return f"shredding of {self.subject_id}"
