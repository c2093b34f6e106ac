"""``ujuzi openapi``: write the API's OpenAPI document (committed as docs/openapi.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ujuzi.api.urls import api


def openapi_document() -> str:
    """The schema as stable, pretty JSON."""
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    """Print or write the OpenAPI document."""

    help = "Write the OpenAPI 3.1 document of /api/v1/."

    def add_arguments(self, parser: CommandParser) -> None:
        """Options."""
        parser.add_argument("--output", help="file to write (default: print)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Print or write."""
        document = openapi_document()
        if options["output"]:
            Path(options["output"]).write_text(document, encoding="utf-8")
        else:
            self.stdout.write(document, ending="")
