"""``ujuzi report refresh | indicators``: the facts and the figures from the command line.

``ujuzi report indicators [CODE ...] [--by FIELD ...] [--filter k=v ...] [--format
csv|json|xlsx] [--output FILE] --as USERNAME [--no-suppression]`` prints one table per
indicator (all indicators when none is named), scoped to and suppressed for the named
login exactly as its dashboard is. As CSV, one indicator is the page's export file; several
are one file whose first column names the indicator (``exports.tables_csv``).
``--no-suppression`` is refused unless that login is a programme administrator, and is
audited.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.core.models import User
from ujuzi.reports import exports
from ujuzi.reports.catalogue import DIMENSIONS, INDICATORS
from ujuzi.reports.refresh import facts_refresh
from ujuzi.reports.services import indicator_table
from ujuzi.reports.tables import FILTER_NAMES, Filters, Table

FORMATS = ("csv", "json", "xlsx")


def _filters(pairs: list[str]) -> Filters:
    values: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or name not in FILTER_NAMES:
            raise CommandError(
                f"--filter takes NAME=VALUE with NAME one of {', '.join(FILTER_NAMES)}; "
                f"not {pair[:60]!r}"
            )
        if name in values:
            raise CommandError(f"--filter {name} given twice")
        values[name] = value
    try:
        return Filters.from_query(values)
    except ValidationError as error:
        raise CommandError(f"bad filter: {'; '.join(error.messages)}") from error


class Command(BaseCommand):
    """Rebuild the reports' facts, or print indicator tables."""

    help = (
        "refresh: rebuild the facts behind the dashboards. indicators [CODE ...] [--by "
        "FIELD ...] [--filter NAME=VALUE ...] [--format csv|json|xlsx] [--output FILE] --as "
        "USERNAME [--no-suppression]: indicator tables as that login sees them; small cells "
        "are suppressed unless a programme administrator asks otherwise (audited)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands and options."""
        parser.add_argument("action", choices=["refresh", "indicators"])
        parser.add_argument("codes", nargs="*", help="indicator codes (default: all)")
        parser.add_argument("--by", action="append", default=[], help="a dimension")
        parser.add_argument("--filter", action="append", default=[], help="NAME=VALUE")
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--output", help="write to this file (xlsx needs one)")
        parser.add_argument("--as", dest="username", help="the login whose view to print")
        parser.add_argument("--no-suppression", action="store_true")
        parser.add_argument(
            "--full",
            action="store_true",
            help="refresh: rebuild every fact row, not only the changed people's",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sub-command."""
        if options["action"] == "refresh":
            self._refresh(full=options["full"])
            return
        self._indicators(options)

    def _refresh(self, *, full: bool) -> None:
        started = time.monotonic()

        def progress(stage: str, done: int, total: int) -> None:
            self.stderr.write(f"[{done}/{total}] {stage}")

        rows = facts_refresh(progress, full=full)
        self.stdout.write(f"{rows} fact rows rebuilt in {time.monotonic() - started:.1f} s")

    def _indicators(self, options: dict[str, Any]) -> None:
        codes = options["codes"] or list(INDICATORS)
        unknown = [code for code in codes if code not in INDICATORS]
        if unknown:
            raise CommandError(f"unknown indicator(s): {', '.join(c[:40] for c in unknown)}")
        by = tuple(options["by"])
        bad = [name for name in by if name not in DIMENSIONS]
        if bad:
            raise CommandError(
                f"unknown dimension(s): {', '.join(b[:40] for b in bad)}; "
                f"choose from {', '.join(DIMENSIONS)}"
            )
        if not options["username"]:
            raise CommandError("--as USERNAME is required: tables are scoped to a login")
        viewer = User.objects.filter(username=options["username"], is_active=True).first()
        if viewer is None:
            raise CommandError(f"no active login named {options['username'][:60]!r}")
        filters = _filters(options["filter"])
        tables: list[Table] = []
        for code in codes:
            indicator = INDICATORS[code]
            if any(name not in indicator.dimensions for name in by):
                if options["codes"]:
                    raise CommandError(f"{code} cannot be broken down by {', '.join(by)}")
                continue
            try:
                tables.append(
                    indicator_table(
                        code,
                        viewer=viewer,
                        filters=filters,
                        by=by,
                        suppression=not options["no_suppression"],
                    )
                )
            except PermissionDenied as error:
                raise CommandError(str(error) or "not allowed") from error
            except (ValueError, ValidationError) as error:
                raise CommandError(str(error)) from error
        self._write(tables, options)

    def _write(self, tables: list[Table], options: dict[str, Any]) -> None:
        fmt = options["format"]
        output = options["output"]
        if fmt == "xlsx":
            if not output:
                raise CommandError("--format xlsx needs --output FILE")
            if len(tables) != 1:
                raise CommandError("--format xlsx writes one indicator: name exactly one")
            Path(output).write_bytes(exports.table_xlsx(tables[0]))
            return
        if fmt == "json":
            import json

            body = json.dumps([exports.table_data(t) for t in tables], ensure_ascii=False, indent=1)
            data = body.encode("utf-8")
        else:
            # One indicator: the page's export file; several: one file with an indicator column.
            data = exports.table_csv(tables[0]) if len(tables) == 1 else exports.tables_csv(tables)
            if not output:
                data = data.removeprefix(b"\xef\xbb\xbf")  # the mark is for spreadsheets
        if output:
            Path(output).write_bytes(data)
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
