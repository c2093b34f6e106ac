"""Template helpers for assessment pages."""

from __future__ import annotations

from typing import Any

from django import template

from ujuzi.core.bilingual import pick

register = template.Library()


@register.filter
def percent(value: object) -> str:
    """A share from 0 to 1 as a whole percentage ("—" when there is none)."""
    return f"{round(value * 100)} %" if isinstance(value, int | float) else "—"


@register.filter
def option_text(question: Any, key: str) -> str:
    """The text of one option of a question (or the number, with its unit, for numeric)."""
    for option in question.options:
        if str(option.get("key")) == str(key):
            return pick(option.get("text"))
    unit = pick(question.unit) if question.unit else ""
    return f"{key} {unit}".strip()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    """``mapping[key]``, or None when it is missing."""
    return mapping.get(key)
