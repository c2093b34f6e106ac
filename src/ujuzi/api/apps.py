"""The JSON API at /api/v1/."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Installed so that ``ujuzi openapi`` lives beside the API it describes."""

    name = "ujuzi.api"
    label = "api"
    verbose_name = "JSON API"
