"""Revoking certificates, and the signed status list that tells the world."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.credentials.issuing_helpers import make_admin, make_completion
from tests.factories import make_user
from ujuzi.core.models import JournalEntry
from ujuzi.credentials.issuing import CredentialError, credential_issue, credential_revoke
from ujuzi.credentials.models import Credential
from ujuzi.credentials.proofs import proof_verify
from ujuzi.credentials.selectors import issuer_public_key
from ujuzi.credentials.status import bit_is_set, decoded_list, encoded_list
from ujuzi.credentials.verify import credential_verify


def test_a_revoked_certificate_says_so_with_the_reason(db: Any) -> None:
    credential = credential_issue(completion=make_completion(), by=None)

    credential_revoke(credential=credential, reason="issued to the wrong cohort", by=make_admin())

    verdict = credential_verify(credential.document)
    assert verdict.status == "revoked"
    assert verdict.reason.endswith(": issued to the wrong cohort")
    assert verdict.reason.startswith("revoked on ")


def test_the_status_list_is_signed_and_has_the_bit_set(db: Any) -> None:
    kept = credential_issue(completion=make_completion(), by=None)
    revoked = credential_issue(completion=make_completion(), by=None)
    credential_revoke(credential=revoked, reason="fraudulent attendance", by=make_admin())

    response = Client().get("/credentials/status/1")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc"
    document = json.loads(response.content)
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["issuer"] == "did:web:127.0.0.1%3A8000"
    subject = document["credentialSubject"]
    assert (subject["type"], subject["statusPurpose"]) == ("BitstringStatusList", "revocation")
    assert proof_verify(document, resolve_key=issuer_public_key).valid
    bits = decoded_list(subject["encodedList"])
    assert len(bits) * 8 == 131_072
    assert bit_is_set(bits, revoked.status_list_index)
    assert not bit_is_set(bits, kept.status_list_index)
    assert sum(bin(byte).count("1") for byte in bits) == 1


def test_an_unknown_status_list_is_not_found(db: Any) -> None:
    assert Client().get("/credentials/status/7").status_code == 404


def test_bits_count_from_the_left_of_the_first_byte() -> None:
    bits = decoded_list(encoded_list([0, 9], size=16))

    assert bits == bytes([0b1000_0000, 0b0100_0000])


def test_only_programme_administrators_revoke_and_nothing_changes_otherwise(db: Any) -> None:
    credential = credential_issue(completion=make_completion(), by=None)
    entries = JournalEntry.objects.count()

    with pytest.raises(CredentialError):
        credential_revoke(credential=credential, reason="no reason", by=make_user())

    credential.refresh_from_db()
    assert (credential.revoked_at, credential.revocation_reason) == (None, "")
    assert JournalEntry.objects.count() == entries + 1  # the new user only
    assert credential_verify(credential.document).status == "valid"


def test_a_revocation_needs_a_reason(db: Any) -> None:
    credential = credential_issue(completion=make_completion(), by=None)

    with pytest.raises(CredentialError):
        credential_revoke(credential=credential, reason="   ", by=make_admin())

    assert Credential.objects.get().revoked_at is None


def test_an_administrator_revokes_from_the_verification_page_and_nobody_else_can(
    db: Any,
) -> None:
    credential = credential_issue(completion=make_completion(), by=None)
    url = f"/verify/{credential.pk}/revoke/"
    stranger = Client()
    stranger.force_login(make_user())
    assert stranger.post(url, {"reason": "mistake"}).status_code == 404
    assert Client().post(url, {"reason": "mistake"}).status_code == 302  # to sign in
    admin = Client()
    admin.force_login(make_admin())
    assert "Revoke this certificate" in admin.get(f"/verify/{credential.pk}/").content.decode()
    for refused in ("", "x" * 301):
        admin.post(url, {"reason": refused})
    credential.refresh_from_db()
    assert credential.revoked_at is None
    page = admin.post(url, {"reason": "issued to the wrong cohort"}, follow=True)
    credential.refresh_from_db()
    assert credential.revocation_reason == "issued to the wrong cohort"
    body = page.content.decode()
    assert "revoked by its issuer" in body and "Revoke this certificate" not in body
    assert Client().get(f"/verify/{credential.pk}/").status_code == 200
