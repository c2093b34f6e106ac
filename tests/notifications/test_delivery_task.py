"""message_deliver: each message reaches its gateway once; failures keep the reason and count."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.factories import make_person
from ujuzi.core.models import AuditEntry
from ujuzi.notifications.models import Message
from ujuzi.notifications.sending import MAX_ATTEMPTS
from ujuzi.notifications.services import message_send
from ujuzi.notifications.tasks import message_deliver

pytestmark = pytest.mark.django_db


def sms_for(phone: str = "0712345678") -> Message:
    """A queued SMS (tests run the task themselves, as a worker would)."""
    person = make_person(email="", phone=phone)
    (message,) = message_send(person=person, kind="welcome", context={})
    assert message.status == "queued"
    return message


def deliver(message: Message) -> Message:
    message_deliver.call(str(message.pk))
    message.refresh_from_db()
    return message


def test_a_kept_message_is_not_delivered_again():
    message = deliver(sms_for())
    assert (message.status, message.attempts, message.gateway) == ("kept", 1, "outbox")
    kept_at = message.sent_at
    audits = AuditEntry.objects.count()
    assert message_deliver.call(str(message.pk)) == "kept"
    message.refresh_from_db()
    assert (message.attempts, message.sent_at) == (1, kept_at)
    assert AuditEntry.objects.count() == audits


def test_a_sent_message_is_not_sent_again(sms_configured):
    message = deliver(sms_for())
    assert (message.status, message.gateway, message.last_error) == ("sent", "http", "")
    assert deliver(message).attempts == 1
    assert len(sms_configured.state.requests) == 1


def test_a_failure_is_recorded_with_its_reason_and_a_retry_can_succeed(sms_configured):
    sms_configured.state.status = 500
    message = deliver(sms_for())
    assert (message.status, message.attempts, message.sent_at) == ("failed", 1, None)
    assert message.last_error == "the SMS gateway answered HTTP 500 Internal Server Error"
    assert message.claimed_until is None
    message = deliver(message)
    assert (message.status, message.attempts) == ("failed", 2)
    sms_configured.state.status = 200
    message = deliver(message)
    assert (message.status, message.attempts, message.last_error) == ("sent", 3, "")
    assert message.sent_at is not None
    actions = AuditEntry.objects.filter(record_id=message.pk).values_list("action", flat=True)
    assert list(actions.order_by("seq")) == [
        "message.create",
        "message.failed",
        "message.failed",
        "message.sent",
    ]


def test_a_wrong_token_is_recorded_as_the_reason(settings, sms_configured):
    import dataclasses

    settings.UJUZI = dataclasses.replace(settings.UJUZI, sms_token="stale")
    message = deliver(sms_for())
    assert message.status == "failed"
    assert message.last_error == (
        "the SMS gateway answered HTTP 401 Unauthorized (check UJUZI_SMS_TOKEN)"
    )


def test_after_the_last_attempt_a_message_is_left_for_a_person(sms_configured):
    sms_configured.state.status = 503
    message = sms_for()
    for _ in range(MAX_ATTEMPTS + 2):
        message = deliver(message)
    assert (message.status, message.attempts) == ("failed", MAX_ATTEMPTS)
    assert len(sms_configured.state.requests) == MAX_ATTEMPTS


def test_a_message_another_worker_is_delivering_is_left_alone(sms_configured):
    message = sms_for()
    later = timezone.now() + datetime.timedelta(minutes=1)
    Message.objects.filter(pk=message.pk).update(claimed_until=later, attempts=1)
    message = deliver(message)
    assert (message.status, message.attempts) == ("queued", 1)
    assert sms_configured.state.requests == []
    # A worker that died mid-delivery frees the message when its claim runs out.
    Message.objects.filter(pk=message.pk).update(claimed_until=timezone.now())
    assert deliver(message).status == "sent"


def test_a_refused_message_is_never_handed_to_a_gateway(sms_configured):
    person = make_person(email="", phone="0712345678")
    type(person).objects.filter(pk=person.pk).update(phone="+254712345678\r\n")
    person.refresh_from_db()
    (message,) = message_send(person=person, kind="welcome", context={})
    message = deliver(message)
    assert message.status == "failed"
    assert message.last_error.startswith("refused: the address contains line breaks")
    assert sms_configured.state.requests == []


def test_an_unknown_message_is_reported_missing():
    assert message_deliver.call("018f0000-0000-7000-8000-000000000000") == "missing"
