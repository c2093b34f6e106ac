"""Graduates whose certificate cannot be issued yet: listed for the administrator, mended."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.credentials.issuing_helpers import make_admin, make_completion
from tests.credentials.test_issuing_many import classmate
from tests.factories import make_person, make_user
from ujuzi.core.records import record_update
from ujuzi.credentials.issuing import credentials_issue_pending
from ujuzi.credentials.models import Credential, IssuingHold
from ujuzi.people.models import RoleAssignment
from ujuzi.people.services import role_assign


@pytest.fixture
def held(db: Any) -> IssuingHold:
    completion = make_completion()
    record_update(completion.person, changes={"learner_number": "0000-0000-0000-X"}, by=None)
    credentials_issue_pending()
    return IssuingHold.objects.get()


def test_the_administrators_home_page_says_who_is_waiting_and_the_list_says_why(held):
    client = Client()
    client.force_login(make_admin())

    home = client.get("/").content.decode()
    page = client.get("/certificates/waiting/").content.decode()

    assert "1 graduate cannot get their certificate yet." in home
    assert 'href="/certificates/waiting/"' in home
    assert held.completion.person.full_name in page
    assert "The learner has no valid learner number." in page
    assert f"/certificates/waiting/{held.pk}/learner-number/" in page


def test_giving_a_new_learner_number_issues_the_certificate_and_clears_the_hold(held):
    client = Client()
    client.force_login(make_admin())

    response = client.post(f"/certificates/waiting/{held.pk}/learner-number/", follow=True)

    assert "The certificate has been issued." in response.content.decode()
    assert "Every graduate holds their certificate." in response.content.decode()
    credential = Credential.objects.get()
    assert credential.completion_id == held.completion_id
    held.refresh_from_db()
    assert held.resolved_at is not None
    assert "cannot get their certificate" not in client.get("/").content.decode()


@pytest.mark.parametrize("role", [None, RoleAssignment.Role.DATA_PROTECTION_OFFICER])
def test_anyone_but_an_administrator_gets_not_found_and_changes_nothing(held, role):
    user = make_user()
    if role is not None:
        role_assign(user=user, role=role, by=None)
    client = Client()
    client.force_login(user)

    assert client.get("/certificates/waiting/").status_code == 404
    assert client.post(f"/certificates/waiting/{held.pk}/learner-number/").status_code == 404
    assert client.post(f"/certificates/waiting/{held.pk}/retry/").status_code == 404
    assert Credential.objects.count() == 0
    held.refresh_from_db()
    assert held.resolved_at is None


def test_administrators_get_one_email_a_day_per_reason_without_names(
    db: Any, django_capture_on_commit_callbacks: Any
):
    from ujuzi.notifications.models import Message

    admin = make_admin()
    make_person(user=admin, email="amina.wanjiru@example.go.ke", preferred_language="sw")
    first = make_completion()
    second = classmate(first)
    for completion, number in ((first, "0000-0000-0000-X"), (second, "1111-1111-1111-X")):
        record_update(completion.person, changes={"learner_number": number}, by=None)

    with django_capture_on_commit_callbacks(execute=True):
        credentials_issue_pending()
    with django_capture_on_commit_callbacks(execute=True):
        credentials_issue_pending()

    (message,) = Message.objects.filter(kind="certificate_waiting")
    assert message.address == "amina.wanjiru@example.go.ke"
    assert message.language == "sw"
    assert "2" in message.body
    assert "/certificates/waiting/" in message.body
    for completion in (first, second):
        assert completion.person.last_name not in message.body
    home = Client()
    home.force_login(admin)
    assert "/certificates/waiting/" in home.get("/").content.decode()
