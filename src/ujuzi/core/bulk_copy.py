"""PostgreSQL's side of bulk writes: rows go in a COPY, binary where every column allows it.

``ujuzi.core.bulk.BulkInserter`` prepares one ``CopyWriter`` per model and hands it each
batch; on PostgreSQL a round trip per statement would cost more than the rows.
``foreign_keys_checked_per_statement`` lets each COPY check its own rows as it ends. Nothing
here imports ``ujuzi.core.bulk``, which builds on it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connections, models

# PostgreSQL column types (as Django declares them) that binary COPY writes with
# psycopg's own dumpers, by the name ``Copy.set_types`` takes. A table with any other type
# is copied as text.
_BINARY_TYPES = {
    "uuid": "uuid",
    "bigint": "int8",
    "integer": "int4",
    "smallint": "int2",
    "boolean": "bool",
    "varchar": "varchar",
    "text": "text",
    "bytea": "bytea",
    "date": "date",
    "timestamp with time zone": "timestamptz",
    "jsonb": "jsonb",
    "double precision": "float8",
}


def binary_copy_types(fields: Sequence[models.Field[Any, Any]], database: str) -> list[str] | None:
    """Each column's type for a binary COPY, or None when a column needs text COPY."""
    connection = connections[database]
    types = []
    for field in fields:
        declared = (field.db_type(connection) or "").split("(", 1)[0].strip()
        name = _BINARY_TYPES.get(declared)
        if name is None:
            return None
        types.append(name)
    return types


def _json_text_dumper() -> type[Any]:
    """A psycopg dumper for jsonb columns in binary COPY that also takes JSON already encoded.

    The journal encodes its values itself and hands the text over (as text COPY takes it);
    binary jsonb is a version byte followed by that same text. Django's own ``Jsonb``
    values (a model's JSON field) go through psycopg's dumper as before.
    """
    from psycopg import pq
    from psycopg.adapt import Dumper
    from psycopg.types.json import JsonbBinaryDumper

    class JsonTextBinaryDumper(Dumper):
        format = pq.Format.BINARY
        oid = JsonbBinaryDumper.oid

        def __init__(self, cls: type, context: Any = None) -> None:
            super().__init__(cls, context)
            self._standard = JsonbBinaryDumper(cls, context)

        def dump(self, obj: Any) -> Any:
            if type(obj) is str:
                return b"\x01" + obj.encode()
            return self._standard.dump(obj)

    return JsonTextBinaryDumper


class _JsonText:
    """What the jsonb dumper is registered for (the COPY picks it by the column's type)."""


def as_uuid(value: Any) -> uuid.UUID:
    """A binary COPY's ``uuid`` column takes ``uuid.UUID`` values, not their text."""
    return value if type(value) is uuid.UUID else uuid.UUID(str(value))


class CopyWriter:
    """One table's COPY statement, and the types and dumpers it needs, prepared once."""

    def __init__(self, table: str, columns: str, types: list[str] | None) -> None:
        self.types = types
        self.sql = f"COPY {table} ({columns}) FROM STDIN" + (
            " (FORMAT BINARY)" if types is not None else ""
        )
        self._json_dumper = _json_text_dumper() if types is not None and "jsonb" in types else None

    def write(self, cursor: Any, batch: Sequence[Sequence[Any]]) -> None:
        """Copy one batch of converted rows through the driver's (psycopg's) cursor."""
        if self._json_dumper is not None:  # this cursor's own adapters only
            cursor.adapters.register_dumper(_JsonText, self._json_dumper)
        with cursor.copy(self.sql) as copy:
            if self.types is not None:
                copy.set_types(self.types)
            for row in batch:
                copy.write_row(row)


@contextlib.contextmanager
def foreign_keys_checked_per_statement(
    *tables: type[models.Model], database: str = "default"
) -> Iterator[None]:
    """On PostgreSQL, check these models' foreign keys as each statement ends, not at commit.

    Django declares foreign keys ``DEFERRABLE INITIALLY DEFERRED``, so a bulk write's
    checks (two or three a person) all wait for the commit and run there one after the
    other, a fifth of the server's work on an import, while nothing else can happen. Made
    immediate, each COPY checks its own rows while the main thread builds the next batch.
    The rows must then come parents first, as bulk writes insert them. Use inside the
    caller's transaction and around ``background_writes``; the constraints are deferred
    again afterwards (a failure rolls the setting back with the transaction). SQLite
    looks each parent up as the row goes in anyway, and needs nothing here.
    """
    connection = connections[database]
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE contype = 'f' AND condeferred"
            " AND conrelid = ANY(%s::regclass[]) ORDER BY conname",
            [[quote(model._meta.db_table) for model in tables]],
        )
        names = [row[0] for row in cursor.fetchall()]
    if not names:
        yield
        return
    listed = ", ".join(quote(name) for name in names)  # the database's own names, quoted
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {listed} IMMEDIATE")
    yield  # after a failure the transaction (or its savepoint) undoes the setting
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {listed} DEFERRED")
