"""Journaled and audited writes: one at a time (a form) and in bulk (an HR import)."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from harness import Run
from ujuzi.core.models import AuditEntry, DataKey, JournalEntry, User
from ujuzi.core.records import records_bulk_create
from ujuzi.core.services import user_create


class _Counts:
    """Row counts before a benchmark, to check afterwards what it added."""

    def __init__(self) -> None:
        self.users = User.objects.count()
        self.keys = DataKey.objects.count()
        self.journal = JournalEntry.objects.count()
        self.audit = AuditEntry.objects.count()

    def expect(self, *, users: int, keys: int, journal: int, audit: int) -> None:
        added = {
            "users": User.objects.count() - self.users,
            "data keys": DataKey.objects.count() - self.keys,
            "journal entries": JournalEntry.objects.count() - self.journal,
            "audit entries": AuditEntry.objects.count() - self.audit,
        }
        wanted = {
            "users": users,
            "data keys": keys,
            "journal entries": journal,
            "audit entries": audit,
        }
        if added != wanted:
            raise AssertionError(f"expected {wanted} to be added, found {added}")


def user_create_single(size: int) -> Run:
    """``size`` calls of ``user_create``: each its own transaction, journal and audit entry."""
    before = _Counts()

    def timed() -> int:
        for index in range(size):
            user_create(
                username=f"bench-single-{index:07d}",
                password=None,
                by=None,
                email=f"bench-single-{index}@example.org",
            )
        return size

    def check(count: int) -> None:
        before.expect(users=count, keys=count, journal=count, audit=count)

    return Run(timed, check)


def bulk_create_users(size: int) -> Run:
    """One ``records_bulk_create`` of ``size`` new users (each gets a new data key)."""
    password = make_password(None)  # computed once: the hasher is not what is measured
    users = [
        User(
            username=f"bench-bulk-{index:07d}",
            email=f"bench-bulk-{index}@example.org",
            first_name="Bench",
            last_name=f"User {index}",
            password=password,
        )
        for index in range(size)
    ]
    before = _Counts()

    def timed() -> int:
        return records_bulk_create(users, by=None)

    def check(count: int) -> None:
        before.expect(users=size, keys=size, journal=size, audit=1)
        if count != size:
            raise AssertionError(f"records_bulk_create reported {count} of {size}")

    return Run(timed, check)
