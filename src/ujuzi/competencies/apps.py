"""Competency frameworks: domains, competencies, proficiency levels, CASE import and export."""

from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    """Frameworks and their public competency pages."""

    name = "ujuzi.competencies"
    label = "competencies"
    verbose_name = "Competency frameworks"

    def load_shipped_data(self) -> str:
        """Called by ``ujuzi init``: load the shipped framework if it is missing."""
        from ujuzi.competencies.defaults import default_frameworks_load

        loaded = default_frameworks_load()
        return f"{loaded} framework loaded" if loaded else "frameworks up to date"
