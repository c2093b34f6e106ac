"""Delivery of the outbox: hand one message to its gateway, once, and record the outcome.

Run by the ``message_deliver`` task that ``services.message_send`` queues; kept apart from
the composing side so that the task module and the services do not import each other.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ujuzi.core.audit import audit_append
from ujuzi.notifications.gateways import GatewayError, gateway_for
from ujuzi.notifications.models import Message
from ujuzi.notifications.rules import body_problem

# How long one worker holds a message while a gateway answers; after that another may retry.
CLAIM = datetime.timedelta(minutes=5)
# A message that failed this often is left for a person to look at.
MAX_ATTEMPTS = 5
MODEL = "notifications.message"
Status = Message.Status


def _claim(message_id: uuid.UUID) -> bool:
    """Take a message for one delivery attempt, unless it is done or another worker has it."""
    now = timezone.now()
    claimed = (
        Message.objects.filter(
            pk=message_id,
            status__in=[Status.QUEUED, Status.FAILED],
            attempts__lt=MAX_ATTEMPTS,
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CLAIM, attempts=F("attempts") + 1)
    )
    return claimed == 1


def message_deliver_now(*, message_id: uuid.UUID) -> Message | None:
    """Hand one message to its channel's gateway, once; record the outcome.

    Idempotent: a message already sent or kept is left alone, as is one another worker is
    delivering or one that failed ``MAX_ATTEMPTS`` times. No transaction is held while the
    gateway answers, so a slow SMTP server does not hold up other writers.
    """
    if not _claim(message_id):
        return Message.objects.filter(pk=message_id).first()
    message = Message.objects.get(pk=message_id)
    gateway = gateway_for(message.channel)
    problem = body_problem(message.channel, message.body)
    try:
        if problem:
            raise GatewayError(f"refused: {problem}")
        gateway.send(message)
    except GatewayError as error:
        status, reason, sent_at = Status.FAILED, error.reason[:500], None
    else:
        status = Status.KEPT if gateway.keeps_locally else Status.SENT
        reason, sent_at = "", timezone.now()
    with transaction.atomic():
        Message.objects.filter(pk=message_id).update(
            status=status,
            gateway=gateway.name,
            last_error=reason,
            sent_at=sent_at,
            claimed_until=None,
        )
        audit_append(
            action=f"message.{status}",
            model=MODEL,
            record_id=message.pk,
            field_names=["status", "gateway", "attempts", "last_error", "sent_at"],
            details={"gateway": gateway.name, "attempt": message.attempts},
        )
    message.refresh_from_db()
    return message
