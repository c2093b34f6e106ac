"""``ujuzi demo``: load demonstration data (idempotent). Never run it in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.demo.loader import DEMO_LOGINS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    """Load the demo programme and print its logins."""

    help = "Load deterministic demonstration data and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        """Options."""
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--allow-production", action="store_true", help="load even when UJUZI_ENV=production"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Refuse in production unless forced; otherwise load and report."""
        if settings.UJUZI.is_production and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo data with UJUZI_ENV=production: demo logins share a "
                "published password."
            )
        result = demo_load(seed=options["seed"])
        self.stdout.write(f"Demo data ready ({result.logins_created} new logins).")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<12} {login.role}  password: {DEMO_PASSWORD}")
