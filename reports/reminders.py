"""Reminder e-mails: reports due soon or today, and reports awaiting review.

``manage.py send_reminders`` runs this daily. Each reminder is claimed by
inserting a :class:`~reports.models.Reminder` row (unique per report and
kind) in the same transaction as the send, so a second run — or two runs at
once — never mails the same reminder twice, and a failed send is retried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from reports.choices import ReportStatus
from reports.models import AnnualReport, Reminder

__all__ = ["DUE_SOON_DAYS", "OFFICER_DAYS", "ReminderPlan", "send_reminders"]

#: Region staff hear this many days before the due date, and on it.
DUE_SOON_DAYS = 7
#: Officers hear about reports submitted longer ago than this, by default.
OFFICER_DAYS = 14

_NOT_SUBMITTED = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass(frozen=True)
class ReminderPlan:
    """One reminder that is due: which report, which kind, to whom."""

    report: AnnualReport
    kind: str
    emails: tuple[str, ...]


def send_reminders(today: date, officer_days: int = OFFICER_DAYS) -> list[Reminder]:
    """Send every reminder due on ``today`` that was not sent before."""
    plans = [*_region_plans(today), *_officer_plans(today, officer_days)]
    done = set(Reminder.objects.values_list("report_id", "kind"))
    todo = [p for p in plans if p.emails and (p.report.pk, p.kind) not in done]
    sent = [_send(plan, today) for plan in todo]
    return [reminder for reminder in sent if reminder is not None]


def _region_plans(today: date) -> list[ReminderPlan]:
    soon = today + timedelta(days=DUE_SOON_DAYS)
    reports = _reports().filter(status__in=_NOT_SUBMITTED, due_date__in=[today, soon])
    return [
        ReminderPlan(report, _due_kind(report, today), _region_emails(report))
        for report in reports
    ]


def _due_kind(report: AnnualReport, today: date) -> str:
    if report.due_date == today:
        return Reminder.Kind.DUE_TODAY
    return Reminder.Kind.DUE_SOON


def _officer_plans(today: date, officer_days: int) -> list[ReminderPlan]:
    cutoff = timezone.make_aware(
        datetime.combine(today - timedelta(days=officer_days), time.min)
    )
    reports = _reports().filter(
        status=ReportStatus.SUBMITTED, current_version__submitted_at__lt=cutoff
    )
    emails = _emails(User.objects.filter(role=User.Role.OFFICER))
    return [ReminderPlan(r, Reminder.Kind.AWAITING_REVIEW, emails) for r in reports]


def _reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.select_related("region", "current_version")


def _region_emails(report: AnnualReport) -> tuple[str, ...]:
    staff = User.objects.filter(role=User.Role.REGION, regions=report.region_id)
    return _emails(staff)


def _emails(users: QuerySet[User]) -> tuple[str, ...]:
    active = users.filter(is_active=True).exclude(email="").order_by("email")
    return tuple(active.values_list("email", flat=True).distinct())


def _send(plan: ReminderPlan, today: date) -> Reminder | None:
    """Claim the reminder, then mail it; a failed mail releases the claim."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                report=plan.report,
                kind=plan.kind,
                sent_on=today,
                recipients=len(plan.emails),
            )
            subject, body = _message(plan)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, list(plan.emails))
    except IntegrityError:
        return None  # sent before (or by a concurrent run)
    return reminder


def _message(plan: ReminderPlan) -> tuple[str, str]:
    report = plan.report
    name = str(report)
    if plan.kind == Reminder.Kind.AWAITING_REVIEW:
        subject = _("【Chiiki】受理待ちの年次報告: {name}").format(name=name)
        body = _("{name}が提出されてから受理・差戻しされていません。確認してください。")
    elif plan.kind == Reminder.Kind.DUE_TODAY:
        subject = _("【Chiiki】本日が提出期限です: {name}").format(name=name)
        body = _("{name}の提出期限は本日（{due}）です。提出してください。")
    else:
        subject = _("【Chiiki】提出期限まで7日です: {name}").format(name=name)
        body = _("{name}の提出期限は{due}です。期限までに提出してください。")
    return subject, body.format(name=name, due=report.due_date)
