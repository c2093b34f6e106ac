"""``credential_verify`` and ``ujuzi verify``: dates, issuers, malformed input, no network."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from tests.credentials.conftest import sign, unsigned_badge
from ujuzi.credentials.verify import credential_verify

NOW = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


def test_a_credential_past_its_end_is_expired(db: Any) -> None:
    badge = sign(unsigned_badge(valid_until=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)))

    verdict = credential_verify(badge, now=NOW)

    assert (verdict.status, verdict.reason) == ("expired", "expired at 2026-12-01T00:00:00Z")
    assert credential_verify(badge, now=NOW - datetime.timedelta(seconds=1)).status == "valid"


def test_a_credential_before_its_start_is_not_yet_valid(db: Any) -> None:
    badge = sign(unsigned_badge(valid_from=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC)))

    verdict = credential_verify(badge, now=NOW)

    assert (verdict.status, verdict.reason) == ("not yet valid", "valid from 2027-01-01T00:00:00Z")


def test_changed_dates_are_tampering_not_expiry(signed_badge: dict[str, Any]) -> None:
    signed_badge["validUntil"] = "2026-11-30T12:00:00Z"

    assert credential_verify(signed_badge, now=NOW).status == "tampered"


def test_another_issuer_is_unknown(db: Any, settings: Any) -> None:
    badge = sign(unsigned_badge())
    settings.UJUZI = dataclasses.replace(settings.UJUZI, public_url="https://ujuzi.go.ke")

    verdict = credential_verify(badge, now=NOW)

    assert verdict.status == "unknown issuer"
    assert verdict.issuer == "did:web:127.0.0.1%3A8000"


def test_an_issuer_given_as_text_is_read_too(signed_badge: dict[str, Any]) -> None:
    signed_badge["issuer"] = "did:web:rwanda.example"

    assert credential_verify(signed_badge, now=NOW).status == "unknown issuer"


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ([], "a credential must be a JSON object"),
        ("a certificate", "a credential must be a JSON object"),
        (None, "a credential must be a JSON object"),
        (42, "a credential must be a JSON object"),
        ({"type": ["VerifiableCredential"]}, "the document has no @context"),
        ({"@context": [], "type": "x"}, "the document is not a verifiable credential"),
        ({"@context": [], "type": ["VerifiableCredential"]}, "the credential names no issuer"),
    ],
)
def test_malformed_documents_say_why(db: Any, document: Any, reason: str) -> None:
    verdict = credential_verify(document, now=NOW)

    assert (verdict.status, verdict.reason) == ("malformed", reason)


def test_a_huge_document_is_refused_before_any_work(signed_badge: dict[str, Any]) -> None:
    signed_badge["credentialSubject"]["achievement"]["description"] = "x" * (256 * 1024)

    verdict = credential_verify(signed_badge, now=NOW)

    assert (verdict.status, verdict.reason) == ("malformed", "the document is larger than 256 KiB")


def test_a_deeply_nested_document_is_refused(signed_badge: dict[str, Any]) -> None:
    nested: Any = "x"
    for _ in range(10_000):
        nested = [nested]
    signed_badge["credentialSubject"]["evidence"] = nested

    verdict = credential_verify(signed_badge, now=NOW)

    assert verdict.status == "malformed"
    assert verdict.reason == "the document is nested more than 32 levels deep"


def test_an_unknown_context_is_never_fetched(signed_badge: dict[str, Any]) -> None:
    signed_badge["@context"] = [*signed_badge["@context"], "https://evil.example/context.json"]

    verdict = credential_verify(signed_badge, now=NOW)

    assert verdict.status == "malformed"
    assert "https://evil.example/context.json" in verdict.reason


def test_contexts_load_only_shipped_documents() -> None:
    from ujuzi.credentials import contexts

    for url in contexts.SHIPPED:
        assert "@context" in contexts.load(url)
    with pytest.raises(contexts.UnknownContextError, match="unknown JSON-LD context"):
        contexts.load("https://www.w3.org/2018/credentials/v1")


def test_verify_command_exit_status(signed_badge: dict[str, Any], tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(signed_badge))
    bad_badge = copy.deepcopy(signed_badge)
    bad_badge["name"] = "Something else"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_badge))
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff{")

    call_command("verify", str(good))
    for path in (bad, garbage, tmp_path / "missing.json"):
        with pytest.raises(SystemExit) as exit_status:
            call_command("verify", str(path))
        assert exit_status.value.code == 1


UNSHARE = shutil.which("unshare")


def _unshare_works() -> bool:
    if UNSHARE is None:
        return False
    probe = subprocess.run([UNSHARE, "-n", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def test_verify_runs_with_no_network_at_all(tmp_path: Path, transactional_db: Any) -> None:
    from django.db import connection

    if not _unshare_works():
        pytest.skip("unshare -n is not available here (needs root or user namespaces)")
    if connection.vendor != "sqlite":
        pytest.skip("without a network the command cannot reach PostgreSQL; SQLite leg only")
    badge = sign(unsigned_badge())
    good = tmp_path / "good.json"
    good.write_text(json.dumps(badge))
    badge["credentialSubject"]["achievement"]["name"] = "Cloud architecture (expert)"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(badge))
    # The test database lives in memory; the command gets a copy of it in a file.
    copy_path = tmp_path / "copy.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy_path)
    connection.connection.backup(target)
    target.close()
    environment = {**os.environ, "UJUZI_DATABASE_URL": f"sqlite:///{copy_path}"}

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "ujuzi.cli", "verify", str(path)]
        return subprocess.run(
            [str(UNSHARE), "-n", *command],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )

    valid = run(good)
    tampered = run(bad)

    assert (valid.returncode, tampered.returncode) == (0, 1), (valid.stderr, tampered.stderr)
    assert valid.stdout.startswith("valid: ")
    assert tampered.stdout.startswith("tampered: the signature does not match")


def test_verify_with_a_trust_file_needs_no_network_and_no_database(tmp_path: Path) -> None:
    from tests.credentials.trust_helpers import Partner

    if not _unshare_works():
        pytest.skip("unshare -n is not available here (needs root or user namespaces)")
    partner = Partner()
    good = tmp_path / "good.json"
    good.write_text(json.dumps(partner.badge()))
    changed = partner.badge()
    changed["credentialSubject"]["achievement"]["name"] = "Cloud architecture (expert)"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(changed))
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps([partner.did_document()]))
    # An empty database file: no table at all, so any read of the database would fail.
    environment = {**os.environ, "UJUZI_DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}"}

    def run(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "ujuzi.cli", "verify", str(path), *extra]
        return subprocess.run(
            [str(UNSHARE), "-n", *command],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )

    valid = run(good, "--trust", str(trust))
    tampered = run(bad, "--trust", str(trust))
    without = run(good)

    assert (valid.returncode, tampered.returncode, without.returncode) == (0, 1, 1), (
        valid.stderr,
        tampered.stderr,
    )
    assert valid.stdout.startswith("valid: the signature matches a key of did:web:partner")
    assert valid.stdout.rstrip().endswith(
        "(issuer did:web:partner.example.rw, trusted); revocation: no status list"
    )
    assert tampered.stdout.startswith("tampered: the signature does not match")
    assert without.stderr.startswith("not checked: ")
