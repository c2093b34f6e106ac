"""The keys behind learners' cards and calendar addresses: issued, looked up, replaced.

A key is 32 random bytes in URL-safe text, so it cannot be guessed or derived from the
person; a replaced key is tombstoned and refused from then on.
"""

from __future__ import annotations

import secrets
import uuid

from django.db import transaction

from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_delete
from ujuzi.delivery.models import LearnerKey
from ujuzi.people.models import Person

Purpose = LearnerKey.Purpose
MAX_KEY_LENGTH = 64


@transaction.atomic
def learner_key(person: Person, purpose: str, *, by: User | None = None) -> str:
    """The person's live key for a purpose, issuing one the first time it is needed."""
    found = LearnerKey.objects.filter(person=person, purpose=purpose).first()
    if found is not None:
        return found.secret
    key = LearnerKey(person=person, purpose=purpose, secret=secrets.token_urlsafe(32))
    return record_create(key, by=by, action="delivery.learner_key.issue").secret


@transaction.atomic
def learner_key_replace(person: Person, purpose: str, *, by: User | None) -> str:
    """Withdraw the person's key for a purpose and issue a new one (a lost card, say)."""
    for old in LearnerKey.objects.filter(person=person, purpose=purpose):
        record_delete(old, by=by, action="delivery.learner_key.withdraw")
    return learner_key(person, purpose, by=by)


def learner_key_person_id(token: str, purpose: str) -> uuid.UUID | None:
    """The person a live key stands for, or None for a withdrawn, forged or damaged one."""
    if not token or len(token) > MAX_KEY_LENGTH:
        return None
    found = LearnerKey.objects.filter(secret=token, purpose=purpose).first()
    return found.person_id if found is not None else None
