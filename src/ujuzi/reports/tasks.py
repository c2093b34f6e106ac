"""Background work of reports. Tasks take ids, are idempotent and call a service."""

from __future__ import annotations

from django_tasks import task

from ujuzi.reports.refresh import facts_refresh


@task()
def facts_refresh_task() -> int:
    """Rebuild the facts behind the dashboards; repeating it rebuilds the same rows."""
    return facts_refresh()
