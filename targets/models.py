"""Policy goals (施策目標), their targets (達成目標) and their metrics."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from programmes.models import Programme, Region
from reports.choices import OutcomeKind
from targets.choices import MetricKind, TargetRelation
from targets.definitions import validate_metric_definition


class PolicyGoal(ChangeLoggedModel):
    """施策目標: a ministry policy goal, e.g. 6-2 (地域の科学技術振興の環境整備)."""

    code = models.CharField(_("番号"), max_length=16, unique=True)
    title_ja = models.CharField(_("施策目標"), max_length=200)
    title_en = models.CharField(_("英語名"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("施策目標")
        verbose_name_plural = _("施策目標")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"施策目標 {self.code} {self.title_ja}"


class Target(ChangeLoggedModel):
    """達成目標: a dated commitment under a policy goal, e.g. 6-2-4 (2,000 patents)."""

    goal = models.ForeignKey(
        PolicyGoal,
        verbose_name=_("施策目標"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    code = models.CharField(_("番号"), max_length=24, unique=True)
    text_ja = models.TextField(_("達成目標"))
    text_en = models.TextField(_("英語"), blank=True)
    relation = models.CharField(
        _("区分"),
        max_length=8,
        choices=TargetRelation.choices,
        default=TargetRelation.PRIMARY,
    )
    baseline_text = models.CharField(_("基準"), max_length=200, blank=True)
    deadline_fy = models.PositiveSmallIntegerField(
        _("達成年度"), validators=[MinValueValidator(1990)]
    )
    order = models.PositiveSmallIntegerField(_("表示順"), default=0)

    class Meta:
        verbose_name = _("達成目標")
        verbose_name_plural = _("達成目標")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"達成目標 {self.code}"

    def get_absolute_url(self) -> str:
        return reverse("targets:detail", kwargs={"code": self.code})


class Metric(ChangeLoggedModel):
    """How a target is measured: a metric kind with parameters, stored as data."""

    target = models.ForeignKey(
        Target,
        verbose_name=_("達成目標"),
        on_delete=models.CASCADE,
        related_name="metrics",
    )
    key = models.SlugField(_("キー"), max_length=40)
    label_ja = models.CharField(_("指標名"), max_length=100)
    kind = models.CharField(_("種類"), max_length=24, choices=MetricKind.choices)
    params = models.JSONField(_("パラメータ"), default=dict, blank=True)
    goal_value = models.DecimalField(
        _("目標値"), max_digits=16, decimal_places=2, default=Decimal(0)
    )
    unit_ja = models.CharField(_("単位"), max_length=16, default="件")

    class Meta:
        verbose_name = _("指標")
        verbose_name_plural = _("指標")
        ordering = ["target__order", "target__code", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "key"],
                name="metric_unique_key_per_target",
                violation_error_message=_("この達成目標には同じキーの指標があります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.label_ja}"

    def clean(self) -> None:
        """Refuse a definition the KPI engine could not compute (see definitions)."""
        programme_codes = set(Programme.objects.values_list("code", flat=True))
        validate_metric_definition(
            self.kind, self.params, dict(OutcomeKind.choices), programme_codes
        )


class BenchmarkInstitution(models.Model):
    """A yardstick for efficiency, e.g. RIKEN's patent applications per budget."""

    name_ja = models.CharField(_("機関"), max_length=100)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    patent_applications = models.PositiveIntegerField(_("特許出願件数"))
    budget_yen = models.BigIntegerField(_("予算規模（円）"))
    is_approximate = models.BooleanField(_("概数"), default=True)
    budget_is_lower_bound = models.BooleanField(
        _("予算は下限値（〜以上）"), default=False
    )
    source = models.CharField(_("出典"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("比較対象機関")
        verbose_name_plural = _("比較対象機関")
        ordering = ["fiscal_year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["name_ja", "fiscal_year"],
                name="benchmark_unique_name_year",
                violation_error_message=_("この機関・年度の比較値は既にあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_ja}（{self.fiscal_year}年度）"


class YearClosure(ChangeLoggedModel):
    """締め: an officer declares a programme's fiscal year complete.

    Reports still missing then count as "not coming" (a region withdrew …),
    each with its reason, so the year's sums are final, not provisional.
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("事業"),
        on_delete=models.PROTECT,
        related_name="year_closures",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1990)]
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("締めた職員"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("備考"), blank=True)

    class Meta:
        verbose_name = _("年度の締め")
        verbose_name_plural = _("年度の締め")
        ordering = ["programme", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "fiscal_year"],
                name="year_closure_unique_programme_year",
                violation_error_message=_("この事業・年度は既に締められています。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.fiscal_year}年度 締め"


class MissingReport(models.Model):
    """A report a closed year goes without, and why (e.g. the region withdrew)."""

    closure = models.ForeignKey(
        YearClosure,
        verbose_name=_("年度の締め"),
        on_delete=models.CASCADE,
        related_name="missing_reports",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("地域"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("理由"), max_length=300)

    class Meta:
        verbose_name = _("未受理の報告")
        verbose_name_plural = _("未受理の報告")
        ordering = ["closure", "region__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["closure", "region"],
                name="missing_report_unique_region",
                violation_error_message=_("この地域の理由は既に登録されています。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.closure} {self.region.name_ja}: {self.reason}"
