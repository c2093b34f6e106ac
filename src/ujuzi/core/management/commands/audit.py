"""``ujuzi audit verify|checkpoint``: check or sign this node's audit chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.core.audit import checkpoint_write, verify_chain


class Command(BaseCommand):
    """Audit chain tools for operators and data protection officers."""

    help = "Verify the audit chain (exit 1 and name the first bad entry) or sign a checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands."""
        parser.add_argument("action", choices=["verify", "checkpoint"])

    def handle(self, *args: Any, **options: Any) -> None:
        """Verify or checkpoint."""
        if options["action"] == "checkpoint":
            checkpoint = checkpoint_write()
            if checkpoint is None:
                self.stdout.write("Nothing new to sign.")
            else:
                self.stdout.write(f"Signed a checkpoint at entry {checkpoint.count}.")
            return
        result = verify_chain()
        if result.is_valid:
            self.stdout.write(f"Audit chain valid: {result.count} entries on node {result.node}.")
            return
        for problem in result.problems:
            self.stderr.write(f"- {problem}")
        first = f"first bad entry: {result.first_bad_seq}" if result.first_bad_seq else ""
        raise CommandError(f"Audit chain INVALID on node {result.node}; {first}".rstrip("; "))
