"""`manage.py issue_token NAME [--expires-days N] [--name LABEL] | --revoke [PREFIX]`.

The token is printed once and only its hash is stored: keep it somewhere safe
or revoke it and issue another.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts.models import ApiToken, User
from accounts.tokens import issue_token, revoke_tokens
from audit.context import cli_context

DEFAULT_EXPIRES_DAYS = 90


class Command(BaseCommand):
    help = "Issue an API token for a user (printed once), or revoke tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="A label for the token.")
        parser.add_argument(
            "--expires-days",
            type=int,
            default=DEFAULT_EXPIRES_DAYS,
            help=f"Days until expiry (default {DEFAULT_EXPIRES_DAYS}; 0 = never).",
        )
        parser.add_argument(
            "--revoke",
            nargs="?",
            const="all",
            metavar="PREFIX",
            help="Revoke the token with this prefix, or all of the user's tokens.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no such user: {options['username']}")
        with cli_context("issue_token"):
            if options["revoke"]:
                self._revoke(user, options["revoke"])
                return
            self._issue(user, options["name"], options["expires_days"])

    def _issue(self, user: User, name: str, expires_days: int) -> None:
        if expires_days < 0:
            raise CommandError("--expires-days must be 0 or more")
        issued = issue_token(user, name, expires_days or None)
        expires_at = issued.token.expires_at
        expiry = f"expires {expires_at:%Y-%m-%d}" if expires_at else "never expires"
        # Only the token on stdout, so `TOKEN=$(manage.py issue_token x)` works.
        self.stdout.write(issued.plaintext)
        self.stderr.write(f"token {issued.token.prefix} for {user.username}, {expiry}")

    def _revoke(self, user: User, which: str) -> None:
        tokens = ApiToken.objects.filter(user=user)
        if which != "all":
            tokens = tokens.filter(prefix=which)
            if not tokens.exists():
                raise CommandError(f"{user.username} has no token {which}")
        count = revoke_tokens(tokens)
        self.stdout.write(f"revoked {count} token(s) of {user.username}")
