"""Outcomes: follow-up of graduates at 3, 6 and 12 months, placements and disability data."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """What became of the people the programme trained."""

    name = "ujuzi.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"
