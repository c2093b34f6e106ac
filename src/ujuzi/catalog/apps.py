"""The catalogue: programmes, courses mapped to competencies, and where they are offered."""

from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """Programmes, courses, partner certification tracks and offerings."""

    name = "ujuzi.catalog"
    label = "catalog"
    verbose_name = "Catalogue"

    def load_shipped_data(self) -> str:
        """Called by ``ujuzi init``: load the starter catalogue if it is missing."""
        from ujuzi.catalog.loader import starter_catalogue_load

        loaded = starter_catalogue_load()
        return f"{loaded} course(s) loaded" if loaded else "catalogue up to date"
