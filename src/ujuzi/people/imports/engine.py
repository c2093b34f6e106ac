"""The import itself: check, match, then write in one transaction.

Every row is checked and matched against the people already known, then written
all-or-nothing (or, when asked, only the valid rows) in one transaction.

A person already known by personal number, national ID or e-mail is updated, never
duplicated. A training officer imports only into the institutions they look after; a row
that matches someone of another institution is refused with a neutral reason, so that
nothing about that person is revealed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.core.audit import audit_append
from ujuzi.core.models import User
from ujuzi.core.records import record_create, record_update
from ujuzi.people.imports.columns import columns_match
from ujuzi.people.imports.reading import table_read
from ujuzi.people.imports.rows import CheckedRow, Lookups, row_check
from ujuzi.people.models import Institution, Person, PersonSensitive, RoleAssignment
from ujuzi.people.policy import scope_for
from ujuzi.people.services import people_bulk_create, person_update

IDENTIFIERS = ("personal_number", "national_id", "email")
CHUNK = 5000
Progress = Callable[[int], None]


@dataclass
class Rejected:
    """A row that was not imported, and why."""

    line: int
    reasons: list[str]
    cells: dict[str, str]


@dataclass
class ImportResult:
    """What an import found, and whether it wrote it."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    applied: bool = False
    header: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """The four counts, for messages and the command line."""
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": len(self.rejected),
        }


class ImportNotAllowed(PermissionError):
    """The caller may not import people."""


def max_upload_bytes() -> int:
    """The upload limit (``UJUZI_IMPORT_MAX_BYTES``, default 50 MiB)."""
    return int(settings.UJUZI.import_max_bytes)


def _allowed_institutions(by: User | None) -> frozenset[Any] | None:
    if by is None:  # the command line, run by the programme office on the server
        return None
    scope = scope_for(by)
    if not scope.imports_people:
        raise ImportNotAllowed("only programme administrators and training officers import people")
    return None if scope.has(RoleAssignment.Role.PROGRAMME_ADMIN) else scope.institution_ids


def _known_people(rows: list[CheckedRow]) -> dict[tuple[str, str], Person]:
    """People already registered under any identifier in the rows."""
    known: dict[tuple[str, str], Person] = {}
    for name in IDENTIFIERS:
        wanted = sorted({row.values[name] for row in rows if row.values.get(name)})
        for start in range(0, len(wanted), CHUNK):
            batch = wanted[start : start + CHUNK]
            for person in Person.objects.filter(**{f"{name}__in": batch}):
                known[(name, getattr(person, name))] = person
    return known


def _mark_duplicates(rows: list[CheckedRow]) -> None:
    first_line: dict[tuple[str, str], int] = {}
    labels = {
        "personal_number": _("same personal number as line %(line)d"),
        "national_id": _("same national ID as line %(line)d"),
        "email": _("same e-mail as line %(line)d"),
    }
    for row in rows:
        for name in IDENTIFIERS:
            value = row.values.get(name)
            if not value:
                continue
            earlier = first_line.setdefault((name, value), row.line)
            if earlier != row.line:
                row.reasons.append(labels[name] % {"line": earlier})


FIELD_FOR_KEY = {"institution_id": "institution", "area_id": "area"}


def _changes(person: Person, values: Mapping[str, Any]) -> dict[str, Any]:
    """What differs, by field name (keys are attribute names: ``institution_id``…)."""
    return {
        FIELD_FOR_KEY.get(name, name): value
        for name, value in values.items()
        if getattr(person, name) != value
    }


def people_import(
    data: bytes,
    filename: str,
    *,
    by: User | None,
    institution: Institution | None = None,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    valid_rows_only: bool = False,
    progress: Progress | None = None,
    today: datetime.date | None = None,
) -> ImportResult:
    """Check every row; write them when nothing is rejected (or only the valid ones)."""
    allowed = _allowed_institutions(by)
    if institution is not None and allowed is not None and institution.pk not in allowed:
        raise ImportNotAllowed("the institution is not one you look after")
    table = table_read(data, filename, max_bytes=max_upload_bytes())
    columns = columns_match(table.header, mapping)
    lookups = Lookups.build(
        allowed=allowed, default=institution, today=today or timezone.localdate()
    )
    result = ImportResult(header=table.header)
    rows: list[CheckedRow] = []
    cells_by_line: dict[int, list[str]] = {}  # kept as lists: a dict per row costs memory
    for line, cells in table.rows:
        raw = {name: cells[index] for index, name in columns.items() if index < len(cells)}
        rows.append(row_check(line, raw, lookups))
        cells_by_line[line] = cells
        if progress is not None and len(rows) % 1000 == 0:
            progress(len(rows))
    _mark_duplicates(rows)
    known = _known_people([row for row in rows if not row.reasons])
    plan_new, plan_update = _plan(rows, known, allowed, result)
    for row in rows:
        if row.reasons:
            named = dict(zip(table.header, cells_by_line[row.line], strict=False))
            result.rejected.append(Rejected(row.line, row.reasons, named))
    result.new, result.updated = len(plan_new), len(plan_update)
    if dry_run or (result.rejected and not valid_rows_only):
        return result
    with transaction.atomic():
        _apply(plan_new, plan_update, by=by)
        audit_append(
            action="people.import",
            actor_id=by.pk if by else None,
            model="people.person",
            details={"file": filename[:200], **result.counts},
        )
    result.applied = True
    return result


@dataclass
class Update:
    """A known person, what the row changes, and their sensitive record (if any)."""

    row: CheckedRow
    person: Person
    changes: dict[str, Any]
    sensitive: PersonSensitive | None


def _plan(
    rows: list[CheckedRow],
    known: dict[tuple[str, str], Person],
    allowed: frozenset[Any] | None,
    result: ImportResult,
) -> tuple[list[CheckedRow], list[Update]]:
    """Sort the valid rows into new and changed people; count the unchanged; mark conflicts."""
    matched = {person.pk for person in known.values()}
    sensitive = {
        record.person_id: record for record in PersonSensitive.objects.filter(person_id__in=matched)
    }
    plan_new: list[CheckedRow] = []
    plan_update: list[Update] = []
    for row in rows:
        if row.reasons:
            continue
        matches = {
            known[(name, row.values[name])].pk: known[(name, row.values[name])]
            for name in IDENTIFIERS
            if (name, row.values.get(name)) in known
        }
        person = next(iter(matches.values())) if len(matches) == 1 else None
        if len(matches) > 1 or (
            person is not None and allowed is not None and person.institution_id not in allowed
        ):
            row.reasons.append(
                _("conflicts with an existing record; the programme office can resolve it")
            )
        elif person is None:
            plan_new.append(row)
        else:
            record = sensitive.get(person.pk)
            changes = _changes(person, row.values)
            if changes or (row.sex and (record is None or record.sex != row.sex)):
                plan_update.append(Update(row, person, changes, record))
            else:
                result.unchanged += 1
    return plan_new, plan_update


def _apply(plan_new: list[CheckedRow], plan_update: list[Update], *, by: User | None) -> None:
    people = [Person(**row.values) for row in plan_new]  # checked field by field already
    people_bulk_create(people=people, sexes=[row.sex for row in plan_new], by=by)
    for update in plan_update:
        person, row, sensitive = update.person, update.row, update.sensitive
        if update.changes:
            person_update(person=person, changes=update.changes, by=by)
        if row.sex:
            if sensitive is None:
                record_create(
                    PersonSensitive(person=person, sex=row.sex),
                    by=by,
                    action="person.sensitive.create",
                )
            elif sensitive.sex != row.sex:
                record_update(
                    sensitive, changes={"sex": row.sex}, by=by, action="person.sensitive.update"
                )
