"""`manage.py create_user NAME --role officer|region|reviewer [--region CODE]…`."""

from __future__ import annotations

import sys
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import User
from accounts.services import save_user
from audit.context import cli_context


class Command(BaseCommand):
    help = (
        "Create a user, or update an existing one's role and regions. Without "
        "--password-stdin a new user gets a random password, printed once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=User.Role.values)
        parser.add_argument(
            "--region",
            action="append",
            default=[],
            dest="regions",
            metavar="CODE",
            help="Region code (repeat for several); region users only.",
        )
        parser.add_argument("--display-name", default="")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="Read the password from standard input (never from argv).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
        try:
            with cli_context("create_user"):
                result = save_user(
                    options["username"],
                    options["role"],
                    options["regions"],
                    password=password,
                    display_name=options["display_name"],
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        verb = "created" if result.created else "updated"
        user = result.user
        regions = ", ".join(
            user.regions.order_by("code").values_list("code", flat=True)
        )
        self.stdout.write(f"{verb}: {user.username} ({user.role}) {regions}".rstrip())
        if result.generated_password:
            self.stdout.write(f"password (shown once): {result.generated_password}")
