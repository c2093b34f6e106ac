"""``ujuzi credentials rotate-key``: a new signing key for the issuer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ujuzi.credentials.selectors import did_document
from ujuzi.credentials.services import issuer_key_rotate


class Command(BaseCommand):
    """Issuer key tools for operators."""

    help = (
        "rotate-key: add a signing key that signs from now on; older keys stay in the DID "
        "document so that credentials they signed still verify."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands."""
        parser.add_argument("action", choices=["rotate-key"])

    def handle(self, *args: Any, **options: Any) -> None:
        """Rotate the key and say which one signs now."""
        key = issuer_key_rotate()
        published = len(did_document()["verificationMethod"])
        self.stdout.write(
            f"New signing key {key.verification_method}; "
            f"{published} key(s) published in /.well-known/did.json."
        )
