"""Every error the committed OpenAPI document promises, asked for over HTTP.

Generated from ``docs/openapi.json``: for each operation, each documented 401, 403, 404
and 422 is provoked and its body checked against the document's error schema, and an
operation that answers one of these must document it.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator

from ujuzi.core.services import API_SCOPES, api_token_create, user_create

pytestmark = pytest.mark.django_db
DOCUMENT = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text(encoding="utf-8")
)
OPERATIONS = [
    (method, path, operation)
    for path, operations in DOCUMENT["paths"].items()
    for method, operation in operations.items()
]
PROBED = ("401", "403", "404", "422")


def _invalid(schema: dict[str, Any]) -> str | None:
    """A value the parameter's schema refuses, or None for free text."""
    if "anyOf" in schema:
        schema = next(option for option in schema["anyOf"] if option.get("type") != "null")
    if schema.get("type") == "array":
        return _invalid(schema.get("items", {}))
    if "enum" in schema or schema.get("format") == "uuid" or schema.get("type") == "integer":
        return "zz-no-such-value"
    if schema.get("type") == "boolean":
        return "maybe"
    if "$ref" in schema:
        return _invalid(DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    return None


def _call(method: str, path: str, operation: dict, token: str | None, invalid: bool) -> Any:
    query: dict[str, str] = {}
    url = path
    for parameter in operation.get("parameters", []):
        bad = _invalid(parameter["schema"]) if invalid else None
        if parameter["in"] == "path":
            value = str(uuid.uuid4()) if parameter["schema"].get("format") == "uuid" else "no-such"
            url = url.replace("{" + parameter["name"] + "}", bad or value)
        elif bad is not None:
            query[parameter["name"]] = bad
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(Client(), method)(url, query, **headers)


def _error_schema(operation: dict, status: str) -> Draft202012Validator:
    schema = operation["responses"][status]["content"]["application/json"]["schema"]
    return Draft202012Validator({**schema, "components": DOCUMENT["components"]})


@pytest.fixture
def tokens() -> dict[str, str]:
    user = user_create(username="openapi-probe", password=None, by=None)
    return {
        "all": api_token_create(user=user, name="all", scopes=API_SCOPES, by=None).secret,
        "none": api_token_create(user=user, name="none", scopes=[], by=None).secret,
    }


@pytest.mark.parametrize(
    ("method", "path", "operation"), OPERATIONS, ids=[f"{m} {p}" for m, p, _ in OPERATIONS]
)
def test_each_documented_error_is_answered_with_the_error_body(method, path, operation, tokens):
    documented = {status for status in operation["responses"] if status in PROBED}
    answers = {
        "401": _call(method, path, operation, None, invalid=False),
        "403": _call(method, path, operation, tokens["none"], invalid=False),
        "404": _call(method, path, operation, tokens["all"], invalid=False),
        "422": _call(method, path, operation, tokens["all"], invalid=True),
    }
    answered = {
        status for status, response in answers.items() if str(response.status_code) == status
    }
    assert answered == documented
    for status in documented:
        body = answers[status].json()
        assert list(_error_schema(operation, status).iter_errors(body)) == [], body
