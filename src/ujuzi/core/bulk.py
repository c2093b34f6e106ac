"""Fast multi-row inserts for bulk paths (imports, the demo loader, journaling in bulk).

Django's ``bulk_create`` spends most of its time compiling SQL for every row; with
hundreds of thousands of rows that dominates. Here each column's conversion to the
database's form is chosen once per model, the statement is built once, and rows go to
the driver with ``executemany``. Callers pass already-validated objects.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from django.db import connections, models

Converter = Callable[[Any], Any] | None
# Keep IN (...) lists below SQLite's default limit of 32,766 bound variables.
MAX_IN_LIST = 10_000
BULK_CACHE_MIB = 192
ROWS_PER_STATEMENT = 100  # a journal row has 9 values: 900 a statement, far below it
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
        with connection.execute_wrapper(queued_first):
            yield
            writer.drain()
    finally:
        del active[database]
        writer.stop()


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
        self.converters = [_converter(field, database) for field in self.fields]
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
        # PostgreSQL pays a round trip per statement: rows stream in with COPY there.
        # SQLite runs in-process, where executemany of one prepared statement is fastest.
        self.uses_copy = connections[database].vendor == "postgresql"
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        # Except into a table whose key SQLite numbers itself (AUTOINCREMENT, such as the
        # journal's sequence): it updates that counter once per statement, so there rows
        # go ROWS_PER_STATEMENT to a statement (about a quarter faster a row).
        numbered = not include_pk and isinstance(model._meta.pk, models.AutoField)
        self.rows_per_statement = ROWS_PER_STATEMENT if numbered and not self.uses_copy else 1
        # The driver's own marks, for its cursor (Django's turns %s into ? on SQLite).
        sqlite_marks = "(" + ", ".join(["?"] * len(self.fields)) + ")"
        self.one_sqlite = self.prefix + sqlite_marks
        self.many_sqlite = self.prefix + ", ".join([sqlite_marks] * self.rows_per_statement)

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
            with cursor.copy(self.copy_sql) as copy:
                for row in batch:
                    copy.write_row(row)
            return
        step = self.rows_per_statement
        whole = len(batch) - len(batch) % step if step > 1 else 0
        for start in range(0, whole, step):
            cursor.execute(self.many_sqlite, list(chain.from_iterable(batch[start : start + step])))
        if whole < len(batch):
            cursor.executemany(self.one_sqlite, batch[whole:])

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
