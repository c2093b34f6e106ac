"""Template helpers shared by every app."""

from __future__ import annotations

from typing import Any

from django import template

from ujuzi.core.bilingual import pick

register = template.Library()


@register.filter
def localized(value: Any) -> str:
    """Show a bilingual JSON value in the reader's language."""
    return pick(value)
