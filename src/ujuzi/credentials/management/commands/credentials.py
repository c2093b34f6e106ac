"""``ujuzi credentials rotate-key | list [--person ID] | export ID FILE``: operator tools."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.credentials.models import Credential
from ujuzi.credentials.selectors import did_document
from ujuzi.credentials.services import issuer_key_rotate


def _uuid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise CommandError(f"not a record key: {text!r}") from None


class Command(BaseCommand):
    """Issuer key and certificate tools for operators (who have the database anyway)."""

    help = (
        "rotate-key: add a signing key that signs from now on; older keys stay in the DID "
        "document so that credentials they signed still verify. list [--person ID]: "
        "certificates (key, course, issued, status), no names. export ID FILE: write one "
        "certificate's signed JSON to FILE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands."""
        parser.add_argument("action", choices=["rotate-key", "list", "export"])
        parser.add_argument("arguments", nargs="*")
        parser.add_argument("--person", help="only this person's certificates (person key)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sub-command."""
        action, arguments = options["action"], options["arguments"]
        if action == "rotate-key":
            key = issuer_key_rotate()
            published = len(did_document()["verificationMethod"])
            self.stdout.write(
                f"New signing key {key.verification_method}; "
                f"{published} key(s) published in /.well-known/did.json."
            )
        elif action == "list":
            credentials = Credential.objects.select_related("course").order_by("issued_at")
            if options["person"]:
                credentials = credentials.filter(person_id=_uuid(options["person"]))
            for credential in credentials:
                status = "revoked" if credential.is_revoked else "issued"
                self.stdout.write(
                    f"{credential.pk}\t{credential.course.code}\t"
                    f"{credential.issued_at.date().isoformat()}\t{status}"
                )
        else:
            if len(arguments) != 2:
                raise CommandError("usage: ujuzi credentials export ID FILE")
            found = Credential.objects.filter(pk=_uuid(arguments[0])).first()
            if found is None:
                raise CommandError(f"no certificate {arguments[0]}")
            Path(arguments[1]).write_text(
                json.dumps(found.document, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            self.stdout.write(f"Wrote {arguments[1]}.")
