"""Writes of placements (jobs staff record for graduates) and disability answers.

Placements: programme administrators for anyone, training officers for their own staff,
record a job and later verify it with the employer; only a verified placement counts in
the skills-to-jobs conversion.

Disability: the Washington Group Short Set answers are recorded only while the person's
latest ``disability`` consent is given, by the person themselves, a programme
administrator or the data protection officer. Withdrawing that consent erases the record:
the answers are blanked, the record is tombstoned (so that the erasure syncs) and its own
data key is shredded, so that no journal entry, backup or synced copy can be read again.
``disability_statuses_sweep`` (a periodic job) does the same for a withdrawal recorded
anywhere else, so none outlives its consent for long.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.core.erasure import data_subject_shred
from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_delete, record_update
from ujuzi.delivery.models import Completion
from ujuzi.outcomes.models import DisabilityStatus, Placement, wg_answers_check
from ujuzi.outcomes.selectors import latest_consent, latest_decision, person_for_outcomes
from ujuzi.outcomes.services import FollowUpError
from ujuzi.people.models import ConsentEvent, Person, RoleAssignment
from ujuzi.people.policy import scope_for
from ujuzi.people.services import consent_record

Role = RoleAssignment.Role
DISABILITY = ConsentEvent.Purpose.DISABILITY_DATA
PLACEMENT_FIELDS = ("employer", "tech_role", "started_on", "sector", "completion")


def _visible_or_refuse(person: Person, by: User) -> None:
    if person_for_outcomes(by, person.pk) is None:
        raise FollowUpError("not_found", _("There is no such person."))


@transaction.atomic
def placement_record(
    *, person: Person, values: Mapping[str, Any], by: User, today: datetime.date | None = None
) -> Placement:
    """Record a job a graduate took (unverified until ``placement_verify``)."""
    _visible_or_refuse(person, by)
    unknown = sorted(set(values) - set(PLACEMENT_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s") % {"names": ", ".join(unknown)})
    completion = values.get("completion")
    if completion is not None and (
        not isinstance(completion, Completion) or completion.person_id != person.pk
    ):
        raise ValidationError({"completion": _("Choose one of this person's completions.")})
    started = values.get("started_on")
    if not isinstance(started, datetime.date):
        raise ValidationError({"started_on": _("Enter the day the job started.")})
    if started > (today or timezone.localdate()):
        raise ValidationError({"started_on": _("A start date cannot be in the future.")})
    placement = Placement(
        person=person,
        completion=completion,
        employer=(values.get("employer") or "").strip(),
        tech_role=bool(values.get("tech_role")),
        started_on=started,
        sector=values.get("sector") or "",
        recorded_by=by,
    )
    return record_create(placement, by=by, action="placement.record")


@transaction.atomic
def placement_verify(
    placement: Placement, *, by: User, today: datetime.date | None = None
) -> Placement:
    """The employer confirmed the job: it now counts in the conversion."""
    _visible_or_refuse(placement.person, by)
    if placement.verified:
        return placement
    return record_update(
        placement,
        changes={
            "verified": True,
            "verified_by": by,
            "verified_on": today or timezone.localdate(),
        },
        by=by,
        action="placement.verify",
    )


def _may_record_disability(person: Person, by: User | None) -> bool:
    if by is None:  # the system itself (imports, the demo)
        return True
    if person.user_id is not None and person.user_id == by.pk:
        return True
    scope = scope_for(by)
    return scope.has(Role.PROGRAMME_ADMIN) or scope.has(Role.DATA_PROTECTION_OFFICER)


@transaction.atomic
def disability_status_record(
    *,
    person: Person,
    answers: Mapping[str, Any],
    by: User | None,
    today: datetime.date | None = None,
) -> DisabilityStatus:
    """Record (or replace) a person's six Washington Group answers, sealed.

    Refused without the person's disability consent in force, or for a caller who is not
    the person, a programme administrator or the data protection officer.
    """
    if not _may_record_disability(person, by):
        raise FollowUpError("not_found", _("There is no such person."))
    if latest_consent(person.pk, DISABILITY) != ConsentEvent.Decision.GIVEN:
        raise FollowUpError(
            "no_consent",
            _("Disability answers can only be recorded with the person's consent to it."),
        )
    clean = wg_answers_check(dict(answers))
    existing = DisabilityStatus.objects.select_for_update().filter(person=person).first()
    if existing is None:
        status = DisabilityStatus(person=person, recorded_on=today or timezone.localdate())
        status.recorded_by = by
        status.seal_answers(clean)
        return record_create(status, by=by, action="disability.record")
    draft = DisabilityStatus(id=existing.id, person=person)
    draft.seal_answers(clean)
    return record_update(
        existing,
        changes={
            "answers_sealed": draft.answers_sealed,
            "with_disability": draft.with_disability,
            "recorded_on": today or timezone.localdate(),
            "recorded_by": by,
        },
        by=by,
        action="disability.record",
    )


@transaction.atomic
def disability_status_erase(*, person: Person, by: User | None) -> int:
    """Blank, tombstone and shred the key of the person's live disability record."""
    erased = 0
    for status in DisabilityStatus.objects.select_for_update().filter(person=person):
        record_update(
            status,
            changes={"answers_sealed": b"", "with_disability": False},
            by=by,
            action="disability.erase",
        )
        record_delete(status, by=by, action="disability.erase")
        data_subject_shred(status.id, by=by)
        erased += 1
    return erased


@transaction.atomic
def disability_consent_withdraw(*, person: Person, channel: str, by: User | None) -> int:
    """Record the withdrawal of disability consent and erase the answers at once."""
    consent_record(
        person=person,
        purpose=DISABILITY,
        decision=ConsentEvent.Decision.WITHDRAWN,
        channel=channel,
        by=by,
    )
    return disability_status_erase(person=person, by=by)


def disability_statuses_sweep() -> int:
    """Erase every live disability record whose person no longer consents; return how many."""
    stale = (
        DisabilityStatus.objects.annotate(consent=latest_decision(DISABILITY))
        .filter(Q(consent__isnull=True) | ~Q(consent=ConsentEvent.Decision.GIVEN))
        .select_related("person")
    )
    return sum(disability_status_erase(person=status.person, by=None) for status in stale)
