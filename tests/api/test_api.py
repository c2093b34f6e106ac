"""The JSON API over HTTP: conventions, auth with scopes, and the committed OpenAPI document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from ujuzi.core.models import ApiToken, AuditEntry
from ujuzi.core.reference import reference_data_load
from ujuzi.core.services import api_token_create, api_token_revoke, user_create

pytestmark = pytest.mark.django_db
COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


@pytest.fixture
def token_for():
    def make(*scopes: str) -> str:
        user = user_create(
            username=f"svc{len(scopes)}{ApiToken.objects.count()}", password=None, by=None
        )
        return api_token_create(user=user, name="test", scopes=scopes, by=None).secret

    return make


def get(path: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(path, **headers)


def test_committed_openapi_document_matches_the_code(capsys):
    call_command("openapi")
    generated = capsys.readouterr().out
    assert json.loads(generated) == json.loads(COMMITTED.read_text()), (
        "the API changed: run `ujuzi openapi --output docs/openapi.json` and commit it"
    )


def test_openapi_document_is_served():
    response = get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")


def test_status_needs_no_token_and_names_the_node():
    response = get("/api/v1/status")
    assert response.status_code == 200
    assert set(response.json()) == {"version", "node"}


def test_lists_are_paginated_with_items_and_count(token_for):
    reference_data_load()
    token = token_for("reference:read")
    first = get("/api/v1/areas?country=KE&limit=10", token).json()
    second = get("/api/v1/areas?country=KE&limit=10&offset=40", token).json()
    assert first["count"] == second["count"] == 47
    assert len(first["items"]) == 10 and len(second["items"]) == 7
    assert first["items"][0] == {
        "key": "KE-001",
        "country": "KE",
        "kind": "county",
        "code": "001",
        "name": "Mombasa",
        "parent": None,
    }


def test_districts_point_at_their_province(token_for):
    reference_data_load()
    body = get(
        "/api/v1/areas?country=rw&kind=district&limit=500", token_for("reference:read")
    ).json()
    assert body["count"] == 30
    assert {item["parent"] for item in body["items"]} >= {"RW-P-CITY-OF-KIGALI"}


def test_missing_or_unknown_token_is_401_with_the_error_body():
    for token in (None, "ujz_not-a-real-token"):
        response = get("/api/v1/areas", token)
        assert response.status_code == 401
        assert response.json() == {
            "error": {
                "code": "unauthenticated",
                "message": "A valid bearer token is needed.",
                "details": {},
            }
        }


def test_a_token_without_the_scope_is_403(token_for):
    response = get("/api/v1/areas", token_for("account:read"))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "reference:read" in response.json()["error"]["message"]


def test_a_revoked_token_stops_working(token_for):
    secret = token_for("account:read")
    assert get("/api/v1/me", secret).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(prefix=secret[:12]), by=None)
    assert get("/api/v1/me", secret).status_code == 401


@pytest.mark.parametrize("query", ["limit=0", "limit=501", "offset=-1", "limit=abc"])
def test_invalid_paging_is_422_with_details(token_for, query):
    response = get(f"/api/v1/areas?{query}", token_for("reference:read"))
    assert response.status_code == 422
    body = response.json()["error"]
    assert body["code"] == "invalid"
    assert body["details"]


def test_tokens_are_stored_as_digests_and_creation_is_audited():
    user = user_create(username="integration", password=None, by=None)
    issued = api_token_create(user=user, name="HR feed", scopes=["account:read"], by=None)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.secret not in (stored.digest, stored.prefix)
    assert AuditEntry.objects.filter(action="api_token.create", record_id=stored.pk).exists()


def test_unknown_scopes_are_refused():
    user = user_create(username="integration", password=None, by=None)
    with pytest.raises(ValueError, match="unknown scope"):
        api_token_create(user=user, name="x", scopes=["everything"], by=None)
    assert ApiToken.objects.count() == 0


def test_me_returns_the_tokens_account(token_for):
    body = get("/api/v1/me", token_for("account:read")).json()
    assert body["scopes"] == ["account:read"]


def test_the_api_docs_page_loads_nothing_from_outside():
    body = get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "http://" not in body and "https://" not in body


def test_the_token_command_creates_a_working_token_and_revokes_it(capsys):
    from django.core.management.base import CommandError

    user_create(username="hr-feed", password=None, by=None)
    call_command("token", "create", "--user", "hr-feed", "--scope", "account:read", "--name", "HR")
    secret = capsys.readouterr().out.strip()
    assert get("/api/v1/me", secret).json()["username"] == "hr-feed"
    call_command("token", "revoke", "--prefix", secret[:12])
    assert get("/api/v1/me", secret).status_code == 401
    with pytest.raises(CommandError, match="unknown scope"):
        call_command("token", "create", "--user", "hr-feed", "--scope", "everything")
