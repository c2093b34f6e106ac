"""Writes of follow-ups: schedule, send the personal link, take answers, close windows.

Consent: follow-ups are scheduled, and links sent, only while the person's latest
``follow_up`` consent is **given**. Outcome follow-up is a purpose of its own in the
privacy notice, separate from training administration, so silence is not consent. A
follow-up whose person has withdrawn that consent is cancelled when it falls due.

Links: each follow-up gets a random token (``secrets.token_urlsafe(32)``) when it is sent;
only its SHA-256 is stored (``link_secret_hash``), the token is only in the message. A link
works once, inside its window; a wrong, reused, early or expired link is refused with a
reason (``FollowUpError.code``) and writes nothing.

Every write goes through ``record_create``/``record_update`` (journal and audit) and each
follow-up is one transaction, so an answer and its follow-up's status commit together.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.core.models import User
from ujuzi.core.node import is_site
from ujuzi.core.records import record_create, record_update
from ujuzi.delivery.models import Completion
from ujuzi.notifications.services import message_send
from ujuzi.outcomes.models import FollowUp, FollowUpAnswer
from ujuzi.outcomes.selectors import (
    latest_consent,
    latest_decision,
    outcome_filter,
    works_on_outcomes,
)
from ujuzi.outcomes.windows import WAVES, add_months, window_for
from ujuzi.people.models import ConsentEvent, Person
from ujuzi.people.policy import scope_for

Status = FollowUp.Status
GIVEN = ConsentEvent.Decision.GIVEN
FOLLOW_UP = ConsentEvent.Purpose.OUTCOME_FOLLOW_UP
# What ``secrets.token_urlsafe(32)`` gives: 43 URL-safe characters.
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
ANSWER_FIELDS: tuple[str, ...] = (
    "employment_status",
    "tech_role",
    "role_started_on",
    "sector",
    "promoted",
    "new_digital_responsibilities",
    "digital_project_led",
    "skills_use",
)
# Asked of civil servants only; left empty (NULL) for everyone else.
CIVIL_SERVANT_FIELDS: tuple[str, ...] = (
    "promoted",
    "new_digital_responsibilities",
    "digital_project_led",
)


class FollowUpError(Exception):
    """A follow-up action was refused; ``code`` says why, the message says it to people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def token_hash(token: str) -> str:
    """The stored form of a link token."""
    return hashlib.sha256(token.encode()).hexdigest()


def survey_link(token: str) -> str:
    """The full address of a survey link, on the installation's public address."""
    return f"{settings.UJUZI.public_url}{reverse('follow-up-survey', kwargs={'token': token})}"


def follow_up_consent_given(person_id: Any) -> bool:
    """True when the person's latest outcome follow-up decision is "given"."""
    return latest_consent(person_id, FOLLOW_UP) == GIVEN


# --- scheduling -----------------------------------------------------------------------------


@transaction.atomic
def follow_ups_schedule(
    completion: Completion, *, today: datetime.date | None = None, by: User | None = None
) -> list[FollowUp]:
    """Schedule the 3-, 6- and 12-month follow-ups of a completion; return those created.

    Idempotent: a wave that exists (even cancelled or tombstoned) is not made again. Nothing
    is scheduled without the person's follow-up consent, and a wave whose window has already
    closed when scheduling (an old completion) is skipped: nobody was asked, so it is
    neither an answer nor a non-response.
    """
    if is_site() or not follow_up_consent_given(completion.person_id):
        return []  # the hub schedules follow-ups, once, when the completion reaches it
    today = today or timezone.localdate()
    existing = set(
        FollowUp.all_objects.filter(completion=completion).values_list("wave", flat=True)
    )
    created = []
    for wave in WAVES:
        if wave in existing:
            continue
        window = window_for(completion.completed_on, wave)
        if window.closes_on < today:
            continue
        follow_up = FollowUp(
            completion=completion,
            person_id=completion.person_id,
            wave=wave,
            due_on=window.due_on,
            opens_on=window.opens_on,
            closes_on=window.closes_on,
        )
        created.append(record_create(follow_up, by=by, action="follow_up.schedule"))
    return created


def follow_ups_schedule_new(today: datetime.date | None = None) -> int:
    """Schedule follow-ups for every completion that has none yet and whose person consents."""
    today = today or timezone.localdate()
    pending = (
        Completion.objects.filter(
            follow_ups__isnull=True, completed_on__gte=add_months(today, -max(WAVES) - 2)
        )
        .annotate(follow_up_consent=latest_decision(FOLLOW_UP))
        .filter(follow_up_consent=GIVEN)
        .order_by("completed_on", "pk")
    )
    count = 0
    for completion in pending.iterator(chunk_size=500):
        count += len(follow_ups_schedule(completion, today=today))
    return count


# --- sending --------------------------------------------------------------------------------


@transaction.atomic
def follow_up_send(
    follow_up: FollowUp, *, today: datetime.date | None = None, token: str | None = None
) -> str | None:
    """Issue a new link for a scheduled follow-up and send it; return the token.

    The person gets the link by e-mail and SMS (each they have), in their language. When
    their follow-up consent is no longer given the follow-up is cancelled instead and
    ``None`` is returned. ``token`` is for the demo's published link only: anything else
    draws a random one.
    """
    if token is not None and not TOKEN.fullmatch(token):
        raise ValueError("a link token is 43 URL-safe characters")
    today = today or timezone.localdate()
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.status != Status.SCHEDULED:
        return None
    if not follow_up_consent_given(locked.person_id):
        record_update(
            locked, changes={"status": Status.CANCELLED}, by=None, action="follow_up.cancel"
        )
        return None
    token = token or secrets.token_urlsafe(32)
    record_update(
        locked,
        changes={
            "status": Status.SENT,
            "link_secret_hash": token_hash(token),
            "sent_at": timezone.now(),
        },
        by=None,
        action="follow_up.send",
    )
    completion = Completion.objects.select_related("course").get(pk=locked.completion_id)
    message_send(
        person=Person.objects.get(pk=locked.person_id),
        kind="follow_up_survey",
        context={
            "link": survey_link(token),
            "wave": locked.wave,
            "course_title": completion.course.title,
            "closes_on": locked.closes_on,
        },
        dedupe_key=f"follow-up:{locked.pk}",
    )
    follow_up.refresh_from_db()
    return token


def follow_ups_send_due(today: datetime.date | None = None) -> int:
    """Send the link of every scheduled follow-up whose window is open; return how many."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(
        status=Status.SCHEDULED, opens_on__lte=today, closes_on__gte=today
    ).order_by("opens_on", "pk")
    sent = 0
    for follow_up in due.iterator(chunk_size=500):
        if follow_up_send(follow_up, today=today) is not None:
            sent += 1
    return sent


def follow_ups_mark_no_response(today: datetime.date | None = None) -> int:
    """Record ``no_response`` for every follow-up whose window closed unanswered.

    Only the status changes: no answer is written, so a non-respondent never counts as
    unemployed (or as anything else).
    """
    today = today or timezone.localdate()
    closed = FollowUp.objects.filter(
        status__in=[Status.SCHEDULED, Status.SENT], closes_on__lt=today
    ).order_by("closes_on", "pk")
    count = 0
    for follow_up in closed.iterator(chunk_size=500):
        with transaction.atomic():
            locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
            if locked.status in (Status.SCHEDULED, Status.SENT):
                record_update(
                    locked,
                    changes={"status": Status.NO_RESPONSE},
                    by=None,
                    action="follow_up.no_response",
                )
                count += 1
    return count


# --- answers --------------------------------------------------------------------------------


def follow_up_by_link(token: str) -> FollowUp | None:
    """The follow-up a link token belongs to, or ``None`` for a token that fits none.

    The look-up is by the token's hash (an attacker learns nothing from timing about the
    stored hashes), and the match is confirmed with a constant-time comparison.
    """
    if not isinstance(token, str) or not TOKEN.fullmatch(token):
        return None
    digest = token_hash(token)
    found = (
        FollowUp.objects.filter(link_secret_hash=digest)
        .select_related("person", "completion__course")
        .first()
    )
    if found is None or not hmac.compare_digest(found.link_secret_hash, digest):
        return None
    return found


def link_problem(follow_up: FollowUp | None, today: datetime.date) -> FollowUpError | None:
    """Why a link cannot be answered today, or ``None`` when it can."""
    if follow_up is None:
        return FollowUpError("invalid", _("This survey link is not valid."))
    if follow_up.status == Status.ANSWERED:
        return FollowUpError("used", _("This survey has already been answered. Thank you."))
    if follow_up.status == Status.CANCELLED:
        return FollowUpError("cancelled", _("This survey has been withdrawn."))
    if follow_up.status == Status.NO_RESPONSE or today > follow_up.closes_on:
        return FollowUpError("expired", _("This survey link has expired."))
    if today < follow_up.opens_on:
        return FollowUpError(
            "not_open",
            _("This survey opens on %(day)s.") % {"day": follow_up.opens_on.isoformat()},
        )
    return None


def _answer_values(person: Person, data: Mapping[str, Any], today: datetime.date) -> dict[str, Any]:
    unknown = sorted(set(data) - set(ANSWER_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown answers: %(names)s") % {"names": ", ".join(unknown)})
    values = {name: data.get(name) for name in ANSWER_FIELDS}
    values["tech_role"] = bool(values["tech_role"])
    values["sector"] = values["sector"] or ""
    if person.audience != Person.Audience.CIVIL_SERVANT:
        for name in CIVIL_SERVANT_FIELDS:
            values[name] = None
    started = values["role_started_on"]
    if isinstance(started, datetime.date) and started > today:
        raise ValidationError({"role_started_on": _("A start date cannot be in the future.")})
    return values


def _answer_write(
    follow_up: FollowUp,
    data: Mapping[str, Any],
    *,
    channel: str,
    by: User | None,
    today: datetime.date,
) -> FollowUpAnswer:
    """Write the answer and mark the follow-up answered, or raise and write nothing."""
    locked = FollowUp.objects.select_for_update().select_related("person").get(pk=follow_up.pk)
    problem = link_problem(locked, today)
    if problem is not None:
        raise problem
    if FollowUpAnswer.all_objects.filter(follow_up=locked).exists():
        raise FollowUpError("used", _("This survey has already been answered. Thank you."))
    if not follow_up_consent_given(locked.person_id):
        raise FollowUpError("cancelled", _("This survey has been withdrawn."))
    answer = FollowUpAnswer(
        follow_up=locked,
        person_id=locked.person_id,
        channel=channel,
        recorded_by=by,
        answered_on=today,
        **_answer_values(locked.person, data, today),
    )
    record_create(answer, by=by, action=f"follow_up.answer.{channel}")
    record_update(
        locked,
        changes={
            "status": Status.ANSWERED,
            "answered_at": timezone.now(),
        },
        by=by,
        action="follow_up.answered",
    )
    follow_up.refresh_from_db()
    return answer


@transaction.atomic
def follow_up_answer_by_link(
    token: str, data: Mapping[str, Any], *, today: datetime.date | None = None
) -> FollowUpAnswer:
    """Record the answer sent from a personal link: once, and only inside the window.

    Refused (``FollowUpError``) for a wrong token, a link already used, a window not yet
    open or closed; a ``ValidationError`` for answers that do not fit. Either way nothing
    is written. The hash stays, so that a second use is told "already answered".
    """
    today = today or timezone.localdate()
    follow_up = follow_up_by_link(token)
    if follow_up is None:
        raise FollowUpError("invalid", _("This survey link is not valid."))
    return _answer_write(follow_up, data, channel=FollowUpAnswer.Channel.LINK, by=None, today=today)


@transaction.atomic
def follow_up_answer_as_self(
    follow_up: FollowUp, data: Mapping[str, Any], *, by: User, today: datetime.date | None = None
) -> FollowUpAnswer:
    """A signed-in learner answers their own follow-up from their home page (as by link)."""
    today = today or timezone.localdate()
    if follow_up.person.user_id != by.pk:
        raise FollowUpError("not_found", _("There is no such survey."))
    return _answer_write(follow_up, data, channel=FollowUpAnswer.Channel.LINK, by=by, today=today)


@transaction.atomic
def follow_up_answer_by_phone(
    follow_up: FollowUp,
    data: Mapping[str, Any],
    *,
    by: User,
    today: datetime.date | None = None,
) -> FollowUpAnswer:
    """Staff record an answer given on the phone, inside the follow-up's window.

    Programme administrators may record for anyone; a training officer for the staff of
    their institution and its sub-institutions. Anyone else is told the follow-up does not
    exist.
    """
    today = today or timezone.localdate()
    scope = scope_for(by)
    allowed = (
        works_on_outcomes(scope)
        and FollowUp.objects.filter(outcome_filter(scope), pk=follow_up.pk).exists()
    )
    if not allowed:
        raise FollowUpError("not_found", _("There is no such follow-up."))
    return _answer_write(follow_up, data, channel=FollowUpAnswer.Channel.PHONE, by=by, today=today)
