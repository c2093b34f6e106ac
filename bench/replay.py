"""Rebuilding a model from the change journal alone, unsealing every personal value."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth.hashers import make_password

from harness import Run
from ujuzi.core import journal
from ujuzi.core.models import JournalEntry, User
from ujuzi.core.records import records_bulk_create


def journal_replay(size: int) -> Run:
    """``journal.replay(User)`` over every user journal entry the earlier benchmarks wrote.

    Run on its own (``--only journal_replay``) it first bulk-creates ``size`` users,
    untimed, so that there is a journal to replay.
    """
    entries = JournalEntry.objects.filter(model=User._meta.label_lower)
    if not entries.exists():
        print(f"[bench] journal_replay: seeding {size} users", file=sys.stderr)
        password = make_password(None)
        records_bulk_create(
            [
                User(username=f"bench-replay-{index:07d}", email="", password=password)
                for index in range(size)
            ],
            by=None,
        )
    count = entries.count()
    state: dict[Any, dict[str, Any]] = {}

    def timed() -> int:
        state.update(journal.replay(User))
        return count

    def check(_: int) -> None:
        users = dict(User.objects.values_list("id", "username"))
        if {key: record.get("username") for key, record in state.items()} != users:
            raise AssertionError("replaying the journal did not rebuild the users table")

    return Run(timed, check)
