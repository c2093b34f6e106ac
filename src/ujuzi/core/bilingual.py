"""Bilingual content stored in the database: one JSON value per field, keyed by language.

Descriptors, questions, course texts and notices are written as ``{"en": …, "sw": …}``;
``pick`` chooses the reader's language and falls back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation

FALLBACK = "en"


def pick(value: Mapping[str, Any] | str | None, language: str | None = None) -> str:
    """The text in ``language`` (default: the active language), else English, else any."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    wanted = (language or translation.get_language() or FALLBACK).split("-")[0]
    for code in (wanted, FALLBACK):
        text = value.get(code)
        if text:
            return str(text)
    return next((str(text) for text in value.values() if text), "")


def is_bilingual(value: Any) -> bool:
    """True for a mapping with non-empty English and Kiswahili texts."""
    return isinstance(value, Mapping) and bool(value.get("en")) and bool(value.get("sw"))
