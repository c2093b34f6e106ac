"""Competency frameworks: domains, competencies, proficiency levels, CASE import and export."""

from django.apps import AppConfig


class CompetenciesConfig(AppConfig):
    """Frameworks and their public competency pages."""

    name = "ujuzi.competencies"
    label = "competencies"
    verbose_name = "Competency frameworks"

    def load_shipped_data(self) -> str:
        """Called by ``ujuzi init``: load the shipped framework and role profiles if missing."""
        from ujuzi.competencies.defaults import default_frameworks_load
        from ujuzi.competencies.role_profiles import role_profiles_load

        frameworks = default_frameworks_load()
        profiles = role_profiles_load()
        return f"{frameworks} framework(s) and {profiles} role profile(s) loaded"
