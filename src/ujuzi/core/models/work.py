"""Background work: progress of long tasks and the state of periodic schedules."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from ujuzi.core.ids import uuid7


class TaskProgress(models.Model):
    """Progress of one long piece of work (an import, issuing a cohort, a sync).

    Pages poll it and the CLI draws a bar from it.
    """

    class State(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    kind = models.CharField(max_length=100)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    done = models.BigIntegerField(default=0)
    total = models.BigIntegerField(null=True, blank=True)
    message = models.CharField(max_length=500, blank=True)
    started_by = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.kind} {self.state} {self.done}/{self.total}"


class ScheduleState(models.Model):
    """When a periodic job next falls due; workers claim due rows with row locks."""

    not_personal_fields: ClassVar[tuple[str, ...]] = ("name",)

    name = models.CharField(max_length=100, primary_key=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} next {self.next_run_at:%Y-%m-%d %H:%M}"
