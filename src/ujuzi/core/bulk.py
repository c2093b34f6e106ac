"""Fast multi-row inserts for bulk paths (imports, the demo loader, journaling in bulk).

Django's ``bulk_create`` spends most of its time compiling SQL for every row; with
hundreds of thousands of rows that dominates. Here each column's conversion to the
database's form is chosen once per model, the statement is built once, and rows go to
the driver many to a statement (SQLite) or in a COPY (PostgreSQL, ``bulk_copy``). Callers
pass already-validated objects.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

import uuid_utils
from django.db import connections, models

from ujuzi.core.bulk_copy import CopyWriter, as_uuid, binary_copy_types

Converter = Callable[[Any], Any] | None
# Keep IN (...) lists below SQLite's default limit of 32,766 bound variables.
MAX_IN_LIST = 10_000
BULK_CACHE_MIB = 192
# Rows per INSERT on SQLite, fewer when the columns would pass its bound-variable limit.
ROWS_PER_STATEMENT = 500
# While a thread writes batches, the interpreter hands it the lock at least this often.
SWITCH_SECONDS = 0.0005
_PLAIN = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "EmailField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
    "BinaryField",
}


@contextlib.contextmanager
def roomy_page_cache(database: str = "default", mebibytes: int = BULK_CACHE_MIB) -> Iterator[None]:
    """Let SQLite keep a large write transaction's pages in memory while it runs.

    With its default 2 MiB page cache, SQLite writes pages out to the WAL in the middle of
    a bulk transaction and reads them back as the next rows land on them; holding them
    until the commit cut a 100,000-person import's database time by about a quarter. The
    cache grows only as pages are used, and goes back to its size afterwards.
    PostgreSQL needs nothing here.
    """
    connection = connections[database]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-int(mebibytes) * 1024}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


class _BackgroundWriter:
    """One thread that writes a connection's insert batches, in order, while the caller goes on.

    The database's own work on a batch (PostgreSQL ingesting a COPY, SQLite updating a
    table and its indexes: both drivers let go of the interpreter lock meanwhile) then
    overlaps the building of the next one, on the second core. The thread uses the
    caller's own connection, in the caller's transaction; every query the caller makes
    through Django first waits for the queued batches, so it sees them and never runs
    alongside one, and the first failure is raised in the caller at its next write or
    query (or when the block ends), so the transaction rolls back as before.
    """

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.raw = connection.connection
        # Two batches queued at most: memory stays that of a few batches.
        self.jobs: queue.Queue[tuple[Callable[[Any, Any], None], Any] | None] = queue.Queue(
            maxsize=2
        )
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="ujuzi-bulk-write", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    return
                if self.error is None:  # after a failure the rest is skipped
                    write, batch = job
                    cursor = self.raw.cursor()
                    try:
                        write(cursor, batch)
                    finally:
                        cursor.close()
            except BaseException as error:  # handed to the caller
                self.error = error
            finally:
                self.jobs.task_done()

    def put(self, write: Callable[[Any, Any], None], batch: Any) -> None:
        """Queue ``write(driver cursor, batch)``; waits while two batches are queued."""
        self.raise_error()
        self.jobs.put((write, batch))

    def drain(self) -> None:
        """Wait until every queued batch is in; raise the first failure, if any."""
        self.jobs.join()
        self.raise_error()

    def raise_error(self) -> None:
        if self.error is not None:
            # As Django's own cursor would: a refused row is an IntegrityError.
            with self.connection.wrap_database_errors:
                raise self.error

    def stop(self) -> None:
        self.jobs.put(None)
        self.thread.join()


_background = threading.local()
_switching = threading.Lock()
_switch_state = {"writers": 0, "before": 0.0}  # writers running; the interval before them


@contextlib.contextmanager
def _quick_switching() -> Iterator[None]:
    """Hand the interpreter lock between threads every half millisecond instead of every 5.

    The writer thread needs the lock for a moment between two statements (to bind the next
    rows), and the main thread, busy building batches, gives it up only when the
    interpreter asks it to: by default after 5 ms. The writer then sat idle for most of
    each wait and the two threads took turns rather than working together. The shorter
    interval holds while any writer runs, and the previous one comes back after the last.
    """
    with _switching:
        if not _switch_state["writers"]:
            _switch_state["before"] = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_SECONDS, _switch_state["before"]))
        _switch_state["writers"] += 1
    try:
        yield
    finally:
        with _switching:
            _switch_state["writers"] -= 1
            if not _switch_state["writers"]:
                sys.setswitchinterval(_switch_state["before"])


@contextlib.contextmanager
def background_writes(database: str = "default") -> Iterator[None]:
    """Let ``BulkInserter`` write its batches from a thread while the caller goes on.

    Use inside the caller's transaction (``with transaction.atomic(), background_writes():``)
    so that every batch is in before the commit, and a failure rolls the transaction back.
    Nested use, and other threads, write as they come.
    """
    connection = connections[database]
    active: dict[str, _BackgroundWriter] = _background.__dict__.setdefault("writers", {})
    if database in active or not connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    writer = _BackgroundWriter(connection)

    def queued_first(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        writer.drain()
        return execute(sql, params, many, context)

    active[database] = writer
    try:
        with _quick_switching(), connection.execute_wrapper(queued_first):
            yield
            writer.drain()
    finally:
        del active[database]
        writer.stop()


_NEW_UUID = object.__new__
_SET = object.__setattr__
_UNKNOWN = uuid.SafeUUID.unknown


def new_keys(count: int) -> list[uuid.UUID]:
    """``count`` new UUIDv7 keys, as ``ujuzi.core.ids.uuid7`` makes them, for bulk writes.

    ``uuid.UUID(bytes=...)`` checks its argument in Python, about 3 µs a key, and an
    import makes two keys for each person. Here each key's integer comes from
    ``uuid_utils`` as before and is set on the standard type directly, as the standard
    library's own ``UUID._from_int`` does (Python 3.14); the result is an ordinary
    ``uuid.UUID``, equal, hashed and pickled like any other.
    """
    make = uuid_utils.uuid7
    keys = []
    for _ in range(count):
        key = _NEW_UUID(uuid.UUID)
        _SET(key, "int", make().int)
        _SET(key, "is_safe", _UNKNOWN)
        keys.append(key)
    return keys


def _converter(field: models.Field[Any, Any], database: str) -> Converter:
    """How one column's Python value becomes the value the driver takes."""
    connection = connections[database]
    target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]
    kind = target.get_internal_type()
    if kind in _PLAIN:
        return None
    if kind == "UUIDField":
        if connection.features.has_native_uuid_field:
            return None
        return _uuid_hex
    if kind == "DateTimeField":
        return _repeats_converted_once(connection.ops.adapt_datetimefield_value)
    if kind == "DateField":
        return connection.ops.adapt_datefield_value
    return lambda value: field.get_db_prep_save(value, connection)


def _rows_per_statement(database: str, columns: int) -> int:
    """How many rows of ``columns`` values one SQLite INSERT takes (its variable limit)."""
    connection = connections[database]
    connection.ensure_connection()
    limit = int(connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return max(1, min(ROWS_PER_STATEMENT, limit // max(1, columns)))


def _uuid_hex(value: Any) -> Any:
    return value.hex if type(value) is uuid.UUID else value


def db_converter(field: models.Field[Any, Any], database: str = "default") -> Converter:
    """How a value of ``field`` becomes the driver's value (``None``: it goes as it is).

    For callers that build rows already in the database's form, such as the journal's
    pre-encoded JSON, and pass them with ``converted=True``.
    """
    return _converter(field, database)


def _repeats_converted_once(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Rows written together often share one timestamp (a chunk's ``created_at``).

    Adapting a datetime costs several microseconds on SQLite (time zone, ISO text), so the
    last value and its adaptation are kept and reused while the same object comes again.
    """
    last: list[Any] = [object(), None]

    def converted(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return converted


class BulkInserter:
    """Inserts objects of one model with a statement prepared once."""

    def __init__(
        self, model: type[models.Model], database: str = "default", include_pk: bool = True
    ) -> None:
        self.fields = [
            field for field in model._meta.concrete_fields if include_pk or not field.primary_key
        ]
        self.attnames = [field.attname for field in self.fields]
        # PostgreSQL pays a round trip per statement: rows stream in with COPY there.
        self.uses_copy = connections[database].vendor == "postgresql"
        # Binary COPY where every column allows it: the server then parses no text (keys,
        # numbers, timestamps, hex bytes) and psycopg formats about half as much.
        self.copy_types = binary_copy_types(self.fields, database) if self.uses_copy else None
        self.converters = [_converter(field, database) for field in self.fields]
        if self.copy_types is not None:  # binary keys must be UUIDs, not their text
            for index, name in enumerate(self.copy_types):
                if name == "uuid":
                    self.converters[index] = as_uuid
        # Only the columns that need converting are visited for each row.
        self.converting = [
            (index, convert) for index, convert in enumerate(self.converters) if convert
        ]
        quote = connections[database].ops.quote_name
        columns = ", ".join(quote(field.column) for field in self.fields)
        # Names come from the model's own metadata, quoted by the backend; values are bound.
        table = quote(model._meta.db_table)
        self.prefix = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
        self.database = database
        self.copy = CopyWriter(table, columns, self.copy_types)
        self.copy_sql = self.copy.sql
        # Rows go up to ROWS_PER_STATEMENT to a statement: SQLite then checks and finishes
        # each statement (and updates an AUTOINCREMENT counter, such as the journal's
        # sequence) once for many rows, about a quarter faster a row than executemany, and a
        # writer thread needs the interpreter lock once per statement rather than per row.
        self.rows_per_statement = (
            1 if self.uses_copy else _rows_per_statement(database, len(self.fields))
        )
        # The driver's own marks, for its cursor (Django's turns %s into ? on SQLite).
        self.sqlite_marks = "(" + ", ".join(["?"] * len(self.fields)) + ")"
        self.one_sqlite = self.prefix + self.sqlite_marks
        self.many_sqlite = self.prefix + ", ".join([self.sqlite_marks] * self.rows_per_statement)

    def _write(self, cursor: Any, batch: list[Sequence[Any]]) -> None:
        writer = getattr(_background, "writers", {}).get(self.database)
        if writer is not None:
            writer.put(self._write_raw, batch)
            return
        # The driver's own cursor: its errors are turned into Django's here, so that a
        # refused row raises IntegrityError on both databases.
        with connections[self.database].wrap_database_errors:
            self._write_raw(cursor.cursor, batch)

    def _write_raw(self, cursor: Any, batch: list[Sequence[Any]]) -> None:
        """Write one batch through the driver's cursor (``?`` marks on SQLite)."""
        if self.uses_copy:
            self.copy.write(cursor, batch)
            return
        step = self.rows_per_statement
        if step == 1:
            cursor.executemany(self.one_sqlite, batch)
            return
        whole = len(batch) - len(batch) % step
        for start in range(0, whole, step):
            cursor.execute(
                self.many_sqlite, tuple(chain.from_iterable(batch[start : start + step]))
            )
        rest = batch[whole:]
        if len(rest) > 1:  # the last rows in one statement of their own
            marks = ", ".join([self.sqlite_marks] * len(rest))
            cursor.execute(self.prefix + marks, tuple(chain.from_iterable(rest)))
        elif rest:
            cursor.execute(self.one_sqlite, rest[0])

    def row(self, values: Sequence[Any]) -> tuple[Any, ...]:
        """Convert one row given in field order.

        A tuple: SQLite's driver binds a tuple's values noticeably faster than a list's.
        """
        if len(values) != len(self.fields):
            raise ValueError(f"{len(values)} values for {len(self.fields)} columns")
        converted = list(values)
        for index, convert in self.converting:
            value = converted[index]
            if value is not None:
                converted[index] = convert(value)
        return tuple(converted)

    def insert_objects(self, objects: Iterable[models.Model], batch_size: int = 5000) -> int:
        """Insert model instances (their defaults already applied by the constructor)."""
        rows = (self.row([getattr(obj, name) for name in self.attnames]) for obj in objects)
        return self.insert_rows(rows, batch_size, converted=True)

    def insert_rows(
        self, rows: Iterable[Sequence[Any]], batch_size: int = 5000, converted: bool = False
    ) -> int:
        """Insert rows given as value sequences in field order."""
        count = 0
        batch: list[Sequence[Any]] = []
        with connections[self.database].cursor() as cursor:
            for values in rows:
                batch.append(values if converted else self.row(values))
                if len(batch) >= batch_size:
                    self._write(cursor, batch)
                    count += len(batch)
                    batch = []
            if batch:
                self._write(cursor, batch)
                count += len(batch)
        return count
