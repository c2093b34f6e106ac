"""The JSON API, ``/api/v1/``: conventions in ``docs/api.md``, schema in ``docs/openapi.json``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.errors import AuthorizationError as NinjaAuthorizationError

from ujuzi import __version__
from ujuzi.api import account, catalogue, credentials, delivery, people, reference, reports, skills
from ujuzi.api.errors import ApiError
from ujuzi.api.schema import UjuziApi

api = UjuziApi(
    title="Ujuzi API",
    version="1",
    description=(
        "Ujuzi's JSON API. Lists are paginated with `limit` and `offset` and return "
        '`{"items": [...], "count": N}`. Errors return `{"error": {"code", "message", '
        '"details"}}`. Authenticate with `Authorization: Bearer <token>`; each token is '
        "limited to scopes."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    # The installation that serves the document; paths carry the /api/v1 prefix.
    servers=[{"url": "/", "description": "This installation"}],
    openapi_extra={
        "info": {"license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"}}
    },
)
api.add_router("/", reference.router)
api.add_router("/", account.router)
api.add_router("/", people.router)
api.add_router("/", skills.router)
api.add_router("/", catalogue.router)
api.add_router("/", delivery.router)
api.add_router("/", credentials.router)
api.add_router("/", reports.router)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, details: Any = None
) -> HttpResponse:
    """The one error body every endpoint returns."""
    body = {"error": {"code": code, "message": message, "details": details or {}}}
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return error_response(request, 422, "invalid", "The request is not valid.", error.errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "A valid bearer token is needed.")


@api.exception_handler(NinjaAuthorizationError)
def _forbidden(request: HttpRequest, error: NinjaAuthorizationError) -> HttpResponse:
    return error_response(request, 403, "forbidden", str(error.message))


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    return error_response(request, error.status, error.code, error.message, error.details)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 409: "conflict"}
    return error_response(
        request, error.status_code, codes.get(error.status_code, "error"), str(error)
    )


__all__ = ["__version__", "api"]
