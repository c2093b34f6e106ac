"""``ujuzi verify FILE``: check a certificate file, with no network needed."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ujuzi.credentials.verify import MALFORMED, MAX_BYTES, Verdict, credential_verify


class Command(BaseCommand):
    """Verify one credential (JSON) issued by this installation."""

    help = "Verify a credential file ('-' reads standard input); exit 0 when valid, 1 if not."

    def add_arguments(self, parser: CommandParser) -> None:
        """The file."""
        parser.add_argument("file")

    def _read(self, name: str) -> Any:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with Path(name).open("rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            return Verdict(MALFORMED, f"the file is larger than {MAX_BYTES // 1024} KiB")
        try:
            return json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            return Verdict(MALFORMED, f"not JSON: {error}")

    def handle(self, *args: Any, **options: Any) -> None:
        """Print the status and the reason; the exit status says valid or not."""
        try:
            document = self._read(options["file"])
        except OSError as error:
            self.stderr.write(f"{MALFORMED}: cannot read the file: {error.strerror}")
            sys.exit(1)
        verdict = document if isinstance(document, Verdict) else credential_verify(document)
        line = f"{verdict.status}: {verdict.reason}"
        if verdict.issuer:
            line += f" (issuer {verdict.issuer})"
        self.stdout.write(line)
        if not verdict.is_valid:
            sys.exit(1)
