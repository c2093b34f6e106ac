"""``ujuzi worker``: run background tasks from the database queue, and the scheduler."""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from ujuzi.config import public_address_notice
from ujuzi.core.scheduler import schedule_tick

logger = logging.getLogger(__name__)


def _schedule_forever(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        try:
            schedule_tick()
        except Exception:  # a failed tick must not stop the worker; it is retried
            logger.exception("scheduler tick failed")
        finally:
            close_old_connections()
        stop.wait(interval)


class Command(BaseCommand):
    """Many workers may share one database; each job still runs once per period."""

    help = "Run queued background tasks and periodic jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        """Options."""
        parser.add_argument("--interval", type=float, default=1.0, help="queue poll seconds")
        parser.add_argument("--no-scheduler", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        """Start the scheduler thread, then hand over to the queue worker."""
        # The worker signs certificates: say which address, as the web server does.
        self.stdout.write(public_address_notice(settings.UJUZI.public_url))
        stop = threading.Event()
        if not options["no_scheduler"]:
            threading.Thread(
                target=_schedule_forever, args=(stop, 30.0), daemon=True, name="scheduler"
            ).start()
        try:
            call_command("db_worker", interval=options["interval"], verbosity=1)
        finally:
            stop.set()
