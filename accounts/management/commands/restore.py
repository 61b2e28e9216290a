"""`manage.py restore PATH --yes`: replace the database with a backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.backup import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Replace the whole database with the backup at PATH (made by "
        "`manage.py backup`). Stop the application first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Confirm that the current data may be overwritten.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            raise CommandError("restore overwrites every table: add --yes to confirm")
        try:
            restore_database(options["path"], options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored from {options['path']}")
