"""Graduates waiting for a certificate: the programme administrator's list, and its upkeep.

Issuing notes a hold for a completion it cannot sign for (``issuing``), with the reason;
signing later resolves it. A hold is noted once, however often issuing tries again, so
the administrator's home page counts graduates, not attempts, and each administrator
gets at most one e-mail a day per reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import transaction
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

    Each programme administrator with an e-mail address is told, at most once a day per
    reason and without the graduate's name; the home page shows the count as well.
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
    transaction.on_commit(partial(_administrators_tell, reason, by=by))
    return hold


def _administrators_tell(reason: str, *, by: User | None) -> None:
    """One e-mail a day per reason to each administrator, counting the graduates waiting.

    Run once the holds are committed, so a cohort held back for one cause (an issuer key
    that cannot be opened holds back everyone) makes one message, not one per graduate.
    """
    waiting = IssuingHold.objects.filter(reason=reason, resolved_at__isnull=True).count()
    if not waiting:
        return
    day = timezone.localdate().isoformat()
    for administrator in programme_administrators_to_tell():
        with translation.override(administrator.preferred_language):
            label = str(IssuingHold.Reason(reason).label)
        message_send(
            person=administrator,
            kind="certificate_waiting",
            context={"count": waiting, "reason": label},
            by=by,
            channels=["email"],
            dedupe_key=f"credentials:holds:{reason}:{day}:{administrator.pk}",
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
