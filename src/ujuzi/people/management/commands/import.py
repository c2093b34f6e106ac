"""``ujuzi import people FILE``: import people from an HR export (CSV or XLSX).

Exit status: 0 when every row was imported (or would be, with ``--dry-run``), 1 when rows
were rejected, 2 when the file cannot be used at all.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.people.imports.engine import max_upload_bytes, people_import
from ujuzi.people.imports.errors import errors_csv
from ujuzi.people.imports.reading import UnusableFile
from ujuzi.people.models import Institution


class Command(BaseCommand):
    """Import people; a person already known is updated, not duplicated."""

    help = "Import people from a CSV or XLSX file (ujuzi import people FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        """``people FILE`` and its options."""
        parser.add_argument("what", choices=["people"], help="what to import")
        parser.add_argument(
            "file", type=Path, help="a CSV (UTF-8, comma or semicolon) or XLSX file"
        )
        parser.add_argument(
            "--institution", metavar="CODE", help="institution for rows without one"
        )
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="import the valid rows even when others are rejected",
        )
        parser.add_argument(
            "--errors", type=Path, metavar="OUT.csv", help="write rejected rows here"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the import, print the counts, exit 0, 1 or 2."""
        institution = None
        if options["institution"]:
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                raise CommandError(
                    f"unknown institution code {options['institution']!r}", returncode=2
                )
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}", returncode=2)
        if path.stat().st_size > max_upload_bytes():
            raise CommandError(
                f"{path} is larger than the limit of {max_upload_bytes():,} bytes", returncode=2
            )
        try:
            result = people_import(
                path.read_bytes(),
                path.name,
                by=None,
                institution=institution,
                dry_run=options["dry_run"],
                valid_rows_only=options["valid_rows_only"],
                progress=self._progress,
            )
        except UnusableFile as error:
            raise CommandError(str(error), returncode=2) from None
        sys.stderr.write("\n")
        counts = ", ".join(f"{name} {value:,}" for name, value in result.counts.items())
        verb = "written" if result.applied else "nothing written"
        self.stdout.write(f"{counts} ({verb}).")
        for row in result.rejected[:20]:
            self.stdout.write(f"  line {row.line}: {'; '.join(row.reasons)}")
        if len(result.rejected) > 20:
            self.stdout.write(f"  … and {len(result.rejected) - 20:,} more rejected rows")
        if options["errors"] and result.rejected:
            options["errors"].write_text(
                errors_csv(result.header, result.rejected), encoding="utf-8"
            )
            self.stdout.write(f"Rejected rows written to {options['errors']}.")
        if result.rejected:
            sys.exit(1)

    @staticmethod
    def _progress(done: int) -> None:
        sys.stderr.write(f"\rchecked {done:,} rows")
        sys.stderr.flush()
