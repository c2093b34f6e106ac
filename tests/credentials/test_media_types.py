"""Signed credentials are served as ``application/vc`` (VC 2.0), or as
``application/vc+ld+json`` to a client whose ``Accept`` header asks for it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from tests.credentials.issuing_helpers import make_completion
from tests.credentials.test_passport import signed_in_learner
from tests.credentials.test_share import path_of, shared_link
from ujuzi.credentials.issuing import credential_issue
from ujuzi.demo.trust import partner_credential, partner_issuer_load

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
# Accept header sent → media type served
ASKED = [
    (None, "application/vc"),
    (BROWSER, "application/vc"),
    ("application/vc", "application/vc"),
    ("application/vc+ld+json", "application/vc+ld+json"),
    ("application/vc+ld+json, application/vc;q=0.5", "application/vc+ld+json"),
    ("application/vc, application/vc+ld+json;q=0.5", "application/vc"),
    ("application/json", "application/vc"),
]


def get(client: Client, path: str, accept: str | None) -> Any:
    return client.get(path, **({"HTTP_ACCEPT": accept} if accept else {}))


def assert_served_as(response: Any, media_type: str, document: dict) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert "Accept" in response["Vary"]
    assert json.loads(response.content) == document


@pytest.mark.parametrize(("accept", "media_type"), ASKED)
def test_a_learner_downloads_their_certificate_in_the_media_type_asked_for(
    db: Any, accept: str | None, media_type: str
) -> None:
    client, credential = signed_in_learner(db)
    response = get(client, f"/me/certificates/{credential.pk}/download", accept)
    assert_served_as(response, media_type, credential.document)


@pytest.mark.parametrize(("accept", "media_type"), ASKED)
def test_a_shared_passport_serves_a_certificate_in_the_media_type_asked_for(
    db: Any, accept: str | None, media_type: str
) -> None:
    client, credential = signed_in_learner(db)
    link = path_of(shared_link(client))
    response = get(Client(), f"{link}{credential.pk}.json", accept)
    assert_served_as(response, media_type, credential.document)


@pytest.mark.parametrize(("accept", "media_type"), ASKED)
def test_the_status_list_is_served_in_the_media_type_asked_for(
    db: Any, accept: str | None, media_type: str
) -> None:
    credential_issue(completion=make_completion(), by=None)
    response = get(Client(), "/credentials/status/1", accept)
    assert response.status_code == 200
    assert response["Content-Type"] == media_type
    assert "Accept" in response["Vary"]
    assert json.loads(response.content)["type"][-1] == "BitstringStatusListCredential"


@pytest.mark.parametrize(("accept", "media_type"), ASKED)
def test_the_partners_sample_is_served_in_the_media_type_asked_for(
    db: Any, accept: str | None, media_type: str
) -> None:
    partner_issuer_load()
    response = get(Client(), "/verify/samples/rwanda-management-institute.json", accept)
    assert_served_as(response, media_type, partner_credential())
