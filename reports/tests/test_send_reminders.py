"""manage.py send_reminders: due-date and awaiting-review mails, each once."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from accounts.models import User
from reports.choices import ReportStatus
from reports.models import Reminder
from tests.base import Personas, make_personas
from tests.factories import make_report, make_user

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def p() -> Personas:
    personas = make_personas()
    User.objects.filter(pk=personas.region_user.pk).update(email="bob@example.jp")
    User.objects.filter(pk=personas.officer.pk).update(email="alice@example.jp")
    User.objects.filter(pk=personas.outsider.pk).update(email="dave@example.jp")
    return personas


def _run() -> None:
    call_command("send_reminders", stdout=io.StringIO())


def test_it_reminds_region_staff_seven_days_before_and_on_the_due_date(
    p: Personas,
) -> None:
    report = make_report(region=p.region, due_date=date(2005, 6, 30))

    with time_machine.travel(datetime(2005, 6, 23, 9, tzinfo=TOKYO)):
        _run()
        _run()
    assert [m.to for m in mail.outbox] == [["bob@example.jp"]]
    assert "7日" in mail.outbox[0].subject

    with time_machine.travel(datetime(2005, 6, 30, 9, tzinfo=TOKYO)):
        _run()
        _run()
    assert len(mail.outbox) == 2
    assert "本日" in mail.outbox[1].subject
    kinds = set(Reminder.objects.filter(report=report).values_list("kind", flat=True))
    assert kinds == {Reminder.Kind.DUE_SOON, Reminder.Kind.DUE_TODAY}


def test_it_does_not_remind_about_submitted_reports_or_other_days(
    p: Personas,
) -> None:
    make_report(
        region=p.region, due_date=date(2005, 6, 30), status=ReportStatus.SUBMITTED
    )
    make_report(region=p.other_region, due_date=date(2005, 6, 29))

    with time_machine.travel(datetime(2005, 6, 23, 9, tzinfo=TOKYO)):
        _run()

    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_it_reminds_officers_of_reports_waiting_too_long(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)
    version = report.current_version
    version.submitted_at = datetime(2005, 6, 1, 10, tzinfo=TOKYO)
    version.save()
    make_user(User.Role.OFFICER, email="")  # no address: skipped

    with time_machine.travel(datetime(2005, 6, 10, 9, tzinfo=TOKYO)):
        _run()
    assert mail.outbox == []

    with time_machine.travel(datetime(2005, 6, 20, 9, tzinfo=TOKYO)):
        _run()
        _run()
    assert [m.to for m in mail.outbox] == [["alice@example.jp"]]
    assert Reminder.objects.get().kind == Reminder.Kind.AWAITING_REVIEW


def test_it_takes_the_officer_days_option(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.SUBMITTED)
    version = report.current_version
    version.submitted_at = datetime(2005, 6, 1, 10, tzinfo=TOKYO)
    version.save()

    with time_machine.travel(datetime(2005, 6, 5, 9, tzinfo=TOKYO)):
        call_command("send_reminders", "--officer-days", "2", stdout=io.StringIO())

    assert len(mail.outbox) == 1


def test_overdue_reports_are_reminded_every_n_days_and_escalated(
    p: Personas,
) -> None:
    """The schedule after the due date: again N days after the last one,
    officers from the escalation day on; two runs on one day send nothing twice."""
    make_report(region=p.region, due_date=date(2005, 6, 30))

    with time_machine.travel(datetime(2005, 7, 1, 9, tzinfo=TOKYO)):
        _run()
        _run()
    assert [m.to for m in mail.outbox] == [["bob@example.jp"]]
    assert "過ぎています" in mail.outbox[0].subject

    with time_machine.travel(datetime(2005, 7, 7, 9, tzinfo=TOKYO)):
        _run()  # six days after the last one
    assert len(mail.outbox) == 1

    with time_machine.travel(datetime(2005, 7, 8, 9, tzinfo=TOKYO)):
        _run()  # seven days after: the second
        _run()
    assert [m.to for m in mail.outbox[1:]] == [["bob@example.jp"]]

    with time_machine.travel(datetime(2005, 7, 15, 9, tzinfo=TOKYO)):
        _run()  # 15 days late: the third, and the officers hear of it
        _run()
    assert sorted(m.to[0] for m in mail.outbox[2:]) == [
        "alice@example.jp",
        "bob@example.jp",
    ]
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert kinds == {"overdue#0", "overdue#1", "overdue#2", "escalated#0"}
