"""A report import running in the background, and how far it has got."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models.reports import AnnualReport


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("待機中")
    RUNNING = "running", _("取り込み中")
    DONE = "done", _("完了")
    FAILED = "failed", _("失敗")


class ImportJob(models.Model):
    """One uploaded file waiting for, or going through, the importer.

    Operational state, not report data: the rows themselves are written by
    the importer in one transaction, and the report's history records the
    new version. So this is a plain model (no change log): the page polls it
    for progress and, at the end, reads the result the importer returned.
    """

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("年次報告"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実施者"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    source_name = models.CharField(_("取込ファイル"), max_length=255)
    path = models.CharField(_("保存先"), max_length=500)
    status = models.CharField(
        _("状態"),
        max_length=10,
        choices=ImportJobStatus.choices,
        default=ImportJobStatus.QUEUED,
    )
    rows_done = models.PositiveIntegerField(_("読み込んだ行数"), default=0)
    rows_total = models.PositiveIntegerField(_("行数（見込み）"), default=0)
    phase = models.CharField(_("段階"), max_length=10, blank=True)
    result = models.JSONField(_("結果"), null=True, blank=True)
    expected_version = models.PositiveIntegerField(
        _("排他制御番号（受付時）"),
        null=True,
        blank=True,
        help_text=_(
            "アップロード時に表示されていた報告の版。取り込みはこの版の上にだけ反映します。"
        ),
    )
    task_id = models.CharField(_("タスクID"), max_length=64, blank=True)
    worker = models.CharField(
        _("処理プロセス"),
        max_length=200,
        blank=True,
        help_text=_("ホスト名・プロセス番号・プロセス開始時刻（停止の検出用）"),
    )
    heartbeat = models.DateTimeField(_("最終応答"), null=True, blank=True)
    created = models.DateTimeField(_("受付日時"), auto_now_add=True)
    updated = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("取り込み処理")
        verbose_name_plural = _("取り込み処理")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.report} {self.source_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)

    @property
    def settled(self) -> bool:
        """Finished and its result recorded: the page stops polling.

        A job moves to ``done`` inside the import's own write transaction
        (reports.background), a moment before its result is saved.
        """
        return self.finished and self.result is not None

    @property
    def error_code(self) -> str:
        """The code of a failed job's (single) error, e.g. ``job.interrupted``."""
        errors = (self.result or {}).get("errors") or [{}]
        return str(errors[0].get("code", ""))

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_done / self.rows_total))
