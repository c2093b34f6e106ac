"""Limit/offset pagination returning ``{"items": [...], "count": N}``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_LIMIT = 500


class LimitOffset(PaginationBase):
    """Pages of at most 500 items; ``count`` is the total before paging."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT, description="items per page (1-500)")
        offset: int = Field(0, ge=0, le=10_000_000, description="items to skip")

    class Output(Schema):
        items: list[Any]
        count: int

    items_attribute = "items"

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        """Slice the queryset; the count comes from the database."""
        start = pagination.offset
        return {
            "items": queryset[start : start + pagination.limit],
            "count": queryset.count(),
        }
