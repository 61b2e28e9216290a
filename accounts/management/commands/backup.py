"""`manage.py backup PATH`: a consistent copy of the database while it runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.backup import BackupError, backup_database, vendor


class Command(BaseCommand):
    help = (
        "Back up the database to PATH: SQLite via the online backup API, "
        "PostgreSQL via pg_dump --format=custom."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            backup_database(path, options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = path.stat().st_size
        self.stdout.write(
            f"{vendor(options['database'])} backup: {path} ({size:,} bytes)"
        )
