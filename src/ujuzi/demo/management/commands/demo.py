"""``ujuzi demo``: load demonstration data (idempotent). Never run it in production."""

from __future__ import annotations

import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ujuzi.demo.loader import DEMO_LOGINS, DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    """Load the demo programme and print its logins."""

    help = "Load deterministic demonstration data and print the demo logins."

    def add_arguments(self, parser: CommandParser) -> None:
        """Options."""
        parser.add_argument("--learners", type=int, default=500, help="people to generate")
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
        if options["learners"] < 0:
            raise CommandError("--learners must be zero or more")
        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if sys.stderr.isatty() or options["verbosity"] > 1:
                width = 30
                filled = width * done // max(total, 1)
                sys.stderr.write(
                    f"\r  people [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}"
                )
                if done >= total:
                    sys.stderr.write("\n")

        result = demo_load(learners=options["learners"], seed=options["seed"], progress=progress)
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Demo data ready in {elapsed:.1f} s ({result.logins_created} new logins, "
            f"{result.people_created:,} new people, "
            f"{result.people_assessed:,} with skill estimates)."
        )
        if result.activity is not None and result.activity.enrolments:
            history = result.activity
            self.stdout.write(
                f"Their history: {history.enrolments:,} enrolments, "
                f"{history.completions:,} completions, {history.follow_ups:,} follow-ups, "
                f"{history.answers:,} answers, {history.placements:,} placements."
            )
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<12} password {DEMO_PASSWORD}  {login.role}")
