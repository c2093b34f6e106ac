"""Request-scoped middleware: a request id that ties log lines and audit entries together."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ujuzi.core import context
from ujuzi.core.ids import uuid7

_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Take a well-formed ``X-Request-ID`` from a trusted proxy, or make one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Tag the request, the audit entries it writes, and the response."""
        offered = request.headers.get("X-Request-ID", "")
        value = offered if _SAFE_REQUEST_ID.match(offered) else uuid7().hex
        token = context.request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            context.request_id.reset(token)
        response["X-Request-ID"] = value
        return response
