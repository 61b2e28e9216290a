"""`manage.py demo_logins`: where to sign in and with which demo account.

`make run` prints this after loading the demo data. The password is public on
purpose: these accounts exist only in demo databases.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.models import User
from demo.users import DEMO_PASSWORD, DEMO_USERS

DEFAULT_URL = "http://127.0.0.1:8000/"
HEADER = ("ユーザー", "役割", "担当地域", "パスワード")
MISSING = "未作成のユーザーがあります。先に manage.py load_demo を実行してください。"

Row = tuple[str, str, str, str]


class Command(BaseCommand):
    help = "Print the demo log-ins (user, role, regions, password) and the URL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=DEFAULT_URL, help="Where the app runs.")

    def handle(self, *args: Any, **options: Any) -> None:
        users = _demo_users()
        self.stdout.write(f"URL: {options['url']}")
        self.stdout.write(f"管理画面: {options['url']}admin/")
        rows = [HEADER] + [
            _row(spec.username, users.get(spec.username)) for spec in DEMO_USERS
        ]
        for line in _table(rows):
            self.stdout.write(line)
        if len(users) < len(DEMO_USERS):
            self.stdout.write(self.style.WARNING(MISSING))


def _demo_users() -> dict[str, User]:
    names = [spec.username for spec in DEMO_USERS]
    queryset = User.objects.filter(username__in=names).prefetch_related("regions")
    return {user.username: user for user in queryset}


def _row(username: str, user: User | None) -> Row:
    if user is None:
        return (username, "（未作成）", "-", "-")
    regions = ", ".join(region.code for region in user.regions.all()) or "-"
    return (username, str(user.get_role_display()), regions, DEMO_PASSWORD)


def _table(rows: list[Row]) -> list[str]:
    """Columns padded by display width, so Japanese headers line up."""
    widths = [max(_width(row[i]) for row in rows) for i in range(len(HEADER))]
    return [
        "  ".join(
            _pad(cell, width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()
        for row in rows
    ]


def _pad(cell: str, width: int) -> str:
    return cell + " " * (width - _width(cell))


def _width(text: str) -> int:
    """Display width: full-width (East Asian wide) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
