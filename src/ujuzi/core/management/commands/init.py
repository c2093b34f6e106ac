"""``ujuzi init``: prepare this installation's database; safe to run again."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from ujuzi.core.reference import reference_data_load
from ujuzi.core.services import node_initialise


class Command(BaseCommand):
    """Migrate, load reference data, establish the node identity, collect static files."""

    help = "Prepare the database: migrations, reference data and this installation's node id."

    def add_arguments(self, parser: CommandParser) -> None:
        """Options."""
        parser.add_argument("--name", help="a name for this node, e.g. 'Lamu mobile lab 1'")
        parser.add_argument(
            "--role",
            choices=["hub", "site"],
            help="hub (the national installation, the default) or site (a campus, centre or "
            "lab laptop that syncs with the hub)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Run each step and say what it did."""
        quiet = options["verbosity"] < 2
        call_command("migrate", interactive=False, verbosity=0 if quiet else 1)
        loaded = reference_data_load()
        node = node_initialise(name=options.get("name"), role=options.get("role"))
        # Apps above the kernel ship their own data (frameworks, catalogues) through a hook,
        # so that the kernel never imports them.
        shipped = [
            config.load_shipped_data()
            for config in apps.get_app_configs()
            if hasattr(config, "load_shipped_data")
        ]
        if settings.UJUZI.environment != "test":
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Database ready. Reference data: {loaded.counties} counties, "
            f"{loaded.provinces} provinces, {loaded.districts} districts. "
            f"Node: {node.name} ({node.id}), {node.role}."
            + "".join(f" {note.capitalize()}." for note in shipped)
        )
