"""manage.py send_reminders: the daily reminder e-mails (safe to run often)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from reports.reminders import OFFICER_DAYS, send_reminders


class Command(BaseCommand):
    help = (
        "提出期限の7日前と当日に地域の担当者へ、提出から一定日数を過ぎた報告について"
        "担当官へリマインダーを送ります。同じリマインダーは二度送りません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--officer-days",
            type=int,
            default=OFFICER_DAYS,
            help="remind officers of reports submitted more than N days ago",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(timezone.localdate(), options["officer_days"])
        for reminder in sent:
            self.stdout.write(f"{reminder.get_kind_display()}: {reminder.report}")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
