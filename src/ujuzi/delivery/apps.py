"""Delivery: cohorts, sessions, nominations, enrolment, attendance and completion."""

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    """Running courses at sites: who takes part, who came, who completed."""

    name = "ujuzi.delivery"
    label = "delivery"
    verbose_name = "Delivery"

    def periodic_jobs(self) -> list[object]:
        """Session reminders, checked every quarter of an hour."""
        import datetime

        from ujuzi.core.scheduler import Periodic
        from ujuzi.delivery.tasks import session_reminders_send

        return [
            Periodic(
                name="session-reminders",
                every=datetime.timedelta(minutes=15),
                enqueue=session_reminders_send.enqueue,
            )
        ]

    def home_sections(self, user: object) -> list[object]:
        """The learner's cohorts, today's sessions and nominations on the home page."""
        from ujuzi.delivery.home import home_sections

        return list(home_sections(user))
