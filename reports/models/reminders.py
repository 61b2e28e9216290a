"""Reminders already e-mailed, so that a daily job never sends one twice."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models.reports import AnnualReport


class Reminder(models.Model):
    """One reminder e-mail about one report (提出期限の督促・受理待ちの通知)."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("提出期限7日前")
        DUE_TODAY = "due_today", _("提出期限当日")
        AWAITING_REVIEW = "awaiting_review", _("受理待ち")

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("年次報告"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("種類"), max_length=20, choices=Kind.choices)
    sent_on = models.DateField(_("送信日"))
    recipients = models.PositiveIntegerField(_("宛先数"), default=0)

    class Meta:
        verbose_name = _("リマインダー")
        verbose_name_plural = _("リマインダー")
        ordering = ["report", "sent_on", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind"],
                name="reminder_once_per_report_kind",
                violation_error_message=_("このリマインダーは送信済みです。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.get_kind_display()} {self.sent_on}"
