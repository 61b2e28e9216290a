"""Permission rules for the role homes (/home/).

Every signed-in role has a home and its own notifications; the public is
sent to the dashboard (302), which stays its front page, or to the log-in.
"""

from __future__ import annotations

from typing import Any

from tests.permission_rules import LOGIN, OK, REDIRECT, Case, World, each

#: Everyone signed in has their own notifications; the public logs in first.
OWN = each(LOGIN, OK, OK, OK, OK)
OWN_POST = each(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT)


def _mail_off(world: World) -> dict[str, Any]:
    return {"mail": "off"}


WEB_RULES: dict[str, list[Case]] = {
    "home:index": [Case(each(REDIRECT, OK, OK, OK, OK))],
    "home:notifications": [Case(OWN)],
    "home:notification_read": [Case(OWN_POST, method="post")],
    "home:notification_mail": [Case(OWN_POST, method="post", data=_mail_off)],
}

API_RULES: dict[str, list[Case]] = {}


def build(world: World) -> None:
    """The homes read what the world already has; nothing to add."""
