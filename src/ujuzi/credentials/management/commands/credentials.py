"""``ujuzi credentials rotate-key | list | export | trust …``: operator tools.

``trust import FILE [--untrusted] [--name NAME] [--country CC] [--note TEXT]``,
``trust list``, ``trust mark-trusted DID``, ``trust mark-untrusted DID``,
``trust remove DID`` and ``trust export FILE`` manage the trust list of other issuers.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ujuzi.credentials.models import Credential
from ujuzi.credentials.selectors import did_document
from ujuzi.credentials.services import issuer_key_rotate
from ujuzi.credentials.trust import (
    MAX_TRUST_FILE_BYTES,
    TrustDocumentError,
    trust_file_parse,
    trust_issuer_import,
    trust_issuer_remove,
    trust_issuer_set_trusted,
    trust_list_export,
    trusted_issuer_get,
    trusted_issuer_list,
)

TRUST_USAGE = (
    "usage: ujuzi credentials trust import FILE [--untrusted] [--name NAME] | list | "
    "mark-trusted DID | mark-untrusted DID | remove DID | export FILE"
)


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
        "certificate's signed JSON to FILE. trust import FILE [--untrusted] [--name NAME] "
        "| list | mark-trusted DID | mark-untrusted DID | remove DID | export FILE: the "
        "trust list of other issuers (FILE: one DID document, a list of them, or an export)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands."""
        parser.add_argument("action", choices=["rotate-key", "list", "export", "trust"])
        parser.add_argument("arguments", nargs="*")
        parser.add_argument("--person", help="only this person's certificates (person key)")
        parser.add_argument(
            "--untrusted", action="store_true", help="trust import: known, but not trusted"
        )
        parser.add_argument("--name", default="", help="trust import: the issuer's name")
        parser.add_argument("--country", default="", help="trust import: two-letter code")
        parser.add_argument("--note", default="", help="trust import: why, who asked")

    def handle(self, *args: Any, **options: Any) -> None:
        """Run the sub-command."""
        action, arguments = options["action"], options["arguments"]
        if action == "trust":
            self._trust(arguments, options)
        elif action == "rotate-key":
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

    def _trust(self, arguments: list[str], options: dict[str, Any]) -> None:
        if not arguments:
            raise CommandError(TRUST_USAGE)
        verb, rest = arguments[0], arguments[1:]
        if verb == "list" and not rest:
            for issuer in trusted_issuer_list():
                standing = "trusted" if issuer.trusted else "untrusted"
                keys = len(issuer.verification_methods)
                self.stdout.write(
                    f"{issuer.did}\t{standing}\t{issuer.name}\t{issuer.country or '-'}\t"
                    f"{keys} key(s)\t{issuer.imported_at.date().isoformat()}"
                )
        elif verb == "import" and len(rest) == 1:
            self._trust_import(rest[0], options)
        elif verb == "export" and len(rest) == 1:
            exported = trust_list_export()
            Path(rest[0]).write_text(
                json.dumps(exported, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            self.stdout.write(f"Wrote {len(exported['issuers'])} issuer(s) to {rest[0]}.")
        elif verb in {"mark-trusted", "mark-untrusted", "remove"} and len(rest) == 1:
            listed = trusted_issuer_get(rest[0])
            if listed is None:
                raise CommandError(f"{rest[0]} is not on the trust list")
            if verb == "remove":
                trust_issuer_remove(issuer=listed, by=None)
                self.stdout.write(f"Removed {listed.did}: its certificates are now unknown.")
            else:
                trusted = verb == "mark-trusted"
                trust_issuer_set_trusted(issuer=listed, trusted=trusted, by=None)
                standing = "trusted" if trusted else "known but not trusted"
                self.stdout.write(f"{listed.did} is {standing}.")
        else:
            raise CommandError(TRUST_USAGE)

    def _trust_import(self, name: str, options: dict[str, Any]) -> None:
        try:
            with Path(name).open("rb") as handle:
                data = handle.read(MAX_TRUST_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"cannot read {name}: {error.strerror}") from None
        try:
            entries = trust_file_parse(data)
            if options["name"] and len(entries) > 1:
                raise CommandError("--name names one issuer; the file holds several")
            with transaction.atomic():  # the whole file or nothing
                for entry in entries:
                    issuer = trust_issuer_import(
                        dict(entry.document or {}),
                        trusted=entry.trusted and not options["untrusted"],
                        name=options["name"] or (entry.name if entry.name != entry.did else ""),
                        country=options["country"] or entry.country,
                        note=options["note"] or entry.note,
                        by=None,
                    )
                    standing = "trusted" if issuer.trusted else "known but not trusted"
                    keys = len(issuer.verification_methods)
                    self.stdout.write(
                        f"Imported {issuer.did} ({issuer.name}): {standing}, {keys} key(s)."
                    )
        except TrustDocumentError as error:
            raise CommandError(f"{name}: {error}") from None
