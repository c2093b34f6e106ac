"""Writes for people, institutions, consent and roles: validated, journaled, audited."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ujuzi.core.bulk import new_keys
from ujuzi.core.crypto import Sealer, data_keys_new
from ujuzi.core.models import AdministrativeArea, User
from ujuzi.core.records import (
    RecordsBulkWriter,
    record_create,
    record_update,
    records_bulk_update,
)
from ujuzi.people.learner_numbers import learner_number_new
from ujuzi.people.models import ConsentEvent, Institution, Person, PersonSensitive, RoleAssignment
from ujuzi.people.phones import InvalidPhoneNumber, normalise_phone
from ujuzi.places.models import Site

CURRENT_NOTICE_VERSION = "2026-01"


def institution_create(
    *,
    code: str,
    name: str,
    kind: str,
    by: User | None,
    parent: Institution | None = None,
    area: AdministrativeArea | None = None,
) -> Institution:
    """Register an institution, optionally under a parent (a ministry's state department)."""
    institution = Institution(code=code, name=name, kind=kind, parent=parent, area=area)
    return record_create(institution, by=by, action="institution.create")


def _clean_person_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """Normalise what people type: blank identifiers are absent, phones are E.164."""
    cleaned = dict(values)
    for name in ("national_id", "personal_number"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip() or None
    for name in ("phone", "guardian_phone"):
        if cleaned.get(name):
            try:
                cleaned[name] = normalise_phone(cleaned[name])
            except InvalidPhoneNumber as error:
                raise ValidationError({name: str(error)}) from error
    if cleaned.get("email"):
        cleaned["email"] = cleaned["email"].strip().lower()
    return cleaned


@transaction.atomic
def person_create(
    *,
    by: User | None,
    sex: str = "",
    sex_basis: str = PersonSensitive.Basis.EMPLOYER_RECORD,
    **values: Any,
) -> Person:
    """Register a person; sex, when known, goes to their separate sensitive record."""
    person = record_create(Person(**_clean_person_values(values)), by=by, action="person.create")
    if sex:
        sensitive = PersonSensitive(person=person, sex=sex, sex_basis=sex_basis)
        record_create(sensitive, by=by, action="person.sensitive.create")
    return person


def person_update(*, person: Person, changes: Mapping[str, Any], by: User | None) -> Person:
    """Change a person's details; only what differs is written."""
    return record_update(
        person, changes=_clean_person_values(changes), by=by, action="person.update"
    )


def person_learner_number_renew(*, person: Person, by: User | None) -> Person:
    """Give a person a fresh learner number (theirs is missing or not a valid one)."""
    return record_update(
        person,
        changes={"learner_number": learner_number_new()},
        by=by,
        action="person.learner_number.renew",
    )


@transaction.atomic
def people_bulk_insert(
    *,
    rows: Iterable[tuple[dict[str, Any], str]],
    by: User | None,
    batch_size: int = 5000,
) -> int:
    """Insert many new people from checked values (an import), with their sensitive records.

    Each row is a person's field values by attribute name (``institution_id``) and their
    sex ("" when not given); the values must have been checked already. A row may bring
    its own ``id`` (the demo's people, whose consents name them); the others get new
    keys. Rows are written in chunks without model instances: each chunk's people get
    new data keys in one pass, and the same keys seal their sensitive records, so nothing
    is looked up again. Each person and sensitive record is journaled one entry each; one
    audit entry per model.
    """
    people = RecordsBulkWriter(Person, by=by, action="person.bulk_create", subject="id")
    sensitive = RecordsBulkWriter(
        PersonSensitive, by=by, action="person.sensitive.bulk_create", subject="person_id"
    )
    basis = PersonSensitive.Basis.EMPLOYER_RECORD
    pending = iter(rows)
    while chunk := list(itertools.islice(pending, batch_size)):
        fresh = iter(new_keys(sum("id" not in fields for fields, _ in chunk)))
        ids = [fields["id"] if "id" in fields else next(fresh) for fields, _ in chunk]
        sealer = Sealer(data_keys_new(ids))
        people.write(
            [{**fields, "id": id_} for id_, (fields, _) in zip(ids, chunk, strict=True)],
            sealer=sealer,
        )
        records = [
            {"person_id": id_, "sex": sex, "sex_basis": basis}
            for id_, (_, sex) in zip(ids, chunk, strict=True)
            if sex
        ]
        sensitive.write(records, sealer=sealer)
    count = people.close()
    sensitive.close()
    return count


@transaction.atomic
def people_bulk_update(
    *,
    changes: Iterable[tuple[Person, Mapping[str, Any]]],
    sexes: Iterable[tuple[Person, PersonSensitive | None, str]] = (),
    by: User | None,
    batch_size: int = 5000,
) -> int:
    """Apply checked changes to many known people (an import); return how many changed.

    ``changes`` pairs a person with their new values by field name; ``sexes`` a person
    with their sensitive record (``None`` when they have none yet) and their sex as the
    file gives it. Values must have been checked already, as for ``people_bulk_insert``;
    what does not differ is not written. Each record is journaled, one audit entry for
    each kind of change.
    """
    count = records_bulk_update(changes, by=by, action="person.bulk_update", batch_size=batch_size)
    sensitive = RecordsBulkWriter(
        PersonSensitive, by=by, action="person.sensitive.bulk_create", subject="person_id"
    )
    basis = PersonSensitive.Basis.EMPLOYER_RECORD
    fresh, known = [], []
    for person, record, sex in sexes:
        if record is None:
            fresh.append({"person_id": person.pk, "sex": sex, "sex_basis": basis})
        else:
            known.append((record, {"sex": sex}))
    for start in range(0, len(fresh), batch_size):
        sensitive.write(fresh[start : start + batch_size])
    sensitive.close()
    records_bulk_update(known, by=by, action="person.sensitive.bulk_update", batch_size=batch_size)
    return count


def consent_record(
    *,
    person: Person,
    purpose: str,
    decision: str,
    channel: str,
    by: User | None,
    notice_version: str = CURRENT_NOTICE_VERSION,
    decided_at: datetime.datetime | None = None,
) -> ConsentEvent:
    """Append a consent decision; the newest decision per purpose is the one in force."""
    event = ConsentEvent(
        person=person,
        purpose=purpose,
        decision=decision,
        channel=channel,
        notice_version=notice_version,
        decided_at=decided_at or timezone.now(),
    )
    return record_create(event, by=by, action=f"consent.{decision}")


def role_assign(
    *,
    user: User,
    role: str,
    by: User | None,
    institution: Institution | None = None,
    site: Site | None = None,
) -> RoleAssignment:
    """Give a login a role, limited to an institution or a site where the role needs one."""
    assignment = RoleAssignment(user=user, role=role, institution=institution, site=site)
    return record_create(assignment, by=by, action="role.assign")


def person_link_user(*, person: Person, user: User, by: User | None) -> Person:
    """Let a person sign in as themselves."""
    return record_update(person, changes={"user": user}, by=by, action="person.link_user")
