"""The outbox pages: programme administrators only, newest first, filtered, paginated."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_person
from tests.people.conftest import ROLE_NAMES, World
from ujuzi.core.models import AuditEntry
from ujuzi.notifications.models import Message
from ujuzi.notifications.services import message_send
from ujuzi.notifications.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


def as_role(world: World, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role])
    return client


def outbox_of(count: int, **values: object) -> list[Message]:
    """Messages to ``count`` different people, one minute apart, newest last."""
    start = timezone.now() - datetime.timedelta(days=1)
    messages = []
    for number in range(count):
        person = make_person(first_name=f"Learner{number:03d}", email="", phone="")
        defaults = {
            "channel": "email",
            "address": f"learner{number}@example.org",
            "language": "en",
            "kind": "welcome",
            "subject": f"Subject {number:03d}",
            "body": "Hello",
            "status": "kept",
            "created_at": start + datetime.timedelta(minutes=number),
        }
        messages.append(Message(person=person, **(defaults | values)))
    return Message.objects.bulk_create(messages)


def rows(page: bytes) -> int:
    return len(re.findall(r'href="/outbox/[0-9a-f-]{36}/"', page.decode()))


def test_only_programme_administrators_open_the_outbox(world: World):
    (message,) = message_send(person=world.person_self, kind="welcome", context={})
    for role in ROLE_NAMES:
        client = as_role(world, role)
        expected = 200 if role == "admin" else 404
        assert client.get("/outbox/").status_code == expected, role
        assert client.get(f"/outbox/{message.pk}/").status_code == expected, role
    assert Client().get("/outbox/").status_code == 302


def test_the_admin_home_links_to_the_outbox_and_the_learners_does_not(world: World):
    assert 'href="/outbox/"' in as_role(world, "admin").get("/").content.decode()
    assert 'href="/outbox/"' not in as_role(world, "learner").get("/").content.decode()


def test_an_empty_outbox_says_so(world: World):
    page = as_role(world, "admin").get("/outbox/").content.decode()
    assert 'data-count="0"' in page
    assert "The outbox is empty: no e-mail or SMS has been written yet." in page
    filtered = as_role(world, "admin").get("/outbox/?status=failed").content.decode()
    assert "No message matches. Try another channel or status." in filtered


def test_the_list_is_newest_first_and_paginated(world: World):
    outbox_of(PAGE_SIZE + 3)
    client = as_role(world, "admin")
    first = client.get("/outbox/").content.decode()
    assert f'data-count="{PAGE_SIZE + 3}"' in first
    assert first.index(f"Subject {PAGE_SIZE + 2:03d}") < first.index(f"Subject {PAGE_SIZE:03d}")
    assert "Subject 002" not in first
    assert "Page 1 of 2" in first
    assert rows(client.get("/outbox/").content) == PAGE_SIZE
    second = client.get("/outbox/?page=2")
    assert rows(second.content) == 3
    assert "Subject 000" in second.content.decode()


def test_filters_narrow_by_channel_and_status_and_survive_paging(world: World):
    outbox_of(2)
    outbox_of(PAGE_SIZE + 1, channel="sms", address="+254712345678", status="failed")
    client = as_role(world, "admin")
    sms = client.get("/outbox/?channel=sms").content.decode()
    assert f'data-count="{PAGE_SIZE + 1}"' in sms
    assert 'href="?channel=sms&amp;page=2"' in sms
    assert 'data-count="2"' in client.get("/outbox/?channel=email&status=kept").content.decode()
    assert 'data-count="0"' in client.get("/outbox/?channel=email&status=failed").content.decode()
    # A value that is not a choice shows the whole outbox with the form's error, not a crash.
    odd = client.get("/outbox/?channel=fax")
    assert odd.status_code == 200
    assert f'data-count="{PAGE_SIZE + 3}"' in odd.content.decode()


def test_the_list_reads_in_a_fixed_number_of_queries(world: World):
    client = as_role(world, "admin")
    outbox_of(3)
    client.get("/outbox/")  # warm the session and the scope's caches
    with CaptureQueriesContext(connection) as few:
        client.get("/outbox/")
    outbox_of(30)
    with CaptureQueriesContext(connection) as many:
        client.get("/outbox/")
    assert len(many.captured_queries) == len(few.captured_queries)
    # session, user, roles, count, page (with the people joined)
    assert len(few.captured_queries) == 5, [query["sql"] for query in few.captured_queries]


def test_one_message_shows_its_text_and_the_read_is_audited(world: World):
    (message,) = message_send(
        person=make_person(first_name="Amani", email="amani@example.org", phone=""),
        kind="welcome",
        context={},
    )
    Message.objects.filter(pk=message.pk).update(
        status="failed", attempts=2, last_error="the SMS gateway answered HTTP 500 <b>x</b>"
    )
    page = as_role(world, "admin").get(f"/outbox/{message.pk}/").content.decode()
    assert "<h1>You are registered with the programme</h1>" in page
    assert "amani@example.org" in page
    assert "<p>Hello Amani,</p>" in page
    assert "HTTP 500 &lt;b&gt;x&lt;/b&gt;" in page
    assert '<div lang="en">' in page
    read = AuditEntry.objects.filter(action="message.read").get()
    assert (read.record_id, read.actor_id) == (message.pk, world.users["admin"].pk)


def test_an_unknown_message_is_not_found(world: World):
    client = as_role(world, "admin")
    assert client.get("/outbox/018f0000-0000-7000-8000-000000000000/").status_code == 404


def test_the_outbox_reads_in_kiswahili(world: World):
    client = as_role(world, "admin")
    client.post("/i18n/setlang/", {"language": "sw", "next": "/outbox/"})
    page = client.get("/outbox/").content.decode()
    assert "<h1>Kikasha toezi</h1>" in page
    assert "Njia zote" in page
