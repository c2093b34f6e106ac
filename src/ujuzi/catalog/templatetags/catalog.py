"""Template helpers for catalogue pages."""

from __future__ import annotations

from django import template

from ujuzi.catalog.models import DeliveryMode

register = template.Library()


@register.filter
def delivery_mode(value: str) -> str:
    """The translated label of a delivery mode."""
    return str(DeliveryMode(value).label) if value in DeliveryMode.values else value
