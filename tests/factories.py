"""How to make a valid record of each synced model, and a change to apply to it.

The journal-completeness test walks every synced model and fails when one is missing
here, so a new synced model cannot escape it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models

from ujuzi.core.models import User

_counter = itertools.count(1)


@dataclass(frozen=True)
class SyncedRecipe:
    """A new unsaved instance, and field changes that make a valid update."""

    build: Callable[[], models.Model]
    change: Callable[[models.Model], dict[str, Any]]


def _user() -> User:
    number = next(_counter)
    return User(
        username=f"user{number}",
        email=f"user{number}@example.org",
        first_name="Wanjiku",
        last_name="Otieno",
        password=make_password("a long test password"),
    )


RECIPES: dict[str, SyncedRecipe] = {
    "core.user": SyncedRecipe(
        build=_user,
        change=lambda user: {"first_name": "Achieng", "email": f"new.{user.pk}@example.org"},
    ),
}
