"""``ujuzi framework list|import FILE|export SLUG``: competency frameworks in CASE form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.competencies import selectors
from ujuzi.competencies.case import (
    CaseImportError,
    dumps,
    framework_import,
    framework_package,
    parse_package,
)
from ujuzi.competencies.models import Framework


class Command(BaseCommand):
    """List, import (all-or-nothing) and export frameworks."""

    help = "List frameworks, import a CASE 1.0/1.1 package, or export one as CASE 1.1 JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands."""
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="frameworks and their versions")
        importing = actions.add_parser("import", help="import a CASE package (JSON file)")
        importing.add_argument("file")
        importing.add_argument("--draft", action="store_true", help="import as a draft version")
        exporting = actions.add_parser("export", help="export a framework as CASE 1.1 JSON")
        exporting.add_argument("slug")
        exporting.add_argument("--version", dest="framework_version", help="default: current")
        exporting.add_argument("--output", help="file to write (default: print)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Dispatch to the sub-command."""
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        frameworks = selectors.framework_list()
        if not frameworks:
            self.stdout.write("No frameworks yet: `ujuzi init` loads the shipped one.")
        for framework in frameworks:
            count = framework.items.count()
            self.stdout.write(
                f"{framework.slug:<30} {framework.version:<8} {framework.status:<10} "
                f"{count:>5} items  {framework.title.get('en', '')}"
            )

    def _import(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            package = parse_package(path.read_bytes())
            status = Framework.Status.DRAFT if options["draft"] else ""
            result = framework_import(package, by=None, status=status)
        except CaseImportError as error:
            for problem in error.problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(
                f"Nothing imported: {len(error.problems)} problem(s) in {path}."
            ) from error
        self.stdout.write(
            f"Imported {result.framework.slug} {result.framework.version}: {result.items} items, "
            f"{result.associations} associations, {result.levels} levels."
        )

    def _export(self, options: dict[str, Any]) -> None:
        version = options.get("framework_version")
        framework = (
            Framework.objects.filter(slug=options["slug"], version=version).first()
            if version
            else selectors.framework_current(options["slug"])
        )
        if framework is None:
            raise CommandError(
                f"No framework {options['slug']!r}" + (f" version {version!r}" if version else "")
            )
        text = dumps(framework_package(framework))
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {options['output']}.")
        else:
            self.stdout.write(text, ending="")
