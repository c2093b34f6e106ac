"""Reports: indicators, disaggregation, small-cell suppression, dashboards and exports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Figures for funders, ministries and partners, never a person behind a small cell."""

    name = "ujuzi.reports"
    label = "reports"
    verbose_name = "Reports"

    def periodic_jobs(self) -> list[object]:
        """The facts behind every dashboard every hour; the conversion alerts every 6 hours."""
        import datetime

        from ujuzi.core.scheduler import Periodic
        from ujuzi.reports.alerts import conversion_alerts_task
        from ujuzi.reports.tasks import facts_refresh_task

        return [
            Periodic(
                name="reports-facts-refresh",
                every=datetime.timedelta(hours=1),
                enqueue=facts_refresh_task.enqueue,
            ),
            Periodic(
                name="reports-conversion-alerts",
                every=datetime.timedelta(hours=6),
                enqueue=conversion_alerts_task.enqueue,
            ),
        ]
