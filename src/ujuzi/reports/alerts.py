"""The 40 % alert: a cohort or a track whose graduates do not get technology jobs.

An alert stands for a cohort or a track whose 12-month skills-to-jobs conversion among all
its graduates is below ``UJUZI_REPORTS_CONVERSION_ALERT`` percent (default 40) once at
least ``UJUZI_REPORTS_ALERT_MIN_ANSWERED`` of its graduates (default 30) have a known
12-month outcome. Below that many answers a rate says too little to act on.

The national dashboard shows the alerts standing now; a periodic job tells every
programme administrator (who has a person record to write to) once per cohort or track per
calendar month while the alert stands, through the outbox, deduplicated.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ujuzi.core.bilingual import pick
from ujuzi.notifications.models import Message
from ujuzi.notifications.services import message_send
from ujuzi.people.selectors import programme_administrators_to_tell
from ujuzi.reports.labels import names_in_each_language
from ujuzi.reports.services import conversion_by
from ujuzi.reports.tables import Filters

DIMENSIONS = ("cohort", "track")
MESSAGE_KIND = "conversion_alert"


@dataclass(frozen=True)
class ConversionAlert:
    """A cohort or a track under the line."""

    dimension: str  # "cohort" or "track"
    key: str
    # In every language ({"en": …, "sw": …}): the dashboard shows the reader's, each
    # administrator's message is written in theirs.
    name: dict[str, str]
    converted: int
    graduates: int
    answered: int

    @property
    def label(self) -> str:
        """The cohort's or track's name in the active language."""
        return pick(self.name) or self.key

    @property
    def share(self) -> float:
        """Conversion among all graduates, from 0 to 1."""
        return self.converted / self.graduates if self.graduates else 0.0

    @property
    def percent(self) -> int:
        """The share as a whole percentage, rounded down so that 39.9 never reads 40."""
        return int(self.share * 100)


def alert_line() -> float:
    """The configured line as a share (0.4 by default)."""
    return int(settings.UJUZI.reports_conversion_alert) / 100


def minimum_answered() -> int:
    """How many graduates must have answered before an alert can stand."""
    return int(settings.UJUZI.reports_alert_min_answered)


def conversion_alerts(*, filters: Filters | None = None) -> list[ConversionAlert]:
    """The cohorts and tracks under the line now, cohorts first, lowest share first."""
    filters = filters or Filters()
    line, minimum = alert_line(), minimum_answered()
    alerts: list[ConversionAlert] = []
    for dimension in DIMENSIONS:
        under = [
            row
            for row in conversion_by(dimension, filters, min_answered=minimum)
            if row.graduates and row.converted / row.graduates < line
        ]
        names = names_in_each_language(dimension, [str(row.key) for row in under])
        alerts.extend(
            ConversionAlert(
                dimension=dimension,
                key=str(row.key),
                name=names[str(row.key)],
                converted=row.converted,
                graduates=row.graduates,
                answered=row.answered,
            )
            for row in under
        )
    return sorted(alerts, key=lambda alert: (DIMENSIONS.index(alert.dimension), alert.share))


def conversion_alerts_notify(*, today: datetime.date | None = None) -> int:
    """Tell each programme administrator about each standing alert; return messages written.

    Idempotent within a calendar month: the dedupe key names the cohort or track, the
    month and the administrator, so a repeated run writes nothing new.
    """
    today = today or timezone.localdate()
    month = today.strftime("%Y-%m")
    alerts = conversion_alerts()
    if not alerts:
        return 0
    written = 0
    recipients = programme_administrators_to_tell()
    for alert in alerts:
        for person in recipients:
            key = f"reports:conversion:{alert.dimension}:{alert.key}:{month}:{person.pk}"
            before = _already_written(key)
            with transaction.atomic():
                messages = message_send(
                    person=person,
                    kind=MESSAGE_KIND,
                    context={
                        "dimension": alert.dimension,
                        "label": alert.name,  # picked in the reader's language
                        "percent": alert.percent,
                        "line": int(settings.UJUZI.reports_conversion_alert),
                        "answered": alert.answered,
                        "graduates": alert.graduates,
                        "month": month,
                    },
                    channels=["email"],
                    dedupe_key=key,
                )
            written += max(len(messages) - before, 0)
    return written


def _already_written(dedupe_key: str) -> int:
    """How many messages were already written under this key (0 the first time)."""
    return Message.objects.filter(dedupe_key=dedupe_key).count()


@task()
def conversion_alerts_task() -> int:
    """The periodic check: notify programme administrators of standing alerts."""
    return conversion_alerts_notify()
