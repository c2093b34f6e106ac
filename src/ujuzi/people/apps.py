"""People, institutions, consent and roles with scope."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """People and the policy that decides who sees whom."""

    name = "ujuzi.people"
    label = "people"
    verbose_name = "People"
