"""In-app notifications and the users who asked for no notification mail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["MailOptOut", "Notification"]


class Notification(models.Model):
    """A message to one user about a step that concerns them (提出・差戻し・
    受理・採点の開始と締切・公表): listed on their notifications page, and
    mailed unless they opted out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("宛先"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("件名"), max_length=200)
    body = models.TextField(_("本文"), blank=True)
    url = models.CharField(_("リンク"), max_length=300, blank=True)
    created = models.DateTimeField(_("日時"), auto_now_add=True)
    read_at = models.DateTimeField(_("既読日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("お知らせ")
        verbose_name_plural = _("お知らせ")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user} {self.subject}"


class MailOptOut(models.Model):
    """A user who reads notifications in the app only (no e-mail).

    Reminders of overdue reports (reports.reminders) are not notifications
    and are still mailed: they are the office's formal requests.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ユーザー"),
        on_delete=models.CASCADE,
        related_name="mail_opt_out",
    )
    created = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知メールの停止")
        verbose_name_plural = _("通知メールの停止")

    def __str__(self) -> str:
        return str(self.user)
