"""``ujuzi changepassword``: Django's command, with the new hash written through the journal.

Django's own command saves the login directly, so other nodes would keep the old password
and the journal would no longer rebuild the table. ``ujuzi.core`` comes before
``django.contrib.auth`` in ``INSTALLED_APPS`` so that this command is the one that runs.
"""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.core.management.passwords import password_prompt
from ujuzi.core.models import User
from ujuzi.core.services import user_set_password


class Command(BaseCommand):
    """Change a login's password, journaled and audited."""

    help = "Change a login's password; the change is journaled, so it reaches every node."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """The username, as in Django's command."""
        parser.add_argument(
            "username", nargs="?", help="the login to change; the current system user if omitted"
        )

    def handle(self, *args: Any, **options: Any) -> str:
        """Ask twice for the new password, check it, and save it through the service."""
        username = options["username"] or getpass.getuser()
        user = User.objects.filter(username=username, deleted_clock__isnull=True).first()
        if user is None:
            raise CommandError(f"No login named '{username}'.")
        self.stdout.write(f"Changing password for user '{user}'")
        user_set_password(user=user, password=password_prompt(self, user), by=None)
        return f"Password changed successfully for user '{user}'"
