"""``ujuzi serve``: the web server (gunicorn + whitenoise) and the background worker."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from gunicorn.app.base import BaseApplication

from ujuzi.config import public_address_notice
from ujuzi.core.node import clock_warnings
from ujuzi.wsgi import application


class _Gunicorn(BaseApplication):
    """Gunicorn configured in code, so the operator needs no gunicorn.conf."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return application


class Command(BaseCommand):
    """Serve pages and the API, with the worker and its scheduler alongside."""

    help = "Serve Ujuzi on 127.0.0.1:PORT with the background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        """Options."""
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=2, help="web processes")
        parser.add_argument("--no-worker", action="store_true", help="do not run tasks here")

    def handle(self, *args: Any, **options: Any) -> None:
        """Start the worker process, then serve until interrupted."""
        self.stdout.write(public_address_notice(settings.UJUZI.public_url))
        for warning in clock_warnings():
            self.stderr.write(warning)
        worker = None
        if not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "ujuzi.cli", "worker"])
        try:
            _Gunicorn(
                {
                    "bind": f"{options['host']}:{options['port']}",
                    "workers": options["workers"],
                    "threads": 4,
                    "timeout": 120,
                    "accesslog": "-",
                    "errorlog": "-",
                }
            ).run()
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=30)
