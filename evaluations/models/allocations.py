"""Stored 傾斜配分 runs and region plans revised after an evaluation."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from evaluations.choices import (
    AllocationBound,
    AllocationStatus,
    AllocationWeighting,
    Rating,
)
from evaluations.models.evaluations import SCORE_FIELD, Evaluation, EvaluationItem
from programmes.models import FISCAL_YEAR_VALIDATORS, Programme, Region

YEN_VALIDATORS = [MinValueValidator(0)]


class AllocationRunQuerySet(models.QuerySet["AllocationRun"]):
    def adopted(self) -> AllocationRunQuerySet:
        return self.filter(status=AllocationStatus.ADOPTED)


class AllocationRun(ChangeLoggedModel):
    """One computed 傾斜配分 of a programme's budget for a fiscal year.

    The inputs (budget, bounds, weighting) are kept with the lines so that a
    stored run can always be explained and recomputed.
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("事業"),
        on_delete=models.PROTECT,
        related_name="allocation_runs",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("配分年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("根拠とする評価"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="allocation_runs",
    )
    label_ja = models.CharField(_("名称"), max_length=200)
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=AllocationStatus.choices,
        default=AllocationStatus.DRAFT,
    )
    budget_yen = models.BigIntegerField(_("予算額（円）"), validators=YEN_VALIDATORS)
    unit_yen = models.PositiveIntegerField(_("配分単位（円）"), default=1_000)
    weighting = models.CharField(
        _("重み付け"),
        max_length=8,
        choices=AllocationWeighting.choices,
        default=AllocationWeighting.RATING,
    )
    down_percent = models.PositiveSmallIntegerField(_("下限（基準額からの減 %）"))
    up_percent = models.PositiveSmallIntegerField(_("上限（基準額からの増 %）"))
    cap_yen = models.BigIntegerField(
        _("1地域当たり上限額（円）"), null=True, blank=True, validators=YEN_VALIDATORS
    )
    level = models.FloatField(
        _("水準 λ"),
        null=True,
        blank=True,
        help_text=_("基準額×重み 1円当たりの配分額。全地域が上限の場合は空欄。"),
    )
    note_ja = models.TextField(_("備考"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    objects = AllocationRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("傾斜配分")
        verbose_name_plural = _("傾斜配分")
        ordering = ["-fiscal_year", "programme", "-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fiscal_year", "label_ja"],
                name="allocation_run_unique_label",
                violation_error_message=_("同じ事業・年度・名称の配分は既にあります。"),
            ),
            models.UniqueConstraint(
                fields=["programme", "fiscal_year"],
                condition=Q(status=AllocationStatus.ADOPTED),
                name="allocation_run_one_adopted",
                violation_error_message=_(
                    "この事業・年度の配分は既に決定されています。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(budget_yen__gte=0),
                name="allocation_run_budget_not_negative",
                violation_error_message=_("予算額は0円以上です。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度 {self.label_ja}"


class AllocationLine(models.Model):
    """One region's amount in a run, with the numbers that explain it."""

    run = models.ForeignKey(
        AllocationRun,
        verbose_name=_("傾斜配分"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地域"),
        on_delete=models.PROTECT,
        related_name="allocation_lines",
    )
    rating = models.CharField(
        _("評価"), max_length=1, choices=Rating.choices, blank=True
    )
    score = models.DecimalField(_("総合評点"), null=True, blank=True, **SCORE_FIELD)
    weight = models.DecimalField(_("重み"), max_digits=12, decimal_places=6)
    base_yen = models.BigIntegerField(_("基準額（円）"), validators=YEN_VALIDATORS)
    floor_yen = models.BigIntegerField(_("下限額（円）"), validators=YEN_VALIDATORS)
    ceiling_yen = models.BigIntegerField(_("上限額（円）"), validators=YEN_VALIDATORS)
    raw_share_yen = models.BigIntegerField(_("制約なし比例配分額（円）"))
    target_yen = models.BigIntegerField(_("端数処理前の額（円）"))
    amount_yen = models.BigIntegerField(_("配分額（円）"), validators=YEN_VALIDATORS)
    bound = models.CharField(
        _("上下限"),
        max_length=8,
        choices=AllocationBound.choices,
        default=AllocationBound.NONE,
    )

    class Meta:
        verbose_name = _("配分額")
        verbose_name_plural = _("配分額")
        ordering = ["run", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "region"],
                name="allocation_line_unique_region",
                violation_error_message=_("この地域の配分額は既にあります。"),
            ),
            models.CheckConstraint(
                condition=Q(amount_yen__gte=F("floor_yen"))
                & Q(amount_yen__lte=F("ceiling_yen")),
                name="allocation_line_within_bounds",
                violation_error_message=_("配分額は下限額と上限額の間にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} {self.region.code} {self.amount_yen:,}円"


class RegionPlan(ChangeLoggedModel):
    """One version of a region's plan (事業計画); revisions add versions.

    A revision after an interim evaluation points at the evaluation item and
    keeps the committee's requested changes next to the revised text.
    """

    region = models.ForeignKey(
        Region,
        verbose_name=_("地域"),
        on_delete=models.CASCADE,
        related_name="plans",
    )
    number = models.PositiveSmallIntegerField(_("版"))
    title_ja = models.CharField(_("計画名"), max_length=200)
    body_ja = models.TextField(_("計画の内容"))
    requested_changes_ja = models.TextField(_("委員会の修正要請"), blank=True)
    evaluation_item = models.ForeignKey(
        EvaluationItem,
        verbose_name=_("契機となった評価"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_revisions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    class Meta:
        verbose_name = _("事業計画")
        verbose_name_plural = _("事業計画")
        ordering = ["region", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "number"],
                name="region_plan_unique_number",
                violation_error_message=_("この版番号の計画は既にあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name_ja} 事業計画 第{self.number}版"
