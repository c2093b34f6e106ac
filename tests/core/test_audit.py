"""The audit chain detects every kind of tampering, even with recomputed plain hashes."""

from __future__ import annotations

import hashlib
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import close_old_connections, connection

from tests.conftest import is_postgresql
from ujuzi.core.audit import (
    GENESIS,
    audit_append,
    canonical,
    checkpoint_path,
    checkpoint_write,
    verify_chain,
)
from ujuzi.core.models import AuditCheckpoint, AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


def append(count: int) -> list[AuditEntry]:
    return [audit_append(action="test.action", details={"n": number}) for number in range(count)]


def recompute_plain_hashes(start_seq: int) -> None:
    """What an attacker without the key can do: re-chain with SHA-256 from an entry on."""
    entries = list(AuditEntry.objects.order_by("seq"))
    previous = entries[start_seq - 2].hash if start_seq > 1 else GENESIS
    for entry in entries[start_seq - 1 :]:
        entry.previous_hash = previous
        entry.hash = hashlib.sha256(previous.encode() + b"|" + canonical(entry)).hexdigest()
        entry.save()
        previous = entry.hash
    AuditHead.objects.update(count=entries[-1].seq, hash=previous)


def test_an_untouched_chain_verifies():
    append(10)
    checkpoint_write()
    result = verify_chain()
    assert result.is_valid, result.problems
    assert result.count == 10


def test_an_edited_entry_is_named():
    append(10)
    AuditEntry.objects.filter(seq=4).update(action="test.innocent")
    result = verify_chain()
    assert not result.is_valid
    assert result.first_bad_seq == 4
    assert "entry 4 was altered" in result.problems[0]


def test_a_deleted_entry_is_named():
    append(10)
    AuditEntry.objects.filter(seq=6).delete()
    result = verify_chain()
    assert result.first_bad_seq == 6
    assert "entry 6 is missing" in result.problems[0]


def test_reordered_entries_are_caught():
    append(10)
    third, seventh = AuditEntry.objects.get(seq=3), AuditEntry.objects.get(seq=7)
    AuditEntry.objects.filter(pk=third.pk).update(seq=-1)
    AuditEntry.objects.filter(pk=seventh.pk).update(seq=3)
    AuditEntry.objects.filter(pk=third.pk).update(seq=7)
    result = verify_chain()
    assert not result.is_valid
    assert result.first_bad_seq == 3


def test_recomputed_plain_hashes_do_not_fool_the_keyed_chain():
    append(10)
    AuditEntry.objects.filter(seq=5).update(action="test.innocent")
    recompute_plain_hashes(start_seq=5)
    result = verify_chain()
    assert result.first_bad_seq == 5
    assert any("entry 5 was altered" in problem for problem in result.problems)


def test_cutting_off_the_newest_entries_is_caught_by_the_sealed_head():
    append(10)
    AuditEntry.objects.filter(seq__gt=7).delete()
    result = verify_chain()
    assert result.first_bad_seq == 8
    assert "entries 8 to 10 were cut off" in result.problems[0]


def test_cutting_off_entries_and_rewriting_the_head_is_caught():
    append(10)
    AuditEntry.objects.filter(seq__gt=7).delete()
    newest = AuditEntry.objects.get(seq=7)
    AuditHead.objects.update(count=7, hash=newest.hash)
    result = verify_chain()
    assert not result.is_valid
    assert "the chain head's seal is invalid" in result.problems[0]


def test_cutting_off_entries_head_and_checkpoint_rows_is_caught_by_the_checkpoint_file():
    append(10)
    checkpoint_write()
    AuditEntry.objects.filter(seq__gt=7).delete()
    AuditHead.objects.all().delete()
    AuditCheckpoint.objects.all().delete()
    result = verify_chain()
    assert result.first_bad_seq == 8
    assert any("signed checkpoint saw 10 entries" in problem for problem in result.problems)


def test_a_forged_checkpoint_is_caught():
    append(3)
    checkpoint_write()
    record = json.loads(checkpoint_path().read_text())
    record["count"] = 2
    checkpoint_path().write_text(json.dumps(record) + "\n")
    result = verify_chain()
    assert any("invalid signature" in problem for problem in result.problems)


def test_checkpoint_is_written_once_per_head():
    append(3)
    assert checkpoint_write() is not None
    assert checkpoint_write() is None
    append(1)
    assert checkpoint_write().count == 4
    assert len(checkpoint_path().read_text().splitlines()) == 2


def test_entries_hold_field_names_never_values():
    entry = audit_append(action="user.update", field_names=["email"])
    assert entry.field_names == ["email"]
    assert "@" not in canonical(entry).decode()


def test_audit_verify_command_exits_non_zero_and_names_the_first_bad_entry(capsys):
    append(5)
    call_command("audit", "verify")
    assert "Audit chain valid: 5 entries" in capsys.readouterr().out
    AuditEntry.objects.filter(seq=2).update(details={"n": 99})
    with pytest.raises(CommandError, match="first bad entry: 2"):
        call_command("audit", "verify")


@pytest.mark.django_db(transaction=True)
def test_eight_threads_appending_at_once_keep_one_valid_chain():
    if not is_postgresql():
        pytest.skip(
            "concurrent writers are serialised by SQLite itself; the lock matters on PostgreSQL"
        )
    audit_append(action="test.start")
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(25):
                audit_append(action="test.concurrent")
        except BaseException as error:  # surfaced to the main thread below
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify_chain()
    assert result.is_valid, result.problems
    assert result.count == 1 + 8 * 25
