"""``ujuzi createsuperuser``: Django's command, with the new login written through the journal.

Django's own command saves the login directly (``UserManager.create_superuser``), so the
first administrator would never reach other nodes and the journal would not rebuild the
table. This keeps its options and its ``DJANGO_SUPERUSER_*`` variables for scripted
installs. ``ujuzi.core`` comes before ``django.contrib.auth`` in ``INSTALLED_APPS`` so that
this command is the one that runs.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from ujuzi.core.management.passwords import password_prompt
from ujuzi.core.models import User
from ujuzi.core.services import user_create


class Command(BaseCommand):
    """Create a login with every right in the admin and the programme administrator's scope."""

    help = (
        "Create a superuser login, journaled and audited. Without a terminal use --noinput "
        "with DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_EMAIL and DJANGO_SUPERUSER_PASSWORD."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        """Django's options."""
        parser.add_argument("--username", help="the new login's username")
        parser.add_argument("--email", help="the new login's e-mail address")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="ask nothing; without DJANGO_SUPERUSER_PASSWORD the login has no password",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Collect the username, e-mail and password, then create the login in one write."""
        interactive = options["interactive"]
        username = options["username"] or os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        email = options["email"] or os.environ.get("DJANGO_SUPERUSER_EMAIL", "")
        if not username and interactive:
            default = getpass.getuser()
            username = input(f"Username (leave blank to use '{default}'): ").strip() or default
        if not username:
            raise CommandError("You must use --username with --noinput.")
        if User.objects.filter(username=username).exists():
            raise CommandError("That username is already taken.")
        if not email and interactive:
            email = input("Email address: ").strip()
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") if not interactive else None
        if interactive:
            password = password_prompt(self, User(username=username, email=email))
        try:
            with transaction.atomic():
                user_create(
                    username=username,
                    email=email,
                    password=password,
                    is_staff=True,
                    is_superuser=True,
                    by=None,
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if options["verbosity"] >= 1:
            self.stdout.write("Superuser created successfully.")
