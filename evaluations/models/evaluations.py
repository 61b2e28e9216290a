"""Evaluations, their rubric, the items under review, scores and results."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from evaluations.choices import (
    Aggregation,
    AssignmentMethod,
    CityAreaDecision,
    EvaluationState,
    EvaluationType,
    Rating,
)
from evaluations.models.committees import Committee, CommitteeMember
from evaluations.models.proposals import Call, Proposal
from lib.scoring import Scale
from programmes.models import FISCAL_YEAR_VALIDATORS, Programme, Region

SCORE_FIELD = {"max_digits": 6, "decimal_places": 3}


class EvaluationQuerySet(models.QuerySet["Evaluation"]):
    def published(self) -> EvaluationQuerySet:
        return self.filter(state=EvaluationState.PUBLISHED)

    def with_results(self) -> EvaluationQuerySet:
        """Closed or published: the results exist."""
        return self.filter(
            state__in=[EvaluationState.CLOSED, EvaluationState.PUBLISHED]
        )


class Evaluation(ChangeLoggedModel):
    """One committee evaluation (採択・中間評価・終了評価・発展型採択) of one FY.

    The officer defines the rubric and the rules (scale, aggregation,
    normalisation, minimum reviewers, the same-prefecture conflict rule); the
    state moves draft → open → closed → published, each step recorded in
    :class:`EvaluationTransition`.
    """

    kind = models.CharField(_("種別"), max_length=16, choices=EvaluationType.choices)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("事業"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("評価年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    title_ja = models.CharField(_("名称"), max_length=200)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("委員会"),
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("公募"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    state = models.CharField(
        _("状態"),
        max_length=12,
        choices=EvaluationState.choices,
        default=EvaluationState.DRAFT,
    )
    scale_min = models.PositiveSmallIntegerField(_("評点の下限"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("評点の上限"), default=5)
    aggregation = models.CharField(
        _("集計方法"),
        max_length=16,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    trim_proportion = models.DecimalField(
        _("トリム比率"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.20"),
        validators=[
            MinValueValidator(Decimal("0")),
            MaxValueValidator(Decimal("0.49")),
        ],
        help_text=_("トリム平均で上下それぞれから除く割合"),
    )
    normalise_reviewers = models.BooleanField(
        _("委員ごとの標準化"),
        default=False,
        help_text=_("甘い委員・辛い委員の差をなくすため、委員ごとに標準化します。"),
    )
    min_reviewers = models.PositiveSmallIntegerField(
        _("1件当たりの最低委員数"), default=3, validators=[MinValueValidator(1)]
    )
    max_load = models.PositiveSmallIntegerField(
        _("委員1人当たりの上限件数"), null=True, blank=True
    )
    same_prefecture_conflict = models.BooleanField(
        _("同一都道府県を利害関係とする"), default=False
    )
    summary_ja = models.TextField(_("総評"), blank=True)
    opened_at = models.DateTimeField(_("採点開始日時"), null=True, blank=True)
    closed_at = models.DateTimeField(_("締切日時"), null=True, blank=True)
    published_at = models.DateTimeField(_("公表日時"), null=True, blank=True)
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("評価")
        verbose_name_plural = _("評価")
        ordering = ["-fiscal_year", "programme", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "fiscal_year", "title_ja"],
                name="evaluation_unique_title",
                violation_error_message=_(
                    "同じ事業・種別・年度・名称の評価は既にあります。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")),
                name="evaluation_scale_not_empty",
                violation_error_message=_("評点の上限は下限より大きくしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(trim_proportion__gte=0)
                & Q(trim_proportion__lt=Decimal("0.5")),
                name="evaluation_trim_below_half",
                violation_error_message=_("トリム比率は0以上0.5未満にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(min_reviewers__gte=1),
                name="evaluation_min_reviewers_positive",
                violation_error_message=_("最低委員数は1名以上にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度 {self.title_ja}"

    @property
    def scale(self) -> Scale:
        return Scale(float(self.scale_min), float(self.scale_max))

    @property
    def has_results(self) -> bool:
        return self.state in (EvaluationState.CLOSED, EvaluationState.PUBLISHED)


class Criterion(models.Model):
    """One line of an evaluation's rubric: what is judged and how much it counts."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("評価"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    code = models.SlugField(_("コード"), max_length=32)
    name_ja = models.CharField(_("評価項目"), max_length=100)
    description_ja = models.TextField(_("評価の観点"), blank=True)
    weight = models.DecimalField(_("重み"), max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("評価項目")
        verbose_name_plural = _("評価項目")
        ordering = ["evaluation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "code"],
                name="criterion_unique_code",
                violation_error_message=_("同じコードの評価項目が既にあります。"),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("重みは正の数にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_ja}（×{self.weight}）"

    def clean(self) -> None:
        """The rubric is frozen once scoring opens (weights decide results)."""
        super().clean()
        evaluation = (
            Evaluation.objects.filter(pk=self.evaluation_id).only("state").first()
        )
        if evaluation is not None and evaluation.state != EvaluationState.DRAFT:
            raise ValidationError(
                _(
                    "評価項目は準備中の評価でだけ変更できます"
                    "（この評価は「{state}」です）。"
                ).format(state=EvaluationState(evaluation.state).label)
            )


class EvaluationItem(ChangeLoggedModel):
    """A region or a proposal under review in one evaluation."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("評価"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_items",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("提案"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluation_items",
    )
    committee_comment_ja = models.TextField(_("委員会コメント"), blank=True)
    requested_changes_ja = models.TextField(
        _("計画の修正要請"),
        blank=True,
        help_text=_("中間評価で委員会が求める計画の見直し"),
    )

    class Meta:
        verbose_name = _("評価対象")
        verbose_name_plural = _("評価対象")
        ordering = ["evaluation", "region__code", "proposal_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, proposal__isnull=True)
                | Q(region__isnull=True, proposal__isnull=False),
                name="evaluation_item_one_subject",
                violation_error_message=_(
                    "地域か提案のどちらか一方を指定してください。"
                ),
            ),
            models.UniqueConstraint(
                fields=["evaluation", "region"],
                condition=Q(region__isnull=False),
                name="evaluation_item_unique_region",
                violation_error_message=_("この地域は既に評価対象です。"),
            ),
            models.UniqueConstraint(
                fields=["evaluation", "proposal"],
                condition=Q(proposal__isnull=False),
                name="evaluation_item_unique_proposal",
                violation_error_message=_("この提案は既に評価対象です。"),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.region_id:
            return self.region.name_ja
        return self.proposal.title_ja if self.proposal_id else "-"

    @property
    def key(self) -> str:
        """A stable key for the pure algorithms: the region code or proposal id."""
        return self.region.code if self.region_id else f"proposal-{self.proposal_id}"


class Assignment(ChangeLoggedModel):
    """A committee member asked to score one item, and their sheet's results.

    ``weighted_score``, ``adjusted_score`` and ``is_outlier`` are filled when the
    evaluation closes; like the scores they are never public.
    """

    item = models.ForeignKey(
        EvaluationItem,
        verbose_name=_("評価対象"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("委員"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    method = models.CharField(
        _("割当方法"),
        max_length=12,
        choices=AssignmentMethod.choices,
        default=AssignmentMethod.AUTOMATIC,
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("割当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment_ja = models.TextField(_("委員のコメント"), blank=True)
    submitted_at = models.DateTimeField(_("採点日時"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("入力者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("事務局が紙の評価票から代理入力した場合はその担当官"),
    )
    weighted_score = models.DecimalField(
        _("加重評点"), null=True, blank=True, **SCORE_FIELD
    )
    adjusted_score = models.DecimalField(
        _("標準化後の評点"), null=True, blank=True, **SCORE_FIELD
    )
    is_outlier = models.BooleanField(_("外れ値"), default=False)

    class Meta:
        verbose_name = _("委員の割当て")
        verbose_name_plural = _("委員の割当て")
        ordering = ["item", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"],
                name="assignment_unique_member",
                violation_error_message=_(
                    "この委員は既にこの評価対象に割り当てられています。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} ← {self.member}"

    @property
    def is_complete(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One reviewer's score on one rubric criterion of one item."""

    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("割当て"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("評価項目"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    value = models.PositiveSmallIntegerField(_("評点"))
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("評点")
        verbose_name_plural = _("評点")
        ordering = ["assignment", "criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"],
                name="score_unique_criterion",
                violation_error_message=_("この評価項目の評点は既にあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.criterion.code}={self.value}"


class ItemResult(models.Model):
    """The committee's combined result for one item, computed at closing."""

    item = models.OneToOneField(
        EvaluationItem,
        verbose_name=_("評価対象"),
        on_delete=models.CASCADE,
        related_name="result",
    )
    score = models.DecimalField(_("総合評点"), **SCORE_FIELD)
    raw_mean = models.DecimalField(_("素点の平均"), **SCORE_FIELD)
    std = models.DecimalField(_("標準偏差"), **SCORE_FIELD)
    score_range = models.DecimalField(_("範囲（最高−最低）"), **SCORE_FIELD)
    reviewer_count = models.PositiveSmallIntegerField(_("採点委員数"))
    outlier_count = models.PositiveSmallIntegerField(_("外れ値の数"), default=0)
    rating = models.CharField(_("評価"), max_length=1, choices=Rating.choices)
    rank = models.PositiveSmallIntegerField(_("順位"))
    decision = models.CharField(
        _("継続可否"), max_length=12, choices=CityAreaDecision.choices, blank=True
    )
    computed_at = models.DateTimeField(_("算出日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("評価結果")
        verbose_name_plural = _("評価結果")
        ordering = ["item__evaluation", "rank"]

    def __str__(self) -> str:
        return f"{self.item} {self.rating} ({self.score})"


class EvaluationTransition(models.Model):
    """A state change of an evaluation, with who, when and why; kept forever."""

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("評価"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    old_state = models.CharField(
        _("変更前"), max_length=12, choices=EvaluationState.choices, blank=True
    )
    new_state = models.CharField(
        _("変更後"), max_length=12, choices=EvaluationState.choices
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
        verbose_name = _("評価の状態変更")
        verbose_name_plural = _("評価の状態変更")
        ordering = ["evaluation", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.evaluation} {self.old_state or '-'}→{self.new_state}"


class DecisionChange(models.Model):
    """A continue/end decision on a finished City Area (終了評価), kept forever."""

    result = models.ForeignKey(
        ItemResult,
        verbose_name=_("評価結果"),
        on_delete=models.CASCADE,
        related_name="decision_changes",
    )
    old_decision = models.CharField(
        _("変更前"), max_length=12, choices=CityAreaDecision.choices, blank=True
    )
    new_decision = models.CharField(
        _("変更後"), max_length=12, choices=CityAreaDecision.choices
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
        verbose_name = _("継続可否の決定")
        verbose_name_plural = _("継続可否の決定")
        ordering = ["result", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.result.item} {self.old_decision or '-'}→{self.new_decision}"
