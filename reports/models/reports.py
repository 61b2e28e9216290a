"""The report of one region for one fiscal year, its versions and its history."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from programmes.models import Region
from reports.choices import ReportStatus


class AnnualReportQuerySet(models.QuerySet["AnnualReport"]):
    def accepted(self) -> AnnualReportQuerySet:
        return self.filter(status=ReportStatus.ACCEPTED)


class AnnualReport(ChangeLoggedModel):
    """年次報告: what one region's subsidy produced in one fiscal year."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("地域"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1990)]
    )
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
    )
    due_date = models.DateField(_("提出期限"), null=True, blank=True)
    current_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("最新版"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("受理版"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_synthetic = models.BooleanField(
        _("合成データ"),
        default=False,
        help_text=_("公表値の合計に合わせて生成した地域別の数値"),
    )
    lock_version = models.PositiveIntegerField(_("排他制御番号"), default=0)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("年次報告")
        verbose_name_plural = _("年次報告")
        ordering = ["region", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fiscal_year"],
                name="report_unique_region_year",
                violation_error_message=_("この地域・年度の報告は既にあります。"),
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"])]

    def __str__(self) -> str:
        return f"{self.region.name_ja} {self.fiscal_year}年度 年次報告"


class ReportVersion(models.Model):
    """One version of a report's sheets; submitted versions are never changed."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("年次報告"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("版"))
    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提出日時"), null=True, blank=True)
    source_name = models.CharField(_("取込ファイル"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("報告の版")
        verbose_name_plural = _("報告の版")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="report_version_unique_number",
                violation_error_message=_("この版番号は既にあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"


class StatusChange(models.Model):
    """A workflow step of a report (提出・受理・差戻し), kept forever."""

    report = models.ForeignKey(
        AnnualReport,
        verbose_name=_("年次報告"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("版"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
    )
    old_status = models.CharField(
        _("変更前"), max_length=12, choices=ReportStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("変更後"), max_length=12, choices=ReportStatus.choices
    )
    comment = models.TextField(_("コメント"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実施者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("状態変更")
        verbose_name_plural = _("状態変更")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.old_status or '-'}→{self.new_status}"
