"""The web shell: home, sign-in and sign-out, health, and admin edits through services."""

from __future__ import annotations

import pytest
from django.test import Client

from ujuzi.core.models import AuditEntry, JournalEntry, User
from ujuzi.core.services import user_create

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password"


@pytest.fixture
def admin_user() -> User:
    return user_create(
        username="admin", password=PASSWORD, by=None, is_staff=True, is_superuser=True
    )


def test_home_invites_an_anonymous_visitor_to_sign_in():
    page = Client().get("/").content.decode()
    assert 'href="/accounts/login/"' in page
    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page


def test_signing_in_lands_on_home_and_is_audited(admin_user):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": "admin", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain == [("/", 302)]
    assert "Welcome, admin" in response.content.decode()
    assert AuditEntry.objects.filter(action="user.sign_in", actor_id=admin_user.pk).count() == 1


def test_a_wrong_password_shows_an_error_and_signs_nobody_in(admin_user):
    client = Client()
    response = client.post("/accounts/login/", {"username": "admin", "password": "wrong"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not AuditEntry.objects.filter(action="user.sign_in").exists()


def test_signing_out_needs_a_post(admin_user):
    client = Client()
    client.force_login(admin_user)
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_health_answers():
    assert Client().get("/health").json() == {"status": "ok"}


def test_responses_carry_a_request_id_that_the_audit_trail_records(admin_user):
    client = Client()
    response = client.post(
        "/accounts/login/",
        {"username": "admin", "password": PASSWORD},
        HTTP_X_REQUEST_ID="req-12345678",
    )
    assert response["X-Request-ID"] == "req-12345678"
    assert AuditEntry.objects.get(action="user.sign_in").request_id == "req-12345678"
    hostile = Client().get("/", HTTP_X_REQUEST_ID="<script>alert(1)</script>")
    assert hostile["X-Request-ID"] != "<script>alert(1)</script>"


def test_an_admin_edit_is_journaled_and_audited_like_a_service_write(admin_user):
    learner = user_create(username="learner", password=None, by=admin_user, first_name="Old")
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/core/user/{learner.pk}/change/")
    assert page.status_code == 200
    form = {
        "username": "learner",
        "first_name": "Mwanaisha",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "date_joined_0": "2026-11-23",
        "date_joined_1": "10:00:00",
        "initial-date_joined_0": "2026-11-23",
        "initial-date_joined_1": "10:00:00",
    }
    response = client.post(f"/admin/core/user/{learner.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    learner.refresh_from_db()
    assert learner.first_name == "Mwanaisha"
    entry = JournalEntry.objects.filter(record_id=learner.pk).latest("seq")
    assert entry.operation == "update"
    assert "first_name" in entry.changed_fields
    audit = AuditEntry.objects.filter(record_id=learner.pk).latest("seq")
    assert audit.action == "core.user.admin_update"
    assert audit.actor_id == admin_user.pk


def test_an_admin_deletion_leaves_a_journaled_tombstone(admin_user):
    learner = user_create(username="learner", password=None, by=admin_user)
    client = Client()
    client.force_login(admin_user)
    response = client.post(f"/admin/core/user/{learner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    closed = User.objects.get(pk=learner.pk)
    assert closed.deleted_clock is not None
    assert closed.is_active is False
    assert JournalEntry.objects.filter(record_id=learner.pk, operation="delete").count() == 1
