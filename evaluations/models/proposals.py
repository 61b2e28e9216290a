"""Calls for proposals (公募), the proposals entered and their documents."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from evaluations.choices import ProposalStatus
from evaluations.validators import attachment_upload_to, validate_attachment
from geo.models import Prefecture
from programmes.choices import RegionTrack
from programmes.models import FISCAL_YEAR_VALIDATORS, Organisation, Programme, Region


class Call(ChangeLoggedModel):
    """A call for proposals (公募) of one programme and fiscal year."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("事業"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    title_ja = models.CharField(_("公募名"), max_length=200)
    track = models.CharField(
        _("類型"), max_length=12, choices=RegionTrack.choices, blank=True
    )
    opens_on = models.DateField(_("受付開始日"), null=True, blank=True)
    closes_on = models.DateField(_("締切日"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    class Meta:
        verbose_name = _("公募")
        verbose_name_plural = _("公募")
        ordering = ["-fiscal_year", "programme", "title_ja"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fiscal_year", "title_ja"],
                name="call_unique_title",
                violation_error_message=_("同じ事業・年度・名称の公募は既にあります。"),
            ),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="call_closes_after_opening",
                violation_error_message=_("締切日は受付開始日以降にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度 {self.title_ja}"


class Proposal(ChangeLoggedModel):
    """A proposal (提案) to a call, entered by a region's staff or an officer."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("公募"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("既存の地域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("発展型など、既存の地域からの提案の場合"),
    )
    title_ja = models.CharField(_("提案名"), max_length=200)
    applicant_ja = models.CharField(_("提案者（自治体等）"), max_length=200)
    core_institution = models.ForeignKey(
        Organisation,
        verbose_name=_("中核機関"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="core_proposals",
    )
    participants = models.ManyToManyField(
        Organisation,
        verbose_name=_("参加機関"),
        blank=True,
        related_name="participant_proposals",
    )
    main_prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("主たる都道府県"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    prefectures = models.ManyToManyField(
        Prefecture,
        verbose_name=_("都道府県"),
        blank=True,
        related_name="proposals_in",
    )
    requested_amount_yen = models.BigIntegerField(
        _("要求額（円）"), default=0, validators=[MinValueValidator(0)]
    )
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["call", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_amount_yen__gte=0),
                name="proposal_amount_not_negative",
                violation_error_message=_("要求額は0円以上です。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title_ja


class ProposalAttachment(models.Model):
    """A PDF or xlsx document attached to a proposal (type and size checked)."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("提案"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("ファイル"), upload_to=attachment_upload_to, validators=[validate_attachment]
    )
    original_name = models.CharField(_("元のファイル名"), max_length=255)
    size_bytes = models.PositiveBigIntegerField(_("サイズ（バイト）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("添付資料")
        verbose_name_plural = _("添付資料")
        ordering = ["proposal", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ProposalTransition(models.Model):
    """A status change of a proposal (提出・取下げ・採択・不採択), kept forever."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("提案"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    old_status = models.CharField(
        _("変更前"), max_length=12, choices=ProposalStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("変更後"), max_length=12, choices=ProposalStatus.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("実施者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("日時"), auto_now_add=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("提案の状態変更")
        verbose_name_plural = _("提案の状態変更")
        ordering = ["proposal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal} {self.old_status or '-'}→{self.new_status}"
