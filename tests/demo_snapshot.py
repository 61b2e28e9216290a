"""The demo data set for tests: built by `load_demo` once per database, replayed after.

`load_demo` costs about ten seconds of CPU, and about a hundred test modules and
tests per database need its result. The first call in a test process runs the
real command and records, table by table, the rows it added; every later call on
the same database in the same base state inserts those rows again (SQLite: one
`executemany` per table; PostgreSQL: `COPY`), which takes a fraction of a second.

The replay is exact: rows are copied as the database stored them (ids,
timestamps, JSON), foreign keys are checked at commit as Django declares them
deferrable, and PostgreSQL's sequences are moved past the copied ids. Tables
whose existing rows the command changes (the prefectures' policy-outline years)
are rewritten whole. When the
database is not in the state the recording started from (a test wrote rows
first, or a flush recreated content types with new ids), the real command runs
instead, so a replay can never hide a difference. `demo/tests/test_load_demo.py`
keeps exercising the command itself.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = ["install_demo"]

#: A table's rows as the database returns them: COPY lines on PostgreSQL,
#: tuples of raw values on SQLite.
Rows = list[Any]


@dataclass(frozen=True)
class _Recording:
    """What `load_demo` added to a database in a known base state."""

    base_digest: str
    #: Tables where the command only added rows: those rows.
    added: dict[str, tuple[list[str], Rows]]
    #: Tables where it also changed rows (the reference data it completes):
    #: their whole content afterwards.
    replaced: dict[str, tuple[list[str], Rows]]


#: One recording per (vendor, database name) in this process.
_RECORDINGS: dict[tuple[str, str], _Recording] = {}


def install_demo(using: str = "default") -> None:
    """Put the demo data set into the database, as `manage.py load_demo` does."""
    connection = connections[using]
    key = (connection.vendor, str(connection.settings_dict["NAME"]))
    with transaction.atomic(using=using):
        before = _dump(connection)
        recording = _RECORDINGS.get(key)
        if recording is not None and recording.base_digest == _digest(before):
            _replay(connection, recording)
            return
        call_command("load_demo", verbosity=0)
        if key not in _RECORDINGS:
            _RECORDINGS[key] = _record(before, _dump(connection))


def _tables(connection: BaseDatabaseWrapper) -> list[tuple[str, list[str]]]:
    """Every model table (auto-created many-to-many ones too) with its columns."""
    existing = set(connection.introspection.table_names())
    seen: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.managed and table in existing and table not in seen:
            seen[table] = [field.column for field in model._meta.local_concrete_fields]
    return sorted(seen.items())


def _dump(connection: BaseDatabaseWrapper) -> dict[str, tuple[list[str], Rows]]:
    quote = connection.ops.quote_name
    dumped: dict[str, tuple[list[str], Rows]] = {}
    with connection.cursor() as cursor:
        for table, columns in _tables(connection):
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                sql = f"COPY (SELECT {names} FROM {quote(table)}) TO STDOUT"
                with cursor.cursor.copy(sql) as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                rows: Rows = data.splitlines()
            else:
                cursor.execute(f"SELECT {names} FROM {quote(table)}")
                rows = list(cursor.fetchall())
            dumped[table] = (columns, rows)
    return dumped


def _digest(dumped: dict[str, tuple[list[str], Rows]]) -> str:
    digest = hashlib.sha256()
    for table, (columns, rows) in dumped.items():
        digest.update(repr((table, columns, sorted(map(repr, rows)))).encode())
    return digest.hexdigest()


def _record(
    before: dict[str, tuple[list[str], Rows]], after: dict[str, tuple[list[str], Rows]]
) -> _Recording:
    """The rows `load_demo` added, and the tables whose rows it changed."""
    added: dict[str, tuple[list[str], Rows]] = {}
    replaced: dict[str, tuple[list[str], Rows]] = {}
    for table, (columns, rows) in after.items():
        old = Counter(before.get(table, (columns, []))[1])
        new = Counter(rows)
        if old - new:
            replaced[table] = (columns, rows)
        elif extra := new - old:
            added[table] = (columns, [row for row in rows if _take(extra, row)])
    return _Recording(base_digest=_digest(before), added=added, replaced=replaced)


def _take(remaining: Counter[Any], row: Any) -> bool:
    if remaining[row] > 0:
        remaining[row] -= 1
        return True
    return False


def _replay(connection: BaseDatabaseWrapper, recording: _Recording) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in recording.replaced:
            cursor.execute(f"DELETE FROM {quote(table)}")
        inserts = recording.added | recording.replaced
        for table, (columns, rows) in inserts.items():
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                sql = f"COPY {quote(table)} ({names}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    copy.write(b"\n".join(rows) + b"\n")
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows
                )
        if connection.vendor == "postgresql":
            models = [
                model
                for model in apps.get_models(include_auto_created=True)
                if model._meta.db_table in inserts
            ]
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
