"""The outbox: one row per message, per channel, per recipient.

A ``Message`` is written when a service asks to tell a person something (a welcome, a
session reminder, a follow-up link) and is then handed to the gateway configured for its
channel. Without an outside gateway it is *kept* here for people to read on the outbox
page. The outbox is local to the node that sends, so it is not a synced record; it holds
personal data (the address and the text), declared in ``personal_fields`` like any other.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ujuzi.core.ids import uuid7
from ujuzi.people.models import Person


class Message(models.Model):
    """One e-mail or SMS to one person, and what became of it."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("not sent")
        KEPT = "kept", _("kept in the outbox")

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    # Erasing a person removes their messages with them.
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="messages"
    )
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    language = models.CharField(_("language"), max_length=2, choices=Person.Language.choices)
    kind = models.CharField(_("kind"), max_length=50)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=6, choices=Status.choices, default=Status.QUEUED
    )
    gateway = models.CharField(_("gateway"), max_length=20, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    # When a gateway took the message (sent) or the outbox kept it.
    sent_at = models.DateTimeField(_("sent or kept at"), null=True, blank=True)
    # A caller's key for "this reminder": the same key never sends twice. NULL when absent.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    # While a worker is handing the message to a gateway, no other worker takes it.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    # The error may quote the address back (an SMTP server's refusal does).
    personal_fields: ClassVar[tuple[str, ...]] = ("address", "subject", "body", "last_error")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key", "channel"],
                condition=models.Q(dedupe_key__isnull=False),
                name="notifications_message_dedupe",
            )
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="notifications_message_newest"),
            models.Index(fields=["status", "-created_at"], name="notifications_message_status"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} to {self.person_id} ({self.status})"
