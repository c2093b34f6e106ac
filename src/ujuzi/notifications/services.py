"""Writes of the outbox: compose messages in the person's language, then deliver each once.

``message_send`` renders a kind's templates, writes one ``Message`` per channel the person
can receive and, when the transaction commits, queues ``message_deliver`` for each (the
task hands it to its gateway: ``ujuzi.notifications.sending``). The audit trail gets ids
and field names, never an address or a text.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template import Context, Engine
from django.utils import translation

from ujuzi.core.audit import audit_append
from ujuzi.core.models import User
from ujuzi.notifications.models import Message
from ujuzi.notifications.rules import (
    ADDRESS_MAX_CHARACTERS,
    SUBJECT_MAX_CHARACTERS,
    address_problem,
    body_problem,
    clean_text,
    one_line,
)
from ujuzi.notifications.sending import MODEL
from ujuzi.notifications.tasks import message_deliver
from ujuzi.people.models import Person

# A kind names a template folder, so it may hold nothing that moves through the file system.
KIND = re.compile(r"[a-z][a-z0-9_]{0,49}")
DEDUPE_KEY_MAX_CHARACTERS = 200
Channel = Message.Channel
Status = Message.Status


@dataclass(frozen=True)
class _Draft:
    channel: str
    address: str
    subject: str
    body: str
    problem: str


def _render(name: str, context: Mapping[str, Any]) -> str:
    # Plain text: no HTML escaping, so "O'Brien & Sons" reads as typed.
    template = Engine.get_default().get_template(name)
    return template.render(Context(dict(context), autoescape=False))


def _channels(channels: Iterable[str] | None) -> list[str]:
    if channels is None:
        return list(Channel.values)
    wanted = list(dict.fromkeys(channels))
    unknown = sorted(set(wanted) - set(Channel.values))
    if unknown:
        raise ValueError(f"no such channel: {', '.join(unknown)}")
    return [channel for channel in Channel.values if channel in wanted]


def _addresses(person: Person, channels: list[str]) -> dict[str, str]:
    """The channels this person can receive: e-mail with an address, SMS with a phone."""
    found = {Channel.EMAIL.value: person.email, Channel.SMS.value: person.phone}
    return {channel: found[channel] for channel in channels if found[channel]}


def _drafts(
    person: Person, kind: str, context: Mapping[str, Any], language: str, channels: list[str]
) -> list[_Draft]:
    values = {"person": person, "public_url": settings.UJUZI.public_url, **context}
    drafts = []
    with translation.override(language):
        subject = one_line(_render(f"notifications/{kind}/subject.txt", values))
        for channel, address in _addresses(person, channels).items():
            if channel == Channel.EMAIL:
                body = clean_text(_render(f"notifications/{kind}/email.txt", values))
            else:
                body = one_line(_render(f"notifications/{kind}/sms.txt", values))
            problem = address_problem(channel, address) or body_problem(channel, body)
            drafts.append(_Draft(channel, address, subject[:SUBJECT_MAX_CHARACTERS], body, problem))
    return drafts


def _enqueue_delivery(message_id: uuid.UUID) -> None:
    message_deliver.enqueue(str(message_id))


def _write(
    draft: _Draft,
    *,
    person: Person,
    kind: str,
    language: str,
    dedupe_key: str | None,
    by: User | None,
) -> Message:
    message = Message(
        person=person,
        channel=draft.channel,
        address=draft.address[:ADDRESS_MAX_CHARACTERS],
        language=language,
        kind=kind,
        subject=draft.subject,
        body=draft.body,
        dedupe_key=dedupe_key,
    )
    if draft.problem:  # refused here, so that no gateway ever sees it
        message.status = Status.FAILED
        message.last_error = f"refused: {draft.problem}"[:500]
    # The database enforces the dedupe constraint (and a race loses to it there).
    message.full_clean(validate_unique=False, validate_constraints=False)
    message.save(force_insert=True)
    audit_append(
        action="message.refuse" if draft.problem else "message.create",
        actor_id=by.pk if by is not None else None,
        model=MODEL,
        record_id=message.pk,
        field_names=["person", "channel", "address", "language", "kind", "subject", "body"],
        details={"person": str(person.pk), "kind": kind, "channel": draft.channel},
    )
    if not draft.problem:
        transaction.on_commit(partial(_enqueue_delivery, message.pk))
    return message


def _existing(dedupe_key: str) -> list[Message]:
    return list(Message.objects.filter(dedupe_key=dedupe_key).order_by("channel"))


def message_send(
    *,
    person: Person,
    kind: str,
    context: Mapping[str, Any],
    by: User | None = None,
    channels: Iterable[str] | None = None,
    dedupe_key: str | None = None,
) -> list[Message]:
    """Tell a person something by e-mail and SMS, in their language; return the messages.

    Renders ``notifications/<kind>/subject.txt``, ``email.txt`` and ``sms.txt`` with the
    context (plus ``person`` and ``public_url``) and writes one message per channel the
    person can receive, limited to ``channels`` when given. A person with neither an
    e-mail address nor a phone gets none. A message whose address or text is unusable is
    written as failed with the reason and never handed to a gateway. Delivery runs in
    the background once the caller's transaction commits. When ``dedupe_key`` was used
    before, the messages written then are returned and nothing is sent.
    """
    if not KIND.fullmatch(kind):
        raise ValueError(f"a message kind is a short code like 'session_reminder', not {kind!r}")
    wanted = _channels(channels)
    if dedupe_key is not None:
        if not dedupe_key or len(dedupe_key) > DEDUPE_KEY_MAX_CHARACTERS:
            raise ValueError(f"a dedupe key has 1 to {DEDUPE_KEY_MAX_CHARACTERS} characters")
        existing = _existing(dedupe_key)
        if existing:
            return existing
    language = (
        person.preferred_language
        if person.preferred_language in Person.Language.values
        else Person.Language.ENGLISH
    )
    drafts = _drafts(person, kind, context, language, wanted)
    try:
        with transaction.atomic():
            return [
                _write(
                    draft,
                    person=person,
                    kind=kind,
                    language=language,
                    dedupe_key=dedupe_key,
                    by=by,
                )
                for draft in drafts
            ]
    except IntegrityError:
        if dedupe_key is None:
            raise
        return _existing(dedupe_key)  # another worker sent the same reminder first
