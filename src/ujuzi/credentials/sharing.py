"""Share links of a learner's passport: who made them, what they open, and for how long.

A learner makes a link for someone who should see their certificates (an employer, a
scholarship panel). The link carries 32 random bytes; only their SHA-256 is stored, so
the link is shown once, when it is made. A link may expire and may be revoked; either
way it then opens nothing, and the public page answers 404 as it does for a forged one,
so nothing confirms that a link ever existed. The page names the holder, because the
holder chose to share, by first and last name only.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import secrets
import uuid

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_update
from ujuzi.credentials.models import Credential, PassportShare
from ujuzi.delivery.selectors import own_person
from ujuzi.people.models import Person

TOKEN_BYTES = 32
MAX_LABEL = 100
MAX_DAYS = 3650
# What secrets.token_urlsafe(32) gives: 43 URL-safe characters; anything else is forged.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


class ShareError(ValueError):
    """A share link cannot be made or changed; the message says why."""


def token_hash(token: str) -> str:
    """What is stored of a token: its SHA-256, in hexadecimal."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@transaction.atomic
def passport_share_create(
    *,
    person: Person,
    by: User | None,
    label: str = "",
    expires_at: datetime.datetime | None = None,
) -> tuple[PassportShare, str]:
    """A new share link of ``person``'s passport, and its token (shown once, never kept)."""
    label = label.strip()
    if len(label) > MAX_LABEL:
        raise ShareError(_("Keep the note under 100 characters."))
    if expires_at is not None and expires_at <= timezone.now():
        raise ShareError(_("The link must expire in the future."))
    token = secrets.token_urlsafe(TOKEN_BYTES)
    share = PassportShare(
        person=person, token_hash=token_hash(token), label=label, expires_at=expires_at
    )
    return record_create(share, by=by, action="credentials.passport_share.create"), token


@transaction.atomic
def passport_share_revoke(*, share: PassportShare, by: User | None) -> PassportShare:
    """Stop a share link from opening anything; revoking twice changes nothing."""
    share = PassportShare.objects.select_for_update().get(pk=share.pk)
    if share.revoked_at is not None:
        return share
    return record_update(
        share,
        changes={"revoked_at": timezone.now()},
        by=by,
        action="credentials.passport_share.revoke",
    )


def passport_shares_of_learner(user: object) -> QuerySet[PassportShare]:
    """The signed-in learner's own share links, newest first (none for other logins)."""
    person = own_person(user)
    if person is None:
        return PassportShare.objects.none()
    return PassportShare.objects.filter(person=person)


def passport_share_own_get(user: object, share_pk: uuid.UUID) -> PassportShare | None:
    """One of the signed-in learner's share links, or ``None`` (then a 404)."""
    return passport_shares_of_learner(user).filter(pk=share_pk).first()


def passport_share_open(
    token: str, *, now: datetime.datetime | None = None
) -> PassportShare | None:
    """The live share link a token opens, or ``None`` for a forged, expired or revoked one."""
    if not isinstance(token, str) or not _TOKEN_SHAPE.fullmatch(token):
        return None
    share = (
        PassportShare.objects.select_related("person").filter(token_hash=token_hash(token)).first()
    )
    if share is None or not share.is_open_at(now or timezone.now()):
        return None
    return share


def passport_share_credentials(share: PassportShare) -> QuerySet[Credential]:
    """The certificates a share link shows: all of the holder's, revoked ones included."""
    return Credential.objects.filter(person_id=share.person_id).select_related("course")
