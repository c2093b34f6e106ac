"""Reports: indicators, disaggregation, small-cell suppression, dashboards and exports."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Figures for funders, ministries and partners, never a person behind a small cell."""

    name = "ujuzi.reports"
    label = "reports"
    verbose_name = "Reports"
