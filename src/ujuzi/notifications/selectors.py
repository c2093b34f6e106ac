"""Reads of the outbox, for programme administrators only (``Scope.reads_outbox``).

Anyone else gets an empty list and "not found", so the outbox does not confirm that a
message exists. Reading one message (its address and text) is written to the audit trail.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet

from ujuzi.core.audit import audit_append
from ujuzi.core.models import User
from ujuzi.notifications.models import Message
from ujuzi.people.policy import scope_for


@dataclass(frozen=True)
class MessageFilters:
    """What the outbox list may be narrowed by."""

    channel: str = ""
    status: str = ""


def message_list_for(
    user: User | object, *, filters: MessageFilters | None = None
) -> QuerySet[Message]:
    """Messages the caller may read, newest first, with their recipients."""
    if not scope_for(user).reads_outbox:
        return Message.objects.none()
    filters = filters or MessageFilters()
    messages = Message.objects.select_related("person")
    if filters.channel:
        messages = messages.filter(channel=filters.channel)
    if filters.status:
        messages = messages.filter(status=filters.status)
    return messages.order_by("-created_at", "-id")


def message_get_for(user: User | object, message_id: uuid.UUID) -> Message | None:
    """One message if the caller may read it; the read is audited."""
    scope = scope_for(user)
    if not scope.reads_outbox:
        return None
    message = Message.objects.select_related("person").filter(pk=message_id).first()
    if message is not None:
        audit_append(
            action="message.read",
            actor_id=scope.user_id,
            model="notifications.message",
            record_id=message.pk,
            field_names=["address", "subject", "body", "last_error"],
        )
    return message
