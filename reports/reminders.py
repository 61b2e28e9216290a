"""Reminder e-mails as a schedule: before the due date, on it, then every
``OVERDUE_EVERY_DAYS`` days while the report is overdue, escalating to the
officers once it is ``ESCALATE_AFTER_DAYS`` late; and reports awaiting review.

``manage.py send_reminders`` runs this (daily from cron or a systemd timer;
running it more often is harmless). Each reminder is claimed by inserting a
:class:`~reports.models.Reminder` row (unique per report and kind) in the
same transaction as the send, so a second run — or two runs at once — never
mails the same reminder twice, and a failed send is retried. A repeating
reminder carries its sequence number in the kind (``overdue#3`` is the
fourth overdue reminder of that report), so each is claimed once, and the
next one is planned only ``OVERDUE_EVERY_DAYS`` days after the last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from reports.choices import ReportStatus
from reports.models import AnnualReport, Reminder

__all__ = [
    "DUE_SOON_DAYS",
    "ESCALATE_AFTER_DAYS",
    "OFFICER_DAYS",
    "OVERDUE_EVERY_DAYS",
    "ReminderPlan",
    "kind_label",
    "send_reminders",
]

#: Region staff hear this many days before the due date, and on it.
DUE_SOON_DAYS = 7
#: While a report is overdue, region staff hear again every this many days.
OVERDUE_EVERY_DAYS = 7
#: From this many days late, the officers hear of the overdue report too.
ESCALATE_AFTER_DAYS = 14
#: Kinds of the repeating reminders (stored as ``<kind>#<sequence>``).
OVERDUE = "overdue"
ESCALATED = "escalated"
#: Officers hear about reports submitted longer ago than this, by default.
OFFICER_DAYS = 14

_NOT_SUBMITTED = (ReportStatus.DRAFT, ReportStatus.RETURNED)


@dataclass(frozen=True)
class ReminderPlan:
    """One reminder that is due: which report, which kind, to whom."""

    report: AnnualReport
    kind: str
    emails: tuple[str, ...]


def send_reminders(
    today: date,
    officer_days: int = OFFICER_DAYS,
    every_days: int = OVERDUE_EVERY_DAYS,
    escalate_after: int = ESCALATE_AFTER_DAYS,
) -> list[Reminder]:
    """Send every reminder due on ``today`` that was not sent before."""
    plans = [
        *_region_plans(today),
        *_overdue_plans(today, every_days, escalate_after),
        *_officer_plans(today, officer_days),
    ]
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


def _overdue_plans(
    today: date, every_days: int, escalate_after: int
) -> list[ReminderPlan]:
    """The next overdue reminder of each overdue report whose last one is
    ``every_days`` old (or that has none yet); the officers' escalation the
    same way once the report is ``escalate_after`` days late."""
    reports = list(_reports().filter(status__in=_NOT_SUBMITTED, due_date__lt=today))
    history = _repeat_history([report.pk for report in reports])
    officers = _emails(User.objects.filter(role=User.Role.OFFICER))
    plans = []
    for report in reports:
        late = (today - report.due_date).days
        kinds = [(OVERDUE, _region_emails(report))]
        if late >= escalate_after:
            kinds.append((ESCALATED, officers))
        for base, emails in kinds:
            count, last = history.get((report.pk, base), (0, None))
            if last is None or (today - last).days >= every_days:
                plans.append(ReminderPlan(report, f"{base}#{count}", emails))
    return plans


def _repeat_history(report_ids: list[int]) -> dict[tuple[int, str], tuple[int, date]]:
    """(report, base kind) → (how many were sent, the last sending day)."""
    rows = Reminder.objects.filter(report_id__in=report_ids).filter(
        Q(kind__startswith=f"{OVERDUE}#") | Q(kind__startswith=f"{ESCALATED}#")
    )
    history: dict[tuple[int, str], tuple[int, date]] = {}
    for report_id, kind, sent_on in rows.values_list("report_id", "kind", "sent_on"):
        key = (report_id, kind.partition("#")[0])
        count, last = history.get(key, (0, sent_on))
        history[key] = (count + 1, max(last, sent_on))
    return history


def kind_label(kind: str) -> str:
    """A reminder kind in Japanese, the repeating ones with their period."""
    base, _sep, period = kind.partition("#")
    if base == OVERDUE:
        return _("提出期限超過の督促（{n}回目）").format(n=int(period) + 1)
    if base == ESCALATED:
        return _("提出期限超過の担当官への通知（{n}回目）").format(n=int(period) + 1)
    return str(Reminder.Kind(kind).label) if kind in Reminder.Kind.values else kind


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
    base = plan.kind.partition("#")[0]
    if base == OVERDUE:
        subject = _("【Chiiki】提出期限を過ぎています: {name}").format(name=name)
        body = _(
            "{name}の提出期限（{due}）を過ぎています。ログインして報告を"
            "アップロードし、提出してください。提出されるまで定期的にお知らせします。"
        )
    elif base == ESCALATED:
        subject = _("【Chiiki】提出期限超過の報告: {name}").format(name=name)
        body = _(
            "{name}は提出期限（{due}）を過ぎても提出されていません。"
            "地域の担当者への連絡を検討してください。"
        )
    elif plan.kind == Reminder.Kind.AWAITING_REVIEW:
        subject = _("【Chiiki】受理待ちの年次報告: {name}").format(name=name)
        body = _("{name}が提出されてから受理・差戻しされていません。確認してください。")
    elif plan.kind == Reminder.Kind.DUE_TODAY:
        subject = _("【Chiiki】本日が提出期限です: {name}").format(name=name)
        body = _("{name}の提出期限は本日（{due}）です。提出してください。")
    else:
        subject = _("【Chiiki】提出期限まで7日です: {name}").format(name=name)
        body = _("{name}の提出期限は{due}です。期限までに提出してください。")
    return subject, body.format(name=name, due=report.due_date)
