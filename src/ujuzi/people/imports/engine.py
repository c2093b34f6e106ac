"""The import itself: check, match, then write in one transaction.

Every row is checked and matched against the people already known, then written
all-or-nothing (or, when asked, only the valid rows) in one transaction.

A person already known by personal number, national ID or e-mail is updated, never
duplicated. A training officer imports only into the institutions they look after; a row
that matches someone of another institution is refused with a neutral reason, so that
nothing about that person is revealed.
"""

from __future__ import annotations

import contextlib
import datetime
import gc
import itertools
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ujuzi.core.audit import audit_append
from ujuzi.core.bulk import background_writes, roomy_page_cache
from ujuzi.core.bulk_copy import foreign_keys_checked_per_statement
from ujuzi.core.journal import concrete_field
from ujuzi.core.models import User
from ujuzi.people.imports.columns import columns_match
from ujuzi.people.imports.reading import table_read
from ujuzi.people.imports.rows import CheckedRow, Lookups, row_check
from ujuzi.people.models import Institution, Person, PersonSensitive, RoleAssignment
from ujuzi.people.policy import scope_for
from ujuzi.people.services import people_bulk_insert, people_bulk_update

IDENTIFIERS = ("personal_number", "national_id", "email")
CHUNK = 5000
Progress = Callable[[int], None]
T = TypeVar("T")


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
    candidates: set[Any] = set()
    for name in IDENTIFIERS:
        wanted = sorted({row.values[name] for row in rows if row.values.get(name)})
        for start in range(0, len(wanted), CHUNK):
            candidates.update(_ids_with(name, wanted[start : start + CHUNK]))
    known: dict[tuple[str, str], Person] = {}
    ordered = sorted(candidates)
    for start in range(0, len(ordered), CHUNK):
        for person in Person.objects.filter(pk__in=ordered[start : start + CHUNK]):
            for name in IDENTIFIERS:
                value = getattr(person, name)
                if value:
                    known[(name, value)] = person
    return known


def _ids_with(name: str, values: list[str]) -> list[Any]:
    """Keys of the live rows holding any of the values in one identifier column.

    Only a few rows of a large file usually match, so the values go to the database as
    they are: the ORM's ``__in`` prepares each of thousands of values in Python. Only live
    people hold an identifier (a tombstone's may be taken again), and the unique indexes
    on the identifiers cover live rows only, so the query asks for those alone.
    """
    quote = connection.ops.quote_name
    pk = concrete_field(Person, "id")
    table, key = quote(Person._meta.db_table), quote(pk.column)
    column = quote(concrete_field(Person, name).column)
    tombstone = quote(concrete_field(Person, "deleted_clock").column)
    params: list[Any]
    if connection.vendor == "postgresql":  # one array: the driver parses no long lists
        test, params = "= ANY(%s)", [values]
    else:
        test, params = f"IN ({', '.join(['%s'] * len(values))})", list(values)
    # Names come from the model's own metadata, quoted by the backend; values are bound.
    sql = f"SELECT {key} FROM {table} WHERE {column} {test} AND {tombstone} IS NULL"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [pk.to_python(row[0]) for row in cursor.fetchall()]


def _mark_duplicates(rows: list[CheckedRow], first_line: dict[str, dict[str, int]]) -> None:
    """Reject a row that repeats an identifier of an earlier line.

    ``first_line`` holds, per identifier, the first line of every value seen so far.
    """
    labels = {
        "personal_number": _("same personal number as line %(line)d"),
        "national_id": _("same national ID as line %(line)d"),
        "email": _("same e-mail as line %(line)d"),
    }
    for name in IDENTIFIERS:
        seen = first_line.setdefault(name, {})
        for row in rows:
            value = row.values.get(name)
            if not value:
                continue
            earlier = seen.setdefault(value, row.line)
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
    """Check every row; write them when nothing is rejected (or only the valid ones).

    Rows are checked and matched a chunk at a time, so that only what will be written
    (and the rejected rows, for the report) stays in memory; nothing is written until
    every row has been checked, and then everything is written in one transaction.
    """
    allowed = _allowed_institutions(by)
    if institution is not None and allowed is not None and institution.pk not in allowed:
        raise ImportNotAllowed("the institution is not one you look after")
    with _no_cycle_collection():
        return _import(
            data,
            filename,
            by=by,
            allowed=allowed,
            institution=institution,
            mapping=mapping,
            dry_run=dry_run,
            valid_rows_only=valid_rows_only,
            progress=progress,
            today=today,
        )


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while an import runs.

    An import holds a few hundred thousand small objects (the rows it will write) and
    allocates millions more; each full collection walks them all, which cost about a
    quarter of the import's time. Nothing an import builds forms cycles that must be
    freed early, and the collector runs again (and catches up) as soon as it ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _import(
    data: bytes,
    filename: str,
    *,
    by: User | None,
    allowed: frozenset[Any] | None,
    institution: Institution | None,
    mapping: Mapping[str, str] | None,
    dry_run: bool,
    valid_rows_only: bool,
    progress: Progress | None,
    today: datetime.date | None,
) -> ImportResult:
    table = table_read(data, filename, max_bytes=max_upload_bytes())
    columns = list(columns_match(table.header, mapping).items())
    # The cells of a full row are picked in one call; a short row names only what it has.
    names = [name for _, name in columns]
    pick = operator.itemgetter(*(index for index, _ in columns))
    widest = max(index for index, _ in columns)
    lookups = Lookups.build(
        allowed=allowed, default=institution, today=today or timezone.localdate()
    )
    result = ImportResult(header=table.header)
    plan = Plan()
    first_line: dict[str, dict[str, int]] = {}
    done = 0
    pending = iter(table.rows)
    while chunk := list(itertools.islice(pending, CHUNK)):
        rows: list[CheckedRow] = []
        for line, cells in chunk:
            width = len(cells)
            if width > widest:
                raw = dict(zip(names, pick(cells), strict=True))
            else:
                raw = {name: cells[index] for index, name in columns if index < width}
            rows.append(row_check(line, raw, lookups))
            done += 1
            if progress is not None and done % 1000 == 0:
                progress(done)
        _mark_duplicates(rows, first_line)
        known = _known_people([row for row in rows if not row.reasons])
        _plan(rows, known, allowed, result, plan)
        for row, (_line, cells) in zip(rows, chunk, strict=True):
            if row.reasons:
                named = dict(zip(table.header, cells, strict=False))
                result.rejected.append(Rejected(row.line, row.reasons, named))
    result.new, result.updated = len(plan.new), len(plan.updates)
    if dry_run or (result.rejected and not valid_rows_only):
        return result
    with (
        roomy_page_cache(),
        transaction.atomic(),
        foreign_keys_checked_per_statement(Person, PersonSensitive),
        background_writes(),
    ):
        people_bulk_insert(rows=plan.new_people(), by=by)
        _apply_updates(plan.updates, by=by)
        audit_append(
            action="people.import",
            actor_id=by.pk if by else None,
            model="people.person",
            details={"file": filename[:200], **result.counts},
        )
    result.applied = True
    return result


def _drain(items: list[T]) -> Iterator[T]:
    """Hand items over in order, letting each go once taken (a large import's memory)."""
    items.reverse()
    while items:
        yield items.pop()


@dataclass
class Update:
    """A known person, what the row changes, and their sensitive record (if any)."""

    row: CheckedRow
    person: Person
    changes: dict[str, Any]
    sensitive: PersonSensitive | None


@dataclass
class Plan:
    """What the write will do: new people and updates.

    A new person is kept as the names of their checked fields (one tuple shared by every
    row with the same fields), their values and their sex: a dict per row cost three
    times the memory, and a large file holds a hundred thousand of them until the write.
    """

    new: list[tuple[tuple[str, ...], tuple[Any, ...], str]] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    _names: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)

    def add_new(self, row: CheckedRow) -> None:
        """Keep a new person's values until the write."""
        names = tuple(row.values)
        names = self._names.setdefault(names, names)
        self.new.append((names, tuple(row.values.values()), row.sex))

    def new_people(self) -> Iterator[tuple[dict[str, Any], str]]:
        """The new people's values and sex, each let go once taken."""
        for names, values, sex in _drain(self.new):
            yield dict(zip(names, values, strict=True)), sex


def _plan(
    rows: list[CheckedRow],
    known: dict[tuple[str, str], Person],
    allowed: frozenset[Any] | None,
    result: ImportResult,
    plan: Plan,
) -> None:
    """Sort the valid rows into new and changed people; count the unchanged; mark conflicts."""
    matched = {person.pk for person in known.values()}
    sensitive = (
        {
            record.person_id: record
            for record in PersonSensitive.objects.filter(person_id__in=matched)
        }
        if matched
        else {}
    )
    for row in rows:
        if row.reasons:
            continue
        if not known:  # nobody in this chunk is registered yet: the common case
            plan.add_new(row)
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
            plan.add_new(row)
        else:
            record = sensitive.get(person.pk)
            changes = _changes(person, row.values)
            if changes or (row.sex and (record is None or record.sex != row.sex)):
                plan.updates.append(Update(row, person, changes, record))
            else:
                result.unchanged += 1


def _apply_updates(updates: list[Update], *, by: User | None) -> None:
    """Write the known people's changes and their sex, where given, in bulk.

    Every value was checked with its row, as for new people; each record still gets its
    own journal entry, and each kind of change one audit entry with the count.
    """
    people_bulk_update(
        changes=[(update.person, update.changes) for update in updates if update.changes],
        sexes=[
            (update.person, update.sensitive, update.row.sex)
            for update in updates
            if update.row.sex
        ],
        by=by,
    )
