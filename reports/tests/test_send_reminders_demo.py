"""send_reminders on the demo data: its FY2005 drafts are long overdue.

A module of its own: the demo data set is loaded once per module, and the
persona tests of test_send_reminders.py must not see its overdue reports.
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail
from django.core.management import call_command

from accounts.models import User

TOKYO = ZoneInfo("Asia/Tokyo")


def _run() -> None:
    call_command("send_reminders", stdout=io.StringIO())


def test_the_demo_data_s_overdue_reports_are_reminded_once_then_after_n_days(
    demo: None,
) -> None:
    """On the demo data (FY2005 drafts long overdue), with addresses given to
    the demo log-ins: each overdue reminder goes out once, again N days later."""
    User.objects.filter(username="sapporo").update(email="sapporo@example.jp")
    User.objects.filter(username="officer").update(email="officer@example.jp")

    with time_machine.travel(datetime(2026, 12, 2, 9, tzinfo=TOKYO)):
        _run()
        first = len(mail.outbox)
        _run()
    assert first >= 2  # sapporo's own report, and the officers' escalation
    assert len(mail.outbox) == first
    assert {"sapporo@example.jp", "officer@example.jp"} <= {
        m.to[0] for m in mail.outbox
    }

    with time_machine.travel(datetime(2026, 12, 5, 9, tzinfo=TOKYO)):
        _run()
    assert len(mail.outbox) == first

    with time_machine.travel(datetime(2026, 12, 9, 9, tzinfo=TOKYO)):
        _run()
    assert len(mail.outbox) == 2 * first
