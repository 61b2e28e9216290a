"""Japan's prefectures and designated cities: the population that targets cover."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from geo.validators import validate_local_government_code

prefecture_code_validator = RegexValidator(
    r"^(0[1-9]|[1-3][0-9]|4[0-7])$", _("都道府県コードは01〜47の2桁です。")
)


class PrefectureQuerySet(models.QuerySet["Prefecture"]):
    def with_policy_outline(self, fiscal_year: int) -> PrefectureQuerySet:
        """Prefectures that had their own S&T policy outline by that FY."""
        return self.filter(st_policy_outline_fy__lte=fiscal_year)


class Prefecture(models.Model):
    """A prefecture (都道府県), keyed by its JIS X 0401 code."""

    code = models.CharField(
        _("都道府県コード"),
        max_length=2,
        primary_key=True,
        validators=[prefecture_code_validator],
    )
    name_ja = models.CharField(_("名称"), max_length=8, unique=True)
    name_en = models.CharField(_("英語名"), max_length=32)
    block = models.CharField(_("地方"), max_length=16)
    st_policy_outline_fy = models.PositiveSmallIntegerField(
        _("科学技術政策大綱等の策定年度"),
        null=True,
        blank=True,
        help_text=_("独自の科学技術政策大綱・方針を策定した年度（未策定なら空欄）"),
    )
    st_policy_outline_synthetic = models.BooleanField(
        _("策定年度は合成データ"), default=False
    )

    objects = PrefectureQuerySet.as_manager()

    class Meta:
        verbose_name = _("都道府県")
        verbose_name_plural = _("都道府県")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_ja


class DesignatedCity(models.Model):
    """A designated city (政令指定都市), which may adopt its own S&T policy outline."""

    code = models.CharField(
        _("地方公共団体コード"),
        max_length=6,
        primary_key=True,
        validators=[validate_local_government_code],
    )
    name_ja = models.CharField(_("名称"), max_length=16, unique=True)
    name_en = models.CharField(_("英語名"), max_length=32)
    prefecture = models.ForeignKey(
        Prefecture,
        verbose_name=_("都道府県"),
        on_delete=models.PROTECT,
        related_name="designated_cities",
    )
    designated_on = models.DateField(_("指定日"))
    st_policy_outline_fy = models.PositiveSmallIntegerField(
        _("科学技術政策大綱等の策定年度"), null=True, blank=True
    )
    st_policy_outline_synthetic = models.BooleanField(
        _("策定年度は合成データ"), default=False
    )

    class Meta:
        verbose_name = _("政令指定都市")
        verbose_name_plural = _("政令指定都市")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_ja
