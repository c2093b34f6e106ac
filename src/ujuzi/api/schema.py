"""The API's OpenAPI document as independent tools read it (Redocly's recommended lint).

django-ninja writes what each endpoint declares; ``UjuziApi`` completes the document from
what the API really does, in one place rather than in every endpoint:

- an operation behind a token answers 401 without a valid one and 403 without its scopes
  (``auth.TokenAuth``); a public operation says so with ``security: []``;
- an operation with a typed parameter answers 422 when it is not valid (ninja's
  validation, answered in ``urls``);
- an operation with a path parameter answers 404 for an unknown object or one outside
  the token owner's scope;
- other errors an endpoint raises itself (400, 413) it declares with ``error_responses``.

Every error has the one body ``ErrorOut``. Schemas no operation uses (ninja adds the models
behind flattened query parameters) are left out.
"""

from __future__ import annotations

import json
from typing import Any

from ninja import NinjaAPI, Schema
from ninja.openapi.schema import OpenAPISchema

ERROR_SCHEMA = "ErrorOut"
REFERENCE = "#/components/schemas/"
ERROR_DESCRIPTIONS = {
    400: "The request cannot be done as asked (`bad_request`, or a code of the operation's).",
    401: "No valid bearer token (`unauthenticated`).",
    403: "The token lacks a scope the operation needs (`forbidden`).",
    404: "No such object, or one outside the token owner's scope (`not_found`).",
    413: "The body is larger than the operation accepts (`too_large`).",
    422: "A parameter is not valid (`invalid`); `details` lists each problem.",
}


class ErrorDetail(Schema):
    """The fields of an error: a stable code, a message, and details (by field for 422)."""

    code: str
    message: str
    details: dict[str, Any] | list[Any]


class ErrorOut(Schema):
    """The one error body every endpoint answers with."""

    error: ErrorDetail


def error_response(status: int) -> dict[str, Any]:
    """One documented error response with the error body."""
    return {
        "description": ERROR_DESCRIPTIONS[status],
        "content": {"application/json": {"schema": {"$ref": REFERENCE + ERROR_SCHEMA}}},
    }


def error_responses(*statuses: int) -> dict[str, Any]:
    """``openapi_extra`` for an endpoint that raises these errors itself (400, 413)."""
    return {"responses": {status: error_response(status) for status in statuses}}


def _is_typed(schema: dict[str, Any]) -> bool:
    """Whether a value can fail the schema (anything but optional free text or a list of it)."""
    if "anyOf" in schema:
        return any(_is_typed(option) for option in schema["anyOf"] if option.get("type") != "null")
    if schema.get("type") == "array":
        return _is_typed(schema.get("items", {}))
    return schema.get("type") != "string" or bool(
        {"format", "enum", "pattern", "maxLength", "minLength"} & set(schema)
    )


def _derived_errors(operation: dict[str, Any]) -> list[int]:
    parameters = operation.get("parameters", [])
    statuses = []
    if operation.get("security"):
        statuses += [401, 403]
    if any(parameter["in"] == "path" for parameter in parameters):
        statuses.append(404)
    if any(_is_typed(parameter.get("schema", {})) for parameter in parameters):
        statuses.append(422)
    return statuses


def _references(value: Any) -> set[str]:
    text = json.dumps(value)
    found = set()
    start = text.find(REFERENCE)
    while start != -1:
        end = text.find('"', start)
        found.add(text[start + len(REFERENCE) : end])
        start = text.find(REFERENCE, end)
    return found


def _used_schemas(document: dict[str, Any]) -> set[str]:
    schemas = document["components"]["schemas"]
    used: set[str] = set()
    waiting = _references(document["paths"])
    while waiting:
        name = waiting.pop()
        if name not in used:
            used.add(name)
            waiting |= _references(schemas.get(name, {})) - used
    return used


def document_complete(document: dict[str, Any]) -> dict[str, Any]:
    """Add the errors, public markers and error schema; drop unused schemas."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorOut.model_json_schema(ref_template=REFERENCE + "{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas[ERROR_SCHEMA] = error_schema
    for operations in document["paths"].values():
        for operation in operations.values():
            operation.setdefault("security", [])
            responses = operation["responses"]
            for status in _derived_errors(operation):
                responses.setdefault(status, error_response(status))
            # Declared error responses take the one error body and its description.
            for status in [code for code in responses if 400 <= int(code) < 500]:
                responses[status] = error_response(int(status))
            operation["responses"] = dict(sorted(responses.items(), key=lambda item: int(item[0])))
    used = _used_schemas(document)
    document["components"]["schemas"] = {
        name: schema for name, schema in schemas.items() if name in used
    }
    return document


class UjuziApi(NinjaAPI):
    """The API, whose OpenAPI document says what it answers (see the module docstring)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's document, completed."""
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_complete(document)
        return document
