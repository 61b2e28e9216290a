"""Tell people about the steps that concern them: in the app and by e-mail.

Signal receivers (home/signals.py) call :func:`notify` when a report is
submitted, returned or accepted, when an evaluation opens, closes or is
published, when a reviewer is assigned, and when a 事業評価書 is published;
so the web pages, the API and the commands all notify alike. The rows are
written in the caller's transaction; the mails go after it commits (one
message per recipient, so addresses are not shared), and a failing mail
server is logged, never turned into a failed workflow step.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from home.models import MailOptOut, Notification

__all__ = ["notify"]

log = logging.getLogger(__name__)


def notify(users: Iterable[Any], subject: str, body: str, url: str = "") -> int:
    """Notify each active user once; returns how many were notified."""
    people = {u.pk: u for u in users if u.pk and u.is_active}
    if not people:
        return 0
    Notification.objects.bulk_create(
        Notification(user_id=pk, subject=subject, body=body, url=url) for pk in people
    )
    opted_out = set(
        MailOptOut.objects.filter(user_id__in=people).values_list("user_id", flat=True)
    )
    emails = sorted(
        {u.email for pk, u in people.items() if u.email and pk not in opted_out}
    )
    if emails:
        text = f"{body}\n\n{url}" if url else body
        transaction.on_commit(lambda: _mail(subject, text, emails))
    return len(people)


def _mail(subject: str, body: str, emails: list[str]) -> None:
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [e]) for e in emails]
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # noqa: BLE001 - the step is done; a lost mail is logged
        log.exception(
            "notification mail failed: %s (%d recipients)", subject, len(emails)
        )
