"""``ujuzi token create|revoke``: API tokens for service accounts and integrations."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.core.models import ApiToken, User
from ujuzi.core.services import API_SCOPES, api_token_create, api_token_revoke


class Command(BaseCommand):
    """Issue or revoke bearer tokens."""

    help = "Create an API token (shown once) or revoke one by its prefix."

    def add_arguments(self, parser: CommandParser) -> None:
        """Sub-commands and options."""
        parser.add_argument("action", choices=["create", "revoke"])
        parser.add_argument("--user", help="username the token acts for (create)")
        parser.add_argument("--name", default="integration", help="what the token is for")
        parser.add_argument(
            "--scope", action="append", default=[], help=f"one of: {', '.join(API_SCOPES)}"
        )
        parser.add_argument("--prefix", help="the token's first 12 characters (revoke)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Create or revoke."""
        if options["action"] == "revoke":
            token = ApiToken.objects.filter(prefix=options["prefix"] or "").first()
            if token is None:
                raise CommandError("No token has that prefix.")
            api_token_revoke(token=token, by=None)
            self.stdout.write(f"Revoked {token}.")
            return
        user = User.objects.filter(username=options["user"] or "").first()
        if user is None:
            raise CommandError("Give --user with an existing username.")
        try:
            issued = api_token_create(
                user=user, name=options["name"], scopes=options["scope"], by=None
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(issued.secret)
