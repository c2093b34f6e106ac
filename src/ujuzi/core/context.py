"""Per-request facts that deep layers need without threading them through every call."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("ujuzi_request_id", default="")
