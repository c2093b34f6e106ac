"""Crypto-shredding that reaches every node: destroy the key, blank the values, journal it.

Erasing a data subject destroys their data key here and writes a ``Shredding`` record,
which syncs like any record; each node that receives it does the same (``shredding_apply``).
Sealed values in journals and backups are then unreadable everywhere, and the plaintext
columns of the subject's records are blanked on each node. The blanks are not journaled:
every node derives them from the shredding, so all nodes still hold the same rows.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.apps import apps
from django.db import models, transaction

from ujuzi.core import crypto
from ujuzi.core.journal import concrete_field
from ujuzi.core.models import JournalEntry, Shredding
from ujuzi.core.personal_data import declaration_for
from ujuzi.core.records import record_create


def erased_value(field: models.Field[Any, Any]) -> Any:
    """What a personal field holds once its subject is erased."""
    if field.null:
        return None
    if isinstance(field, models.BinaryField):
        return b""
    if isinstance(field, models.CharField | models.TextField):
        return ""
    return field.get_default()


def personal_values_blank(subject_id: uuid.UUID) -> int:
    """Blank the personal columns of every record sealed under the subject's key."""
    records = (
        JournalEntry.objects.filter(subject_id=subject_id)
        .values_list("model", "record_id")
        .distinct()
    )
    blanked = 0
    for label, record_id in records:
        model = apps.get_model(label)
        names = declaration_for(model).all_fields
        if not names:
            continue
        blanks = {
            concrete_field(model, name).attname: erased_value(concrete_field(model, name))
            for name in names
        }
        blanked += model._base_manager.filter(pk=record_id).update(**blanks)
    return blanked


@transaction.atomic
def shredding_apply(subject_id: uuid.UUID) -> None:
    """What a node does with a shredding, its own or one that arrived."""
    crypto.shred_data_key(subject_id)
    personal_values_blank(subject_id)


@transaction.atomic
def data_subject_shred(subject_id: uuid.UUID, *, by: models.Model | None) -> Shredding:
    """Erase a subject here and, through the journal, on every node."""
    shredding_apply(subject_id)
    return record_create(Shredding(subject_id=subject_id), by=by, action="data_subject.shred")
