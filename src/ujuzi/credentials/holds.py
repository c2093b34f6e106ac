"""Graduates waiting for a certificate: the programme administrator's list, and its upkeep.

Issuing notes a hold for a completion it cannot sign for (``issuing``), with the reason;
signing later resolves it. A hold is noted once, however often issuing tries again, so
the administrator's home page counts graduates, not attempts, and each administrator
gets one e-mail per hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation

from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_update
from ujuzi.credentials.models import IssuingHold
from ujuzi.delivery.models import Completion
from ujuzi.notifications.services import message_send
from ujuzi.people.policy import scope_for
from ujuzi.people.selectors import programme_administrators_to_tell


def hold_note(completion: Completion, *, reason: str, by: User | None) -> IssuingHold:
    """Put a graduate on the list of certificates that cannot be issued yet.

    Each programme administrator with an e-mail address is told once per hold and
    reason (the home page shows the count as well), without the graduate's name.
    """
    kept = IssuingHold.all_objects.filter(completion=completion).first()
    if kept is not None and kept.resolved_at is None and kept.reason == reason:
        return kept
    if kept is None:
        hold = record_create(
            IssuingHold(completion=completion, reason=reason, noted_at=timezone.now()),
            by=by,
            action="credentials.hold.note",
        )
    else:
        hold = record_update(
            kept,
            changes={"reason": reason, "noted_at": timezone.now(), "resolved_at": None},
            by=by,
            action="credentials.hold.note",
        )
    _administrators_tell(hold, completion, by=by)
    return hold


def _administrators_tell(hold: IssuingHold, completion: Completion, *, by: User | None) -> None:
    for administrator in programme_administrators_to_tell():
        with translation.override(administrator.preferred_language):
            reason = str(IssuingHold.Reason(hold.reason).label)
        message_send(
            person=administrator,
            kind="certificate_waiting",
            context={
                "course_title": completion.course.title,
                "completed_on": completion.completed_on.isoformat(),
                "reason": reason,
            },
            by=by,
            channels=["email"],
            dedupe_key=f"credentials:hold:{hold.pk}:{hold.reason}:{hold.noted_at:%Y%m%d%H%M%S}"
            f":{administrator.pk}",
        )


def holds_resolve(completion_ids: Iterable[Any], *, by: User | None) -> int:
    """Mark the holds of completions that now have a certificate as resolved."""
    resolved = 0
    open_holds = IssuingHold.objects.filter(
        completion_id__in=list(completion_ids), resolved_at__isnull=True
    )
    for hold in open_holds:
        record_update(
            hold,
            changes={"resolved_at": timezone.now()},
            by=by,
            action="credentials.hold.resolve",
        )
        resolved += 1
    return resolved


def holds_open_for(user: User | object) -> QuerySet[IssuingHold]:
    """The open holds, for programme administrators; nothing for anyone else."""
    if not scope_for(user).runs_cohorts:
        return IssuingHold.objects.none()
    return (
        IssuingHold.objects.filter(resolved_at__isnull=True)
        .select_related("completion__course", "completion__person")
        .order_by("-noted_at", "pk")
    )


def hold_open_get_for(user: User | object, hold_id: Any) -> IssuingHold | None:
    """One open hold, if the caller may see it."""
    return holds_open_for(user).filter(pk=hold_id).first()
