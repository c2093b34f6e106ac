"""Checking a CASE package against the 1EdTech CASE JSON Schema, as other tools read it.

The schema (``data/case-schema/``) names the formats ``uri`` and ``date-time``; the
``jsonschema`` package checks those only when optional packages are installed, so they are
checked here with the grammar of RFC 3986 (an absolute URI) and RFC 3339.
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, FormatChecker

SCHEMA = Path(__file__).parent / "data" / "case-schema" / "case-v1p0-cfpackage-schema.json"
# RFC 3986 section 3: scheme ":" hier-part, no characters that must be escaped
ABSOLUTE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]*")
# RFC 3339 section 5.6
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _checker() -> FormatChecker:
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        return not isinstance(value, str) or bool(ABSOLUTE_URI.fullmatch(value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not DATE_TIME.fullmatch(value):
            return False
        datetime.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
        return True

    return checker


@cache
def _validator() -> Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, format_checker=_checker())


def case_schema_errors(package: Any) -> list[str]:
    """Every way the package breaks the schema, as ``$.path: message``; empty when valid."""
    return sorted(
        f"{error.json_path}: {error.message}" for error in _validator().iter_errors(package)
    )
