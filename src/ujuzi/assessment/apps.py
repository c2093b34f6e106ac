"""Skills-gap assessment: item bank, diagnostics, self-assessment, evidence, gap, pathways."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """What people know, what their role needs, and what they should take next."""

    name = "ujuzi.assessment"
    label = "assessment"
    verbose_name = "Assessment"

    def load_shipped_data(self) -> str:
        """Called by ``ujuzi init``: load the shipped questions that are missing."""
        from ujuzi.assessment.bank import item_bank_load

        loaded = item_bank_load()
        return f"{loaded} question(s) loaded" if loaded else "item bank up to date"
