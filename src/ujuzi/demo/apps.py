"""Demonstration data: a believable programme for newcomers, never for production."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo loader may see every app; no app imports it."""

    name = "ujuzi.demo"
    label = "demo"
    verbose_name = "Ujuzi demonstration data"

    def sample_certificates(self) -> list[object]:
        """The partner's sample certificate, for trying the verifier (see credentials.samples)."""
        from ujuzi.demo.trust import partner_sample

        return [partner_sample()]
