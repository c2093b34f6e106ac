"""Credentials: verifiable certificates, their signatures and the issuer's identity."""

from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    """Open Badges 3.0 certificates signed as W3C verifiable credentials."""

    name = "ujuzi.credentials"
    label = "credentials"
    verbose_name = "Credentials"

    def periodic_jobs(self) -> list[object]:
        """Certificates for new completions, every ten minutes."""
        import datetime

        from ujuzi.core.scheduler import Periodic
        from ujuzi.credentials.tasks import credentials_issue_pending_task

        return [
            Periodic(
                name="credentials-issue-pending",
                every=datetime.timedelta(minutes=10),
                enqueue=credentials_issue_pending_task.enqueue,
            )
        ]

    def keys_rewrap(self) -> dict[str, int]:
        """``ujuzi keys rewrap``: the issuer's private signing keys, under the newest key."""
        from ujuzi.credentials.services import issuer_keys_rewrap

        return {"issuer signing keys": issuer_keys_rewrap()}

    def home_sections(self, user: object) -> list[object]:
        """The learner's certificates on the home page."""
        from ujuzi.credentials.home import home_sections

        return list(home_sections(user))
