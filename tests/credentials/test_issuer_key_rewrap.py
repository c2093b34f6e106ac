"""``ujuzi keys rewrap`` moves the issuer's private signing keys to the newest key too."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.core.management import call_command

from tests.credentials.conftest import sign, unsigned_badge
from ujuzi.core import crypto
from ujuzi.core.models import AuditEntry
from ujuzi.credentials.models import IssuerKey
from ujuzi.credentials.services import issuer_key_current, issuer_key_rotate
from ujuzi.credentials.verify import credential_verify


@pytest.fixture
def keyring_reset() -> Any:
    crypto.keyring.cache_clear()
    yield
    crypto.keyring.cache_clear()


def _use_keys(settings: Any, *keys: bytes) -> None:
    settings.UJUZI = dataclasses.replace(settings.UJUZI, encryption_keys=keys)
    crypto.keyring.cache_clear()


def test_signing_works_after_rewrap_without_the_old_key(
    db: Any, settings: Any, keyring_reset: Any, capsys: Any
) -> None:
    old_key = settings.UJUZI.encryption_keys[0]
    issuer_key_current()
    issuer_key_rotate()  # two keys: a retired one and the current one
    before = {key.number: bytes(key.private_key_sealed) for key in IssuerKey.objects.all()}
    new_key = bytes(range(32))
    _use_keys(settings, new_key, old_key)

    call_command("keys", "rewrap")
    call_command("keys", "rewrap")  # nothing left to move

    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith(", 2 issuer signing keys with the newest key.")
    assert out[1].endswith(", 0 issuer signing keys with the newest key.")
    after = {key.number: bytes(key.private_key_sealed) for key in IssuerKey.objects.all()}
    assert after.keys() == before.keys()
    assert all(after[number] != before[number] for number in before)
    assert AuditEntry.objects.filter(action="credentials.issuer_key.rewrap").count() == 2
    _use_keys(settings, new_key)  # the old key is gone from the configuration
    badge = sign(unsigned_badge())
    assert credential_verify(badge).status == "valid"
    assert badge["proof"][0]["verificationMethod"].endswith("#key-2")
    assert issuer_key_rotate().verification_method.endswith("#key-3")


def test_without_rewrap_the_old_key_is_still_needed(
    db: Any, settings: Any, keyring_reset: Any
) -> None:
    issuer_key_current()
    _use_keys(settings, bytes(range(32)))

    with pytest.raises(crypto.DecryptionError, match="no longer holds"):
        issuer_key_current()
