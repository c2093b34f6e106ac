"""Background work of credentials. Tasks take ids, are idempotent and call a service."""

from __future__ import annotations

from django_tasks import task

from ujuzi.credentials.issuing import credentials_issue_pending


@task()
def credentials_issue_pending_task() -> int:
    """Issue a certificate for every completion that has none; repeating issues nothing."""
    return credentials_issue_pending()
