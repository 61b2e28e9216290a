"""Back up and restore the whole database, for `manage.py backup` / `restore`.

SQLite uses the online backup API (a consistent copy while the app keeps
running); PostgreSQL uses pg_dump's custom format and pg_restore. Both work
through the Django connection's settings, so the test database is what a
test backs up.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

__all__ = ["BackupError", "backup_database", "restore_database", "vendor"]


class BackupError(Exception):
    """The backup or restore tool failed; the message says why."""


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def backup_database(path: Path, alias: str = "default") -> None:
    """Write a consistent copy of the database to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if vendor(alias) == "sqlite":
        _sqlite_backup(alias, path)
    elif vendor(alias) == "postgresql":
        _pg(alias, ["pg_dump", "--format=custom", "--no-owner", f"--file={path}"])
    else:
        raise BackupError(f"unsupported database: {vendor(alias)}")


def restore_database(path: Path, alias: str = "default") -> None:
    """Replace the database's contents with the backup at ``path``."""
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    if vendor(alias) == "sqlite":
        _sqlite_restore(alias, path)
    elif vendor(alias) == "postgresql":
        _pg(
            alias,
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            dbname_flag=True,
        )
    else:
        raise BackupError(f"unsupported database: {vendor(alias)}")


def _sqlite_connection(alias: str) -> Any:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def _sqlite_backup(alias: str, path: Path) -> None:
    source = _sqlite_connection(alias)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()


def _sqlite_restore(alias: str, path: Path) -> None:
    connection = connections[alias]
    if connection.in_atomic_block:
        raise BackupError("cannot restore inside a transaction")
    source = sqlite3.connect(path)
    try:
        source.backup(_sqlite_connection(alias))
    finally:
        source.close()


def _pg(alias: str, command: list[str], dbname_flag: bool = False) -> None:
    settings = connections[alias].settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    args = [*command[:1], *_pg_connection_args(settings), *command[1:]]
    if dbname_flag:
        args.insert(len(args) - 1, f"--dbname={settings['NAME']}")
    else:
        args.append(settings["NAME"])
    if connections[alias].in_atomic_block and dbname_flag:
        raise BackupError("cannot restore inside a transaction")
    connections[alias].close()  # pg_restore --clean must not wait on our locks
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed")


def _pg_connection_args(settings: dict[str, Any]) -> list[str]:
    args = []
    if settings.get("HOST"):
        args.append(f"--host={settings['HOST']}")
    if settings.get("PORT"):
        args.append(f"--port={settings['PORT']}")
    if settings.get("USER"):
        args.append(f"--username={settings['USER']}")
    return args
