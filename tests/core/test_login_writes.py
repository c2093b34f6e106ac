"""Every way Django writes a login goes through the journal, so replay rebuilds the table.

Passwords set in the admin (someone else's, or one's own), hashes Django upgrades at sign-in,
the ``createsuperuser`` and ``changepassword`` commands; and Django's groups and per-login
permissions, which do not sync, grant nothing and are not offered.
"""

from __future__ import annotations

import getpass
import io

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth import aauthenticate
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from tests.core.test_journal import journal_mismatches
from ujuzi.core.models import AuditEntry, JournalEntry, User
from ujuzi.core.services import user_create, user_delete

pytestmark = pytest.mark.django_db
PASSWORD = "a long test password"
NEW_PASSWORD = "mvua ya masika 2027"


class FewIterationsPBKDF2Hasher(PBKDF2PasswordHasher):
    """A stronger hasher than the suite's MD5, cheap enough to run in a test."""

    iterations = 1000


# The hashers of an installation that has moved on from MD5: MD5 hashes still verify, and
# Django re-hashes them with the first hasher at the next sign-in.
UPGRADED_HASHERS = [
    f"{FewIterationsPBKDF2Hasher.__module__}.{FewIterationsPBKDF2Hasher.__qualname__}",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]


@pytest.fixture
def admin_user() -> User:
    return user_create(
        username="admin", password=PASSWORD, by=None, is_staff=True, is_superuser=True
    )


@pytest.fixture
def learner() -> User:
    return user_create(username="learner", password=PASSWORD, by=None, first_name="Amani")


def last_entry(user: User) -> JournalEntry:
    return JournalEntry.objects.filter(record_id=user.pk).latest("seq")


def last_audit(user: User) -> AuditEntry:
    return AuditEntry.objects.filter(record_id=user.pk).latest("seq")


def test_a_password_an_administrator_sets_in_the_admin_is_journaled(admin_user, learner):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/core/user/{learner.pk}/password/",
        {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)
    entry = last_entry(learner)
    assert (entry.operation, entry.changed_fields, entry.values) == ("update", ["password"], {})
    audit = last_audit(learner)
    assert (audit.action, audit.actor_id, audit.field_names) == (
        "user.set_password",
        admin_user.pk,
        ["password"],
    )
    assert journal_mismatches(User) == []


def test_turning_off_password_sign_in_in_the_admin_is_journaled(admin_user, learner):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/core/user/{learner.pk}/password/",
        {"usable_password": "false", "unset-password": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    learner.refresh_from_db()
    assert not learner.has_usable_password()
    assert last_entry(learner).changed_fields == ["password"]
    assert last_audit(learner).actor_id == admin_user.pk
    assert journal_mismatches(User) == []


def test_an_administrator_changing_their_own_password_in_the_admin_is_journaled(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == "/admin/password_change/done/"
    admin_user.refresh_from_db()
    assert admin_user.check_password(NEW_PASSWORD)
    assert last_entry(admin_user).changed_fields == ["password"]
    audit = last_audit(admin_user)
    assert (audit.action, audit.actor_id) == ("user.set_password", admin_user.pk)
    # Still signed in: the session follows the new hash.
    assert client.get("/admin/").status_code == 200
    assert journal_mismatches(User) == []


def test_a_wrong_old_password_changes_nothing(admin_user):
    client = Client()
    client.force_login(admin_user)
    before = JournalEntry.objects.count()
    response = client.post(
        "/admin/password_change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)
    assert JournalEntry.objects.count() == before


def test_a_login_added_in_the_admin_is_journaled_with_its_password(admin_user):
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/admin/core/user/add/",
        {
            "username": "facilitator",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = User.objects.get(username="facilitator")
    assert added.check_password(NEW_PASSWORD)
    entry = last_entry(added)
    assert entry.operation == "create" and "password" in entry.changed_fields
    assert journal_mismatches(User) == []


def test_a_hash_upgraded_at_sign_in_is_journaled(learner):
    assert learner.password.startswith("md5$")
    with override_settings(PASSWORD_HASHERS=UPGRADED_HASHERS):
        response = Client().post("/accounts/login/", {"username": "learner", "password": PASSWORD})
        assert response.status_code == 302
        learner.refresh_from_db()
        assert learner.password.startswith("pbkdf2_sha256$1000$")
        assert learner.check_password(PASSWORD)
    entry = last_entry(learner)
    assert (entry.operation, entry.changed_fields) == ("update", ["password"])
    audit = AuditEntry.objects.filter(record_id=learner.pk, action="user.password_rehash").get()
    assert (audit.actor_id, audit.field_names) == (learner.pk, ["password"])
    assert journal_mismatches(User) == []


def test_a_hash_upgraded_by_the_asynchronous_check_is_journaled(learner):
    with override_settings(PASSWORD_HASHERS=UPGRADED_HASHERS):
        signed_in = async_to_sync(aauthenticate)(username="learner", password=PASSWORD)
        assert signed_in is not None and signed_in.pk == learner.pk
        learner.refresh_from_db()
        assert learner.password.startswith("pbkdf2_sha256$1000$")
    assert last_entry(learner).changed_fields == ["password"]
    assert journal_mismatches(User) == []


def test_a_closed_login_keeps_its_old_hash_and_nothing_is_written():
    closed = user_create(username="closed", password=PASSWORD, by=None)
    user_delete(user=closed, by=None)
    before = (JournalEntry.objects.count(), AuditEntry.objects.count())
    stored = User.objects.get(pk=closed.pk).password
    with override_settings(PASSWORD_HASHERS=UPGRADED_HASHERS):
        response = Client().post("/accounts/login/", {"username": "closed", "password": PASSWORD})
    assert response.status_code == 200
    assert User.objects.get(pk=closed.pk).password == stored
    assert (JournalEntry.objects.count(), AuditEntry.objects.count()) == before
    assert journal_mismatches(User) == []


def test_the_changepassword_command_is_journaled(learner, monkeypatch):
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": NEW_PASSWORD)
    call_command("changepassword", "learner", stdout=io.StringIO(), stderr=io.StringIO())
    learner.refresh_from_db()
    assert learner.check_password(NEW_PASSWORD)
    assert last_entry(learner).changed_fields == ["password"]
    audit = last_audit(learner)
    assert (audit.action, audit.actor_id) == ("user.set_password", None)
    assert journal_mismatches(User) == []


def test_the_changepassword_command_refuses_a_weak_password_and_changes_nothing(
    learner, monkeypatch
):
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "12345678")
    before = JournalEntry.objects.count()
    with pytest.raises(CommandError, match="No password accepted after 3 tries"):
        call_command("changepassword", "learner", stdout=io.StringIO(), stderr=io.StringIO())
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)
    assert JournalEntry.objects.count() == before


def test_the_createsuperuser_command_without_a_terminal_is_journaled(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", NEW_PASSWORD)
    call_command(
        "createsuperuser",
        "--noinput",
        "--username=root",
        "--email=root@example.org",
        stdout=io.StringIO(),
    )
    root = User.objects.get(username="root")
    assert (root.is_staff, root.is_superuser, root.email) == (True, True, "root@example.org")
    assert root.check_password(NEW_PASSWORD)
    entry = last_entry(root)
    assert entry.operation == "create" and "password" in entry.changed_fields
    assert last_audit(root).action == "user.create"
    assert journal_mismatches(User) == []


def test_the_createsuperuser_command_at_a_terminal_is_journaled(monkeypatch):
    answers = iter(["root", "root@example.org"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": NEW_PASSWORD)
    call_command("createsuperuser", stdout=io.StringIO(), stderr=io.StringIO())
    root = User.objects.get(username="root")
    assert root.is_superuser and root.check_password(NEW_PASSWORD)
    assert journal_mismatches(User) == []


def test_the_createsuperuser_command_refuses_a_taken_username_and_writes_nothing(learner):
    before = JournalEntry.objects.count()
    with pytest.raises(CommandError, match="already taken"):
        call_command("createsuperuser", "--noinput", "--username=learner")
    assert JournalEntry.objects.count() == before
    assert User.objects.get(username="learner").is_superuser is False


def test_groups_and_per_login_permissions_grant_nothing():
    staff = user_create(username="staff", password=None, by=None, is_staff=True)
    permission = Permission.objects.get(codename="change_person")
    group = Group.objects.create(name="editors")
    group.permissions.add(permission)
    staff.groups.add(group)
    staff.user_permissions.add(Permission.objects.get(codename="view_person"))
    staff = User.objects.get(pk=staff.pk)
    assert staff.get_all_permissions() == set()
    assert not staff.has_perm("people.change_person")
    assert not staff.has_perm("people.view_person")
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/people/person/").status_code == 403


def test_the_admin_offers_neither_groups_nor_permissions(admin_user, learner):
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/admin/core/user/{learner.pk}/change/").content.decode()
    assert 'name="groups"' not in page
    assert 'name="user_permissions"' not in page
    assert 'name="last_login_0"' not in page
    assert client.get("/admin/auth/group/").status_code == 404
    assert "groups__id__exact" not in client.get("/admin/core/user/").content.decode()
