"""Where training happens: campuses, community digital centres, mobile labs, online."""

from django.apps import AppConfig


class PlacesConfig(AppConfig):
    """Sites and mobile-lab routes."""

    name = "ujuzi.places"
    label = "places"
    verbose_name = "Sites"
