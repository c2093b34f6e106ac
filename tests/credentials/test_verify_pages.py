"""The public verification pages and the verification endpoint."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.credentials.issuing_helpers import make_admin, make_completion
from ujuzi.credentials.issuing import credential_issue, credential_revoke
from ujuzi.credentials.models import Credential
from ujuzi.credentials.verify import MAX_BYTES


@pytest.fixture
def credential(db: Any) -> Credential:
    return credential_issue(completion=make_completion(), by=None)


def upload(data: bytes) -> Any:
    file = SimpleUploadedFile("certificate.json", data, content_type="application/json")
    return Client().post("/verify/", {"credential": file})


def test_the_qr_page_of_a_valid_certificate_shows_the_achievement_not_the_holder(
    credential: Credential,
) -> None:
    response = Client().get(f"/verify/{credential.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine and valid." in body
    assert "Cyber hygiene" in body
    assert "2026-11-27" in body
    assert "the holder of this certificate" in body
    person = credential.person
    assert person.last_name not in body
    assert person.first_name not in body
    assert "wanjiku" not in body.lower()


def test_the_qr_page_of_a_revoked_certificate_gives_the_reason(credential: Credential) -> None:
    credential_revoke(credential=credential, reason="issued in error", by=make_admin())

    body = Client().get(f"/verify/{credential.pk}/").content.decode()

    assert "This certificate was revoked by its issuer." in body
    assert "issued in error" in body


def test_an_unknown_certificate_address_says_so(db: Any) -> None:
    response = Client().get(f"/verify/{uuid.uuid4()}/")

    assert response.status_code == 404
    assert "No certificate is known at this address." in response.content.decode()


def test_the_qr_page_speaks_kiswahili(credential: Credential) -> None:
    client = Client(headers={"accept-language": "sw"})

    body = client.get(f"/verify/{credential.pk}/").content.decode()

    assert "Cheti hiki ni halali na cha kweli." in body


def test_an_uploaded_valid_certificate_is_valid(credential: Credential) -> None:
    response = upload(json.dumps(credential.document).encode())

    assert response.status_code == 200
    assert "This certificate is genuine and valid." in response.content.decode()


def test_an_uploaded_tampered_certificate_is_tampered_and_shows_nothing_of_it(
    credential: Credential,
) -> None:
    document = credential.document
    document["credentialSubject"]["achievement"]["name"] = "Doctor of Cyber Security"

    body = upload(json.dumps(document).encode()).content.decode()

    assert "This certificate has been changed since it was issued." in body
    assert "Doctor of Cyber Security" not in body


def test_an_upload_one_byte_over_the_limit_is_refused(db: Any) -> None:
    data = b'{"a": "' + b"x" * (MAX_BYTES - 8) + b'"}'
    assert len(data) == MAX_BYTES + 1

    response = upload(data)
    at_the_limit = upload(data[:7] + data[8:])

    assert response.status_code == 400
    assert "The file is larger than 256 KiB." in response.content.decode()
    assert at_the_limit.status_code == 200


def test_binary_garbage_is_refused(db: Any) -> None:
    response = upload(bytes(range(256)) * 4)

    assert response.status_code == 400
    assert "The file is not text" in response.content.decode()


def test_text_that_is_not_json_is_refused(db: Any) -> None:
    response = upload(b"Certificate of completion, Wanjiku Kamau")

    assert response.status_code == 400
    assert "The file is not JSON" in response.content.decode()


def test_the_form_opens_without_signing_in(db: Any) -> None:
    response = Client().get("/verify/")

    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


def post_api(body: bytes) -> Any:
    return Client().post("/api/v1/credentials/verify", body, content_type="application/json")


def test_the_api_verifies_without_a_token(credential: Credential) -> None:
    response = post_api(json.dumps(credential.document).encode())

    assert response.status_code == 200
    assert response.json() == {
        "status": "valid",
        "valid": True,
        "reason": "the signature matches and the credential is within its dates",
        "issuer": "did:web:127.0.0.1%3A8000",
        "issuer_trust": "this installation",
        "revocation": "checked",
    }


def test_the_api_reports_revocation(credential: Credential) -> None:
    credential_revoke(credential=credential, reason="issued in error", by=make_admin())

    answer = post_api(json.dumps(credential.document).encode()).json()

    assert (answer["status"], answer["valid"]) == ("revoked", False)
    assert answer["reason"].endswith(": issued in error")


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b"", 400, "empty"),
        (b"{not json", 400, "not_json"),
        (b"\xff\xfe\x00garbage", 400, "not_text"),
        (b'"' + b"x" * MAX_BYTES + b'"', 413, "too_large"),
    ],
    ids=["empty", "not-json", "binary", "too-large"],
)
def test_the_api_refuses_malformed_bodies(db: Any, body: bytes, status: int, code: str) -> None:
    response = post_api(body)

    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert set(response.json()["error"]) == {"code", "message", "details"}


@pytest.mark.parametrize("body", [b"[]", b"42", b'{"type": ["VerifiableCredential"]}'])
def test_json_that_is_no_credential_is_malformed(db: Any, body: bytes) -> None:
    response = post_api(body)

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["valid"]) == ("malformed", False)


@pytest.mark.parametrize("key", ["@base", "@set", "@vocab", "_:", "_:b0"])
def test_keys_that_json_ld_would_drop_unsigned_are_refused(
    credential: Credential, key: str
) -> None:
    document = credential.document
    document["credentialSubject"][key] = {}

    answer = post_api(json.dumps(document).encode()).json()

    assert (answer["status"], answer["reason"]) == (
        "malformed",
        f"the key {key!r} is not used in credentials",
    )
