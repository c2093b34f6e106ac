"""An error an endpoint answers with its own code, in the API's one error body.

``HttpError`` carries only a status, from which ``ujuzi.api.urls`` derives a generic code;
an endpoint whose callers need to tell causes apart (a certificate too large against one
that is not JSON) raises ``ApiError`` with the code instead.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Answered as ``{"error": {"code", "message", "details"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
