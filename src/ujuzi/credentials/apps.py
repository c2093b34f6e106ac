"""Credentials: verifiable certificates, their signatures and the issuer's identity."""

from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    """Open Badges 3.0 certificates signed as W3C verifiable credentials."""

    name = "ujuzi.credentials"
    label = "credentials"
    verbose_name = "Credentials"
