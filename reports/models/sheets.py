"""Rows of the seven annual-report sheets; each row belongs to one report version."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programmes.validators import validate_corporate_number
from reports.choices import ActivityKind, CommercializationKind, FundSource, Sector
from reports.models.reports import ReportVersion


class SheetRow(models.Model):
    """Abstract base: a row of one sheet of one report version."""

    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("版"),
        on_delete=models.CASCADE,
        related_name="%(class)s_rows",
    )

    class Meta:
        abstract = True


class PatentApplication(SheetRow):
    """特許出願: a patent application that came out of the region's joint research."""

    application_number = models.CharField(_("出願番号"), max_length=24)
    filed_on = models.DateField(_("出願日"))
    title = models.CharField(_("発明の名称"), max_length=300)
    applicants = models.CharField(_("出願人"), max_length=500)
    foreign = models.BooleanField(_("外国出願"), default=False)

    class Meta:
        verbose_name = _("特許出願")
        verbose_name_plural = _("特許出願")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "application_number"],
                name="patent_unique_in_version",
                violation_error_message=_("同じ出願番号が報告内で重複しています。"),
            ),
        ]
        indexes = [models.Index(fields=["application_number"])]

    def __str__(self) -> str:
        return f"{self.application_number} {self.title}"


class Commercialization(SheetRow):
    """事業化: a product, prototype, startup or licence born of the research."""

    kind = models.CharField(
        _("区分"), max_length=12, choices=CommercializationKind.choices
    )
    name = models.CharField(_("名称"), max_length=300)
    company = models.CharField(_("企業名"), max_length=200, blank=True)
    corporate_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        validators=[validate_corporate_number],
    )
    date = models.DateField(_("年月日"))

    class Meta:
        verbose_name = _("事業化")
        verbose_name_plural = _("事業化")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class ParticipantCount(SheetRow):
    """Researchers taking part in the joint research, by sector (産・学・官)."""

    sector = models.CharField(_("セクター"), max_length=12, choices=Sector.choices)
    researchers = models.PositiveIntegerField(_("研究者数"))

    class Meta:
        verbose_name = _("参加研究者数")
        verbose_name_plural = _("参加研究者数")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "sector"],
                name="participants_unique_sector",
                violation_error_message=_("同じセクターの行が重複しています。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_sector_display()} {self.researchers}人"


class ParticipatingCompany(SheetRow):
    """A company that takes part in the region's joint research."""

    name = models.CharField(_("企業名"), max_length=200)
    corporate_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        validators=[validate_corporate_number],
    )

    class Meta:
        verbose_name = _("参加企業")
        verbose_name_plural = _("参加企業")

    def __str__(self) -> str:
        return self.name


class JointResearch(SheetRow):
    """産学官共同研究: one joint research project of the region."""

    title = models.CharField(_("研究テーマ名"), max_length=300)
    theme = models.CharField(_("分野"), max_length=64, blank=True)
    safety_security = models.BooleanField(_("安全・安心"), default=False)
    started_on = models.DateField(_("開始日"))
    ended_on = models.DateField(_("終了日"), null=True, blank=True)
    industry_partners = models.PositiveIntegerField(_("参加企業数"), default=0)

    class Meta:
        verbose_name = _("産学官共同研究")
        verbose_name_plural = _("産学官共同研究")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="joint_research_end_after_start",
                violation_error_message=_("終了日は開始日以降にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(SheetRow):
    """A forum, joint results presentation, internship, course or exchange held."""

    kind = models.CharField(_("区分"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("名称"), max_length=300)
    held_on = models.DateField(_("開催日"))
    participants = models.PositiveIntegerField(_("参加者数"), default=0)

    class Meta:
        verbose_name = _("活動")
        verbose_name_plural = _("活動")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.title}"


class Fund(SheetRow):
    """Money spent on the region's programme in the year, by source, in yen."""

    source = models.CharField(_("財源"), max_length=12, choices=FundSource.choices)
    amount_yen = models.BigIntegerField(
        _("金額（円）"), validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("資金")
        verbose_name_plural = _("資金")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_yen__gte=0),
                name="fund_amount_not_negative",
                violation_error_message=_("金額は0円以上です。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount_yen:,}円"
