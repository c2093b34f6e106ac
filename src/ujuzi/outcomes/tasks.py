"""Background work of outcomes. Tasks are idempotent and call a service."""

from __future__ import annotations

from django_tasks import task

from ujuzi.core.node import is_site
from ujuzi.outcomes import placements, services


@task()
def follow_ups_daily() -> dict[str, int]:
    """Schedule follow-ups for new completions, send those now open, close the expired.

    Each step is idempotent (a wave is scheduled once, a link sent once per follow-up), so
    two workers or a retry change nothing more. Only the hub follows graduates up: a site
    holds copies of follow-ups, and two nodes would ask each graduate twice.
    """
    if is_site():
        return {"scheduled": 0, "sent": 0, "no_response": 0}
    return {
        "scheduled": services.follow_ups_schedule_new(),
        "sent": services.follow_ups_send_due(),
        "no_response": services.follow_ups_mark_no_response(),
    }


@task()
def disability_statuses_sweep() -> int:
    """Erase disability answers whose consent has been withdrawn anywhere."""
    return placements.disability_statuses_sweep()
