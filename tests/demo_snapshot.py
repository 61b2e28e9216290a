"""The demo data set for tests: built by `load_demo` once per database, restored after.

`load_demo` costs about ten seconds of CPU, and about a hundred test modules and
tests per database need its result. The first time a test process needs it on
a freshly migrated test database, the real command runs and the content of
every model table is recorded; every later call makes the tables hold exactly
that content again (delete, then SQLite `executemany` or PostgreSQL `COPY`),
which takes a fraction of a second. It is a template database in rows: like
`CREATE DATABASE … TEMPLATE`, but it also works inside a test's transaction
and on SQLite.

The restore is exact: rows are copied as the database stored them (ids,
timestamps, JSON); foreign keys are checked at commit as Django declares them
deferrable; PostgreSQL's sequences are moved past the copied ids; content types
come back with their recorded ids, so the process's ContentType cache is
cleared. A first load from any other state (a test wrote rows first) is not
recorded. `demo/tests/test_load_demo.py` keeps exercising the command itself,
and `tests/test_demo_snapshot.py` checks that a restore equals a load.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

__all__ = ["install_demo", "remember_pristine"]

#: A table's rows as the database returns them: COPY lines on PostgreSQL,
#: tuples of raw values on SQLite.
Rows = list[Any]


#: The whole content of every model table after `load_demo` ran on the
#: freshly migrated test database, per (vendor, database name).
_RECORDINGS: dict[tuple[str, str], dict[str, tuple[list[str], Rows]]] = {}
#: Digest of each test database as migrated, before any test wrote to it.
_PRISTINE: dict[tuple[str, str], str] = {}


def remember_pristine(using: str = "default") -> None:
    """Note the freshly migrated state: only a load from it is recorded."""
    connection = connections[using]
    _PRISTINE[_key(connection)] = _digest(_dump(connection))


def install_demo(using: str = "default") -> None:
    """Put the demo data set into the database, as `manage.py load_demo` does
    on a freshly migrated one."""
    connection = connections[using]
    key = _key(connection)
    with transaction.atomic(using=using):
        if (recording := _RECORDINGS.get(key)) is not None:
            _restore(connection, recording)
            ContentType.objects.clear_cache()
            _trace("replayed")
            return
        pristine = _PRISTINE.get(key) == _digest(_dump(connection))
        call_command("load_demo", verbosity=0)
        _trace("loaded")
        if pristine:
            _RECORDINGS[key] = _dump(connection)


def _key(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    return (connection.vendor, str(connection.settings_dict["NAME"]))


def _trace(what: str) -> None:
    """With CHIIKI_DEMO_TRACE=FILE, one line per install (to see replays work)."""
    if path := os.environ.get("CHIIKI_DEMO_TRACE"):
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {what}\n")


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


def _restore(
    connection: BaseDatabaseWrapper, recording: dict[str, tuple[list[str], Rows]]
) -> None:
    """Make every model table hold exactly the recorded rows."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, (columns, rows) in recording.items():
            cursor.execute(f"DELETE FROM {quote(table)}")
            if not rows:
                continue
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
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
