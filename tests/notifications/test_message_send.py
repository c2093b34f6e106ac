"""message_send: one message per channel a person can receive, in their language, once."""

from __future__ import annotations

import json

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.factories import make_person, make_user
from tests.notifications.conftest import write_kind
from ujuzi.core.models import AuditEntry
from ujuzi.notifications.models import Message
from ujuzi.notifications.rules import SMS_MAX_CHARACTERS
from ujuzi.notifications.services import message_send
from ujuzi.people.models import Person

pytestmark = pytest.mark.django_db


def test_by_default_messages_are_kept_in_the_outbox(django_capture_on_commit_callbacks):
    person = make_person(first_name="Baraka", email="baraka@example.org", phone="0712345678")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        messages = message_send(person=person, kind="welcome", context={})
    assert len(callbacks) == 2
    assert [(m.channel, m.address) for m in messages] == [
        ("email", "baraka@example.org"),
        ("sms", "+254712345678"),
    ]
    stored = list(Message.objects.order_by("channel").values_list("status", "gateway", "attempts"))
    assert stored == [("kept", "outbox", 1), ("kept", "outbox", 1)]
    assert all(m.sent_at is not None for m in Message.objects.all())


def test_the_welcome_reads_well_in_english():
    person = make_person(first_name="Baraka", email="baraka@example.org", phone="0712345678")
    email, sms = message_send(person=person, kind="welcome", context={})
    assert email.language == sms.language == "en"
    assert email.subject == "You are registered with the programme"
    assert email.body.startswith("Hello Baraka,\n\nYou are registered with Ujuzi")
    assert email.body.endswith("\n\nUjuzi")
    assert sms.body.startswith("Ujuzi: Baraka, you are registered with the national")
    assert "\n" not in sms.body


def test_a_kiswahili_speaker_gets_kiswahili_text():
    person = make_person(first_name="Zawadi", phone="+254712000111", preferred_language="sw")
    with translation.override("en"):
        email, sms = message_send(person=person, kind="welcome", context={})
        assert translation.get_language() == "en"  # the caller's language is left alone
    assert email.language == sms.language == "sw"
    assert email.subject == "Umesajiliwa katika programu"
    assert email.body.startswith("Habari Zawadi,")
    assert "Umesajiliwa katika Ujuzi" in email.body
    assert sms.body.startswith("Ujuzi: Zawadi, umesajiliwa")


def test_a_person_without_email_or_phone_gets_no_message(django_capture_on_commit_callbacks):
    person = make_person(email="", phone="")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert message_send(person=person, kind="welcome", context={}) == []
    assert callbacks == []
    assert Message.objects.count() == 0


def test_only_the_channels_a_person_can_receive_and_the_caller_asked_for():
    email_only = make_person(email="e@example.org", phone="")
    assert [m.channel for m in message_send(person=email_only, kind="welcome", context={})] == [
        "email"
    ]
    both = make_person(email="b@example.org", phone="0722000000")
    sms = message_send(person=both, kind="welcome", context={}, channels=["sms"])
    assert [m.channel for m in sms] == ["sms"]
    assert Message.objects.filter(person=both).count() == 1


def test_a_repeated_dedupe_key_returns_the_first_messages_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    person = make_person(email="d@example.org", phone="0733000000")
    with django_capture_on_commit_callbacks(execute=True):
        first = message_send(person=person, kind="welcome", context={}, dedupe_key="welcome:1")
    audit_count = AuditEntry.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = message_send(person=person, kind="welcome", context={}, dedupe_key="welcome:1")
    assert [m.pk for m in again] == [m.pk for m in first]
    assert callbacks == []
    assert Message.objects.count() == 2
    assert set(Message.objects.values_list("attempts", flat=True)) == {1}
    assert AuditEntry.objects.count() == audit_count


def test_the_database_refuses_a_second_message_with_the_same_key_and_channel():
    person = make_person(email="k@example.org")
    (message,) = message_send(person=person, kind="welcome", context={}, dedupe_key="k")
    duplicate = Message(
        person=person,
        channel="email",
        address="k@example.org",
        language="en",
        kind="welcome",
        body="again",
        dedupe_key="k",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save(force_insert=True)
    assert list(Message.objects.values_list("pk", flat=True)) == [message.pk]


def test_the_audit_trail_holds_ids_and_field_names_never_values():
    by = make_user()
    person = make_person(first_name="Siri", email="siri@example.org", phone="0711222333")
    messages = message_send(person=person, kind="welcome", context={}, by=by)
    entries = AuditEntry.objects.filter(model="notifications.message").order_by("seq")
    assert [(e.action, e.record_id, e.actor_id) for e in entries] == [
        ("message.create", messages[0].pk, by.pk),
        ("message.create", messages[1].pk, by.pk),
    ]
    assert entries[0].details == {"person": str(person.pk), "kind": "welcome", "channel": "email"}
    assert "address" in entries[0].field_names and "body" in entries[0].field_names
    written = json.dumps([[e.details, e.field_names] for e in entries])
    for value in ("siri@example.org", "+254711222333", "Siri", "registered"):
        assert value not in written


def test_a_kind_must_be_a_short_code_and_channels_must_exist():
    person = make_person()
    for kind in ("../../base", "Welcome", "welcome/x", "", "a" * 51):
        with pytest.raises(ValueError, match="short code"):
            message_send(person=person, kind=kind, context={})
    with pytest.raises(ValueError, match="no such channel: fax"):
        message_send(person=person, kind="welcome", context={}, channels=["email", "fax"])
    with pytest.raises(ValueError, match="dedupe key"):
        message_send(person=person, kind="welcome", context={}, dedupe_key="")
    assert Message.objects.count() == 0


def test_an_address_with_header_injection_is_refused_and_never_delivered(
    django_capture_on_commit_callbacks,
):
    person = make_person(email="safe@example.org", phone="0711000222")
    # Written around the services (as a sync or a faulty import might): the outbox must hold.
    Person.objects.filter(pk=person.pk).update(
        email="victim@example.org\r\nBcc: everyone@example.org", phone="+254711000222\n"
    )
    person.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email, sms = message_send(person=person, kind="welcome", context={})
    assert callbacks == []
    for message in (email, sms):
        message.refresh_from_db()
        assert (message.status, message.attempts, message.gateway) == ("failed", 0, "")
        assert (
            message.last_error == "refused: the address contains line breaks or control characters"
        )
    actions = AuditEntry.objects.filter(model="notifications.message").values_list(
        "action", flat=True
    )
    assert list(actions) == ["message.refuse", "message.refuse"]


def test_an_invalid_email_address_or_phone_number_is_refused():
    person = make_person(email="fine@example.org")
    Person.objects.filter(pk=person.pk).update(email="not-an-address", phone="0712345678")
    person.refresh_from_db()
    email, sms = message_send(person=person, kind="welcome", context={})
    assert email.last_error == "refused: the address is not a valid e-mail address"
    assert sms.last_error.startswith("refused: the number is not an international (E.164)")


def test_an_sms_over_three_parts_is_refused_with_the_reason_and_the_email_still_goes(
    kinds, django_capture_on_commit_callbacks
):
    write_kind(kinds, "long_notice", subject="Notice", email="{{ text }}", sms="Ujuzi: {{ text }}")
    person = make_person(email="long@example.org", phone="0712999888")
    text = "word " * 100
    with django_capture_on_commit_callbacks(execute=True):
        email, sms = message_send(person=person, kind="long_notice", context={"text": text})
    email.refresh_from_db()
    sms.refresh_from_db()
    assert email.status == "kept"
    assert (sms.status, sms.attempts) == ("failed", 0)
    length = len("Ujuzi: " + text.strip())
    assert length > SMS_MAX_CHARACTERS
    assert sms.last_error == (
        f"refused: the text is {length} characters long; the limit for an SMS is 459"
    )


def test_hostile_context_is_plain_text_on_one_line_without_control_characters(kinds):
    write_kind(
        kinds,
        "hostile",
        subject="About {{ title }}",
        email="Course: {{ title }}\nBy: {{ by }}",
        sms="{{ title }}",
    )
    person = make_person(email="h@example.org", phone="0712111000")
    title = "Cyber <b>hygiene</b> & O'Brien\r\nBcc: all@example.org\x00\x07"
    email, sms = message_send(
        person=person, kind="hostile", context={"title": title, "by": "{{ secret }}"}
    )
    email.refresh_from_db()
    assert email.subject == "About Cyber <b>hygiene</b> & O'Brien Bcc: all@example.org"
    assert "\r" not in email.body and "\x00" not in email.body
    assert email.body == (
        "Course: Cyber <b>hygiene</b> & O'Brien\nBcc: all@example.org\nBy: {{ secret }}"
    )
    assert sms.body == "Cyber <b>hygiene</b> & O'Brien Bcc: all@example.org"


def test_messages_are_written_in_the_callers_transaction():
    person = make_person(email="t@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        message_send(person=person, kind="welcome", context={})
        raise RuntimeError("the caller's own write failed")
    assert Message.objects.count() == 0
