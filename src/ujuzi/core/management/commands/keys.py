"""``ujuzi keys rewrap``: after adding a new encryption key, move sealed keys onto it.

Personal data keys are core's; other apps hold sealed secrets of their own (the
issuer's private signing keys in credentials) and rewrap them through a
``keys_rewrap() -> {what: how many}`` method on their app config, so core imports no
app above it.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser

from ujuzi.core.crypto import rewrap_data_keys


class Command(BaseCommand):
    """Key rotation: put the new key first in UJUZI_ENCRYPTION_KEYS, then run this."""

    help = (
        "Re-wrap every personal data key, and every other sealed key the apps hold (the "
        "issuer's signing keys), with the newest key in UJUZI_ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands."""
        parser.add_argument("action", choices=["rewrap"])

    def handle(self, *args: Any, **options: Any) -> None:
        """Re-wrap and report."""
        moved = {"data keys": rewrap_data_keys()}
        for config in apps.get_app_configs():
            if hasattr(config, "keys_rewrap"):
                moved |= config.keys_rewrap()
        counts = ", ".join(f"{count} {what}" for what, count in moved.items())
        self.stdout.write(f"Re-wrapped {counts} with the newest key.")
