"""Builds the demonstration programme through the apps' own services.

Loading is idempotent: it checks what exists and only adds what is missing, so
``make run`` can call it every time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from ujuzi.core.models import User
from ujuzi.core.services import user_create

DEMO_PASSWORD = "ujuzi-demo"  # noqa: S105 - published on purpose: demo logins only


@dataclass(frozen=True)
class DemoLogin:
    """A demo login and what it is for."""

    username: str
    role: str


DEMO_LOGINS = (DemoLogin("admin", "programme administrator"),)


@dataclass(frozen=True)
class DemoResult:
    """What a demo load added."""

    logins_created: int


@transaction.atomic
def demo_load(*, seed: int = 2026) -> DemoResult:
    """Create whatever part of the demo is missing."""
    created = 0
    if not User.objects.filter(username="admin").exists():
        user_create(
            username="admin",
            password=DEMO_PASSWORD,
            by=None,
            first_name="Amina",
            last_name="Wanjiru",
            email="admin@demo.ujuzi.invalid",
            is_staff=True,
            is_superuser=True,
        )
        created += 1
    return DemoResult(logins_created=created)
