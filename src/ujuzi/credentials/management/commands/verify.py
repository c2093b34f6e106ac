"""``ujuzi verify FILE [--trust FILE]``: check a certificate file, with no network needed.

``--trust`` names a trust file: one DID document, a JSON list of them, or the export of
``ujuzi credentials trust export``. Its issuers are trusted (or, in an export, as the
export says) for this check only. A certificate from an issuer in the file is checked
without reading the database at all; this installation's own certificates, and issuers
on the trust list in the database, need it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from ujuzi.credentials.trust import (
    MAX_TRUST_FILE_BYTES,
    TrustDocumentError,
    TrustEntry,
    trust_file_parse,
)
from ujuzi.credentials.verify import MALFORMED, MAX_BYTES, Verdict, credential_verify


def _read(name: str, limit: int) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read(limit + 1)
    with Path(name).open("rb") as handle:
        return handle.read(limit + 1)


class Command(BaseCommand):
    """Verify one credential (JSON) issued by this installation or a listed issuer."""

    help = (
        "Verify a credential file ('-' reads standard input); exit 0 when valid, 1 if not. "
        "--trust FILE: DID documents of other issuers to trust (one, a list, or a trust "
        "list export)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """The file, and an optional trust file."""
        parser.add_argument("file")
        parser.add_argument("--trust", help="a trust file of other issuers' DID documents")

    def _document(self, name: str) -> Any:
        data = _read(name, MAX_BYTES)
        if len(data) > MAX_BYTES:
            return Verdict(MALFORMED, f"the file is larger than {MAX_BYTES // 1024} KiB")
        try:
            return json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
            return Verdict(MALFORMED, f"not JSON: {error}")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(1)

    def handle(self, *args: Any, **options: Any) -> None:
        """Print the status, the reason and the issuer; the exit status says valid or not."""
        trust: dict[str, TrustEntry] = {}
        if options["trust"]:
            try:
                entries = trust_file_parse(_read(options["trust"], MAX_TRUST_FILE_BYTES))
            except OSError as error:
                self._fail(f"{MALFORMED}: cannot read the trust file: {error.strerror}")
            except TrustDocumentError as error:
                self._fail(f"{MALFORMED}: the trust file {options['trust']}: {error}")
            trust = {entry.did: entry for entry in entries}
        try:
            document = self._document(options["file"])
        except OSError as error:
            self._fail(f"{MALFORMED}: cannot read the file: {error.strerror}")
        try:
            verdict = (
                document
                if isinstance(document, Verdict)
                else credential_verify(document, trust=trust)
            )
        except DatabaseError as error:
            where = "not in the trust file, and " if trust else ""
            self._fail(
                f"not checked: the issuer is {where}the trust list in the database "
                f"cannot be read ({error})"
            )
        line = f"{verdict.status}: {verdict.reason}"
        if verdict.issuer:
            line += f" (issuer {verdict.issuer}"
            if verdict.issuer_trust:
                line += f", {verdict.issuer_trust}"
            line += ")"
        if verdict.revocation:
            line += f"; revocation: {verdict.revocation}"
        self.stdout.write(line)
        if not verdict.is_valid:
            sys.exit(1)
