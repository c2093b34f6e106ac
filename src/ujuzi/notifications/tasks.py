"""Background delivery of the outbox. Tasks take ids, are idempotent and call a service."""

from __future__ import annotations

import uuid

from django_tasks import task

from ujuzi.notifications.sending import message_deliver_now


@task()
def message_deliver(message_id: str) -> str:
    """Hand one message to its gateway unless that already happened; return its status."""
    message = message_deliver_now(message_id=uuid.UUID(message_id))
    return message.status if message is not None else "missing"
