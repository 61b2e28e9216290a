"""Notifications: in the app and by e-mail, delivered to a real SMTP server.

The test starts aiosmtpd on 127.0.0.1 and points Django's SMTP backend at
it, so the mails travel over a socket as they would in production.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.header import decode_header, make_header
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client
from django.urls import reverse

from home.models import MailOptOut, Notification
from reports.choices import ReportStatus
from reports.models import ParticipantCount
from reports.services import accept_report, return_report, submit_report
from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox:
    """aiosmtpd handler: every message received, as (recipients, subject)."""

    def __init__(self) -> None:
        self.mails: list[tuple[list[str], str, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content)
        subject = str(make_header(decode_header(message["Subject"])))
        payload = message.get_payload(decode=True) or b""
        body = payload.decode(message.get_content_charset() or "utf-8")
        self.mails.append((list(envelope.rcpt_tos), subject, body))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    yield inbox
    controller.stop()


@pytest.fixture
def p() -> Personas:
    personas = make_personas()
    for user, email in (
        (personas.region_user, "bob@example.jp"),
        (personas.officer, "alice@example.jp"),
        (personas.outsider, "dave@example.jp"),
    ):
        user.email = email
        user.save(update_fields=["email"])
    return personas


def test_submit_return_and_accept_reach_the_right_people(
    p: Personas, smtp: Inbox
) -> None:
    report = make_report(region=p.region, fiscal_year=2005)
    ParticipantCount.objects.create(
        version=report.current_version, sector="academia", researchers=95
    )

    submit_report(report, p.region_user)
    return_report(report, p.officer, "学の研究者数を確認してください。")
    submit_report(report, p.region_user, comment="140人に直しました。")
    accept_report(report, p.officer)

    received = [(to, subject.split(":")[0]) for to, subject, _ in smtp.mails]
    assert received == [
        (["alice@example.jp"], "【Chiiki】提出"),
        (["bob@example.jp"], "【Chiiki】差戻し"),
        (["alice@example.jp"], "【Chiiki】提出"),
        (["bob@example.jp"], "【Chiiki】受理"),
    ]
    assert "学の研究者数を確認してください。" in smtp.mails[1][2]
    assert "140人に直しました。" in smtp.mails[2][2]
    assert not Notification.objects.filter(user=p.outsider).exists()
    assert Notification.objects.filter(user=p.region_user).count() == 2


def test_the_list_page_marks_read_and_the_mail_can_be_turned_off(
    p: Personas, smtp: Inbox
) -> None:
    report = make_report(region=p.region, fiscal_year=2005)
    client = Client()
    client.force_login(p.officer)

    submit_report(report, p.region_user)
    page = client.get(reverse("home:notifications")).content.decode()
    assert "未読は 1 件です。" in page
    assert str(report) in page
    home = client.get(reverse("home:index")).content.decode()
    assert "未読 1件" in home

    client.post(reverse("home:notification_read"))
    assert not Notification.objects.filter(user=p.officer, read_at=None).exists()

    client.post(reverse("home:notification_mail"), {"mail": "off"})
    assert MailOptOut.objects.filter(user=p.officer).exists()
    return_report(report, p.officer, "直してください。")
    submit_report(report, p.region_user)
    assert [to for to, _s, _b in smtp.mails] == [
        ["alice@example.jp"],
        ["bob@example.jp"],
    ]
    assert Notification.objects.filter(user=p.officer).count() == 2
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_dead_mail_server_does_not_undo_the_step(p: Personas, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard port: nothing listens
    settings.EMAIL_TIMEOUT = 2
    report = make_report(region=p.region, fiscal_year=2005)

    submit_report(report, p.region_user)

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert Notification.objects.filter(user=p.officer).exists()
