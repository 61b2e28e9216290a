"""The registry: the subsidy, its programmes and budgets, regions and organisations."""

from __future__ import annotations

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from geo.models import Prefecture
from programmes.choices import (
    BudgetKind,
    Certainty,
    HQRole,
    OrganisationKind,
    RegionStatus,
    RegionTrack,
)
from programmes.validators import validate_corporate_number

FISCAL_YEAR_VALIDATORS = [MinValueValidator(1990)]
region_code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$",
    _("地域コードは半角英小文字・数字・ハイフンで3〜40文字です。"),
)


class Subsidy(ChangeLoggedModel):
    """A budget line of the ministry, e.g. 地域科学技術振興事業費補助金."""

    name_ja = models.CharField(_("事業名"), max_length=100, unique=True)
    name_en = models.CharField(_("英語名"), max_length=200, blank=True)
    start_fy = models.PositiveSmallIntegerField(
        _("事業開始年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    lead_division = models.CharField(_("主管課"), max_length=200, blank=True)
    related_divisions = models.CharField(_("関係課"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("補助事業")
        verbose_name_plural = _("補助事業")

    def __str__(self) -> str:
        return self.name_ja


class Programme(ChangeLoggedModel):
    """A funding scheme under the subsidy: KC (知的クラスター) or CA (都市エリア).

    KC is about 5億円 per region per year for 5 years; CA about 1億円 for 3 years.
    """

    subsidy = models.ForeignKey(
        Subsidy,
        verbose_name=_("補助事業"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    code = models.CharField(_("コード"), max_length=8, unique=True)
    name_ja = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英語名"), max_length=200, blank=True)
    start_fy = models.PositiveSmallIntegerField(
        _("開始年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    annual_amount_per_region_yen = models.BigIntegerField(
        _("1地域当たり年間補助額（円）"), validators=[MinValueValidator(0)]
    )
    duration_years = models.PositiveSmallIntegerField(_("支援期間（年）"))
    region_label_ja = models.CharField(_("地域の呼称"), max_length=8, default="地域")

    class Meta:
        verbose_name = _("事業")
        verbose_name_plural = _("事業")
        ordering = ["start_fy", "code"]

    def __str__(self) -> str:
        return self.name_ja


class BudgetFigure(ChangeLoggedModel):
    """A budget (予算額) or budget request (概算要求額) for one fiscal year.

    With no programme the figure is for the whole subsidy, as the seed gives
    the FY2005 request; programme figures are the per-scheme budgets.
    """

    subsidy = models.ForeignKey(
        Subsidy,
        verbose_name=_("補助事業"),
        on_delete=models.CASCADE,
        related_name="budget_figures",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("事業"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="budget_figures",
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    kind = models.CharField(_("区分"), max_length=8, choices=BudgetKind.choices)
    amount_yen = models.BigIntegerField(
        _("金額（円）"), validators=[MinValueValidator(0)]
    )
    certainty = models.CharField(
        _("確度"), max_length=12, choices=Certainty.choices, default=Certainty.HIGH
    )
    source = models.CharField(_("出典"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("予算")
        verbose_name_plural = _("予算")
        ordering = ["fiscal_year", "kind", "programme__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["subsidy", "programme", "fiscal_year", "kind"],
                name="budget_unique_per_programme_year_kind",
                violation_error_message=_("同じ事業・年度・区分の予算は既にあります。"),
            ),
            models.UniqueConstraint(
                fields=["subsidy", "fiscal_year", "kind"],
                condition=Q(programme__isnull=True),
                name="budget_unique_whole_subsidy_year_kind",
                violation_error_message=_(
                    "同じ年度・区分の補助事業全体の予算は既にあります。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_yen__gte=0),
                name="budget_amount_not_negative",
                violation_error_message=_("金額は0円以上です。"),
            ),
        ]

    def __str__(self) -> str:
        owner = self.programme or self.subsidy
        return f"{owner} {self.fiscal_year}年度 {self.get_kind_display()}"


class Theme(models.Model):
    """A technology field a region works in (IT, バイオ, ナノテク, 環境 …)."""

    code = models.SlugField(_("コード"), max_length=32, unique=True)
    name_ja = models.CharField(_("名称"), max_length=32, unique=True)
    name_en = models.CharField(_("英語名"), max_length=64)

    class Meta:
        verbose_name = _("分野")
        verbose_name_plural = _("分野")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_ja


class Organisation(ChangeLoggedModel):
    """A legal body: a core institution (中核機関), university, company or office."""

    name_ja = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("英語名"), max_length=200, blank=True)
    kind = models.CharField(
        _("種別"),
        max_length=24,
        choices=OrganisationKind.choices,
        default=OrganisationKind.OTHER,
    )
    corporate_number = models.CharField(
        _("法人番号"),
        max_length=13,
        blank=True,
        validators=[validate_corporate_number],
        help_text=_("13桁。2015年以降に指定。不明なら空欄。"),
    )
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("所在都道府県"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    certainty = models.CharField(
        _("確度"), max_length=12, choices=Certainty.choices, default=Certainty.HIGH
    )

    class Meta:
        verbose_name = _("機関")
        verbose_name_plural = _("機関")
        ordering = ["name_ja"]
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=~Q(corporate_number=""),
                name="organisation_corporate_number_unique",
                violation_error_message=_("この法人番号の機関は既に登録されています。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name_ja


class RegionQuerySet(models.QuerySet["Region"]):
    def active_in(self, fiscal_year: int) -> RegionQuerySet:
        """Regions funded in that FY: started, and not yet past their end."""
        return self.annotate(
            _last_fy=Coalesce(F("end_fy"), F("planned_end_fy"))
        ).filter(start_fy__lte=fiscal_year, _last_fy__gte=fiscal_year)

    def for_programme(self, code: str) -> RegionQuerySet:
        return self.filter(programme__code=code)


class Region(ChangeLoggedModel):
    """A funded region (KC 地域) or area (CA エリア) run by its core institution."""

    code = models.CharField(
        _("地域コード"), max_length=40, unique=True, validators=[region_code_validator]
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("事業"),
        on_delete=models.PROTECT,
        related_name="regions",
    )
    name_ja = models.CharField(_("地域名"), max_length=100)
    name_en = models.CharField(_("英語名"), max_length=200, blank=True)
    cluster_name_ja = models.CharField(_("クラスター名"), max_length=200, blank=True)
    main_prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("主たる都道府県"),
        on_delete=models.PROTECT,
        related_name="main_regions",
    )
    prefectures = models.ManyToManyField(
        Prefecture, verbose_name=_("都道府県"), related_name="regions"
    )
    start_fy = models.PositiveSmallIntegerField(
        _("開始年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    planned_end_fy = models.PositiveSmallIntegerField(
        _("終了予定年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    end_fy = models.PositiveSmallIntegerField(
        _("終了年度"),
        null=True,
        blank=True,
        validators=FISCAL_YEAR_VALIDATORS,
        help_text=_("予定より早く終了・中止した場合のみ"),
    )
    status = models.CharField(
        _("状態"),
        max_length=12,
        choices=RegionStatus.choices,
        default=RegionStatus.ACTIVE,
    )
    track = models.CharField(
        _("類型"), max_length=12, choices=RegionTrack.choices, blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("分野"), blank=True, related_name="regions"
    )
    safety_security = models.BooleanField(_("安全・安心テーマ"), default=False)
    core_institution = models.ForeignKey(
        Organisation,
        verbose_name=_("中核機関"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="core_regions",
    )
    name_certainty = models.CharField(
        _("名称の確度"),
        max_length=12,
        choices=Certainty.choices,
        default=Certainty.HIGH,
    )
    source = models.CharField(_("出典"), max_length=300, blank=True)
    note = models.TextField(_("備考"), blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("地域")
        verbose_name_plural = _("地域")
        ordering = ["programme__start_fy", "programme__code", "start_fy", "code"]
        # One per filter and ordering of the region list and /api/v1/regions
        # (each ends with code, the tie-breaker of REGION_ORDERINGS and the key
        # of cursor pages); the prefecture filter uses the M2M table's index.
        indexes = [
            models.Index(
                fields=["programme", "start_fy", "code"], name="region_programme_start"
            ),
            models.Index(fields=["start_fy", "code"], name="region_start_fy"),
            models.Index(fields=["planned_end_fy", "code"], name="region_planned_end"),
            models.Index(fields=["end_fy", "planned_end_fy"], name="region_end_fy"),
            models.Index(fields=["status", "code"], name="region_status"),
            models.Index(fields=["name_ja", "code"], name="region_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_fy__gte=F("start_fy")),
                name="region_planned_end_after_start",
                violation_error_message=_("終了予定年度は開始年度以降にしてください。"),
            ),
            models.CheckConstraint(
                condition=Q(end_fy__isnull=True) | Q(end_fy__gte=F("start_fy")),
                name="region_end_after_start",
                violation_error_message=_("終了年度は開始年度以降にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_ja}（{self.programme.code}）"

    @property
    def last_fy(self) -> int:
        return self.end_fy or self.planned_end_fy

    def is_active_in(self, fiscal_year: int) -> bool:
        return self.start_fy <= fiscal_year <= self.last_fy


class StaffAssignment(ChangeLoggedModel):
    """A person in a region's cluster HQ or coordination team for some years."""

    region = models.ForeignKey(
        Region,
        verbose_name=_("地域"),
        on_delete=models.CASCADE,
        related_name="staff",
    )
    person_name = models.CharField(_("氏名"), max_length=100)
    role = models.CharField(_("役職"), max_length=24, choices=HQRole.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("所属"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_assignments",
    )
    from_fy = models.PositiveSmallIntegerField(
        _("就任年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    to_fy = models.PositiveSmallIntegerField(
        _("退任年度"), null=True, blank=True, validators=FISCAL_YEAR_VALIDATORS
    )
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    class Meta:
        verbose_name = _("本部・コーディネータ")
        verbose_name_plural = _("本部・コーディネータ")
        ordering = ["region", "role", "from_fy"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_fy__isnull=True) | Q(to_fy__gte=F("from_fy")),
                name="staff_to_after_from",
                violation_error_message=_("退任年度は就任年度以降にしてください。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name_ja} {self.get_role_display()} {self.person_name}"


class SpecialZone(ChangeLoggedModel):
    """A structural reform special zone (構造改革特区) linked to a cluster."""

    name_ja = models.CharField(_("特区名"), max_length=100, unique=True)
    applicant_ja = models.CharField(_("申請主体"), max_length=50)
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("都道府県"),
        on_delete=models.PROTECT,
        related_name="special_zones",
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("関連地域"), related_name="special_zones", blank=True
    )
    source = models.CharField(_("出典"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("構造改革特区")
        verbose_name_plural = _("構造改革特区")
        ordering = ["name_ja"]

    def __str__(self) -> str:
        return f"{self.name_ja}（{self.applicant_ja}）"


class PromotionCouncil(ChangeLoggedModel):
    """A 地域クラスター推進協議会 of MEXT, METI and the local government."""

    name_ja = models.CharField(_("協議会名"), max_length=150, unique=True)
    regions = models.ManyToManyField(
        Region, verbose_name=_("関連地域"), related_name="councils", blank=True
    )
    members_ja = models.CharField(
        _("構成"), max_length=300, default="文部科学省・経済産業省・地方公共団体"
    )
    established_fy = models.PositiveSmallIntegerField(
        _("設置年度"), null=True, blank=True, validators=FISCAL_YEAR_VALIDATORS
    )
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    class Meta:
        verbose_name = _("地域クラスター推進協議会")
        verbose_name_plural = _("地域クラスター推進協議会")
        ordering = ["name_ja"]

    def __str__(self) -> str:
        return self.name_ja
