"""The shared kernel: identity, clock, journal, audit, personal-data registry, reference data."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Registers the personal-data check with Django's system checks."""

    name = "ujuzi.core"
    label = "core"
    verbose_name = "Ujuzi kernel"

    def ready(self) -> None:
        """Import modules whose import registers checks."""
        from ujuzi.core import checks, personal_data  # noqa: F401
