"""Outcomes: follow-up of graduates at 3, 6 and 12 months, placements and disability data."""

from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """What became of the people the programme trained."""

    name = "ujuzi.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes"

    def periodic_jobs(self) -> list[object]:
        """Follow-ups every hour (a day's work is small); the disability sweep every hour."""
        import datetime

        from ujuzi.core.scheduler import Periodic
        from ujuzi.outcomes.tasks import disability_statuses_sweep, follow_ups_daily

        return [
            Periodic(
                name="follow-ups",
                every=datetime.timedelta(hours=1),
                enqueue=follow_ups_daily.enqueue,
            ),
            Periodic(
                name="disability-consent-sweep",
                every=datetime.timedelta(hours=1),
                enqueue=disability_statuses_sweep.enqueue,
            ),
        ]

    def home_sections(self, user: object) -> list[object]:
        """The learner's open follow-up survey on the home page."""
        from ujuzi.outcomes.home import home_sections

        return list(home_sections(user))
