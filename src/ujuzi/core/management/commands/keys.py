"""``ujuzi keys rewrap``: after adding a new encryption key, move data keys onto it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ujuzi.core.crypto import rewrap_data_keys


class Command(BaseCommand):
    """Key rotation: put the new key first in UJUZI_ENCRYPTION_KEYS, then run this."""

    help = "Re-wrap every personal data key with the newest key in UJUZI_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands."""
        parser.add_argument("action", choices=["rewrap"])

    def handle(self, *args: Any, **options: Any) -> None:
        """Re-wrap and report."""
        moved = rewrap_data_keys()
        self.stdout.write(f"Re-wrapped {moved} data keys with the newest key.")
