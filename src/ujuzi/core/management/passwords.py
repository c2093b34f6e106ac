"""Asking an operator for a new password at the terminal, for the login commands."""

from __future__ import annotations

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ujuzi.core.models import User

TRIES = 3


def password_prompt(command: BaseCommand, user: User) -> str:
    """A new password typed twice and accepted by the password validators, or an error.

    As Django's own ``changepassword``: three tries, then the command gives up.
    """
    for _ in range(TRIES):
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            command.stderr.write("Passwords do not match. Please try again.")
            continue
        try:
            validate_password(first, user)
        except ValidationError as error:
            command.stderr.write("\n".join(error.messages))
            continue
        return first
    raise CommandError(f"No password accepted after {TRIES} tries; nothing was changed.")
