"""manage.py send_reminders: the reminder schedule (safe to run often, e.g. daily
from cron or a systemd timer; see docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from reports.reminders import (
    ESCALATE_AFTER_DAYS,
    OFFICER_DAYS,
    OVERDUE_EVERY_DAYS,
    kind_label,
    send_reminders,
)


class Command(BaseCommand):
    help = (
        "提出期限の7日前と当日、期限を過ぎてからは一定日数ごとに地域の担当者へ、"
        "期限超過が続く報告と提出から一定日数を過ぎた報告について担当官へ"
        "リマインダーを送ります。同じリマインダーは二度送りません。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--officer-days",
            type=int,
            default=OFFICER_DAYS,
            help="remind officers of reports submitted more than N days ago",
        )
        parser.add_argument(
            "--every-days",
            type=int,
            default=OVERDUE_EVERY_DAYS,
            help="while a report is overdue, remind its region every N days",
        )
        parser.add_argument(
            "--escalate-after",
            type=int,
            default=ESCALATE_AFTER_DAYS,
            help="tell the officers about reports overdue by N days or more",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders(
            timezone.localdate(),
            options["officer_days"],
            every_days=options["every_days"],
            escalate_after=options["escalate_after"],
        )
        for reminder in sent:
            self.stdout.write(f"{kind_label(reminder.kind)}: {reminder.report}")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
