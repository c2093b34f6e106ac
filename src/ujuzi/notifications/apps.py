"""E-mail and SMS to the people the programme trains, through pluggable gateways."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The outbox and the gateways behind it."""

    name = "ujuzi.notifications"
    label = "notifications"
    verbose_name = "Notifications"
