"""Periodic jobs for the background worker, safe with many workers on one database.

Each schedule has a row in ``ScheduleState``; a worker claims a due row under a row lock
(``SKIP LOCKED`` on PostgreSQL; SQLite serialises writers already), moves its next run
forward and enqueues the task, so a job runs once per period however many workers poll.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from ujuzi.core.models import ScheduleState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    """A job that falls due every ``every``."""

    name: str
    every: datetime.timedelta
    enqueue: Callable[[], Any]


def _schedules() -> list[Periodic]:
    """The kernel's jobs, and those apps declare with a ``periodic_jobs()`` app hook.

    The hook keeps the kernel from importing the apps above it.
    """
    from django.apps import apps

    from ujuzi.core import tasks

    jobs = [
        Periodic(
            name="audit-checkpoint",
            every=datetime.timedelta(minutes=10),
            enqueue=tasks.audit_checkpoint.enqueue,
        ),
    ]
    for config in apps.get_app_configs():
        declare = getattr(config, "periodic_jobs", None)
        if declare is not None:
            jobs.extend(declare())
    return jobs


def schedule_tick(now: datetime.datetime | None = None) -> list[str]:
    """Enqueue every job that is due; return the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for periodic in _schedules():
        with transaction.atomic():
            ScheduleState.objects.get_or_create(name=periodic.name, defaults={"next_run_at": now})
            rows = ScheduleState.objects.filter(name=periodic.name, next_run_at__lte=now)
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True)
            due = rows.first()
            if due is None:
                continue
            due.last_run_at = now
            due.next_run_at = now + periodic.every
            due.save(update_fields=["last_run_at", "next_run_at"])
            transaction.on_commit(periodic.enqueue)
            enqueued.append(periodic.name)
    if enqueued:
        logger.info("scheduled: %s", ", ".join(enqueued))
    return enqueued
