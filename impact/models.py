"""Comparison data: yearly outcomes of units inside and outside the programmes.

The programmes' own reports only cover funded regions, so an effect estimate
needs outside series (e.g. patent applications by prefecture from 特許庁's
annual report). A dataset keeps where its figures came from (URL, retrieval
date, file digest) so that every estimate can be traced to its source.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel

__all__ = ["ComparisonDataset", "ComparisonValue"]


class ComparisonDataset(ChangeLoggedModel):
    """One imported table of an outcome by unit and fiscal year, with provenance."""

    class UnitKind(models.TextChoices):
        PREFECTURE = "prefecture", _("都道府県")
        DESIGNATED_CITY = "designated_city", _("政令指定都市")
        INSTITUTION = "institution", _("機関")

    key = models.SlugField(_("キー"), max_length=64, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    outcome = models.SlugField(
        _("成果指標"), max_length=64, help_text=_("例: patent_applications")
    )
    unit_kind = models.CharField(
        _("単位の種類"), max_length=20, choices=UnitKind, default=UnitKind.PREFECTURE
    )
    source_url = models.URLField(_("出典URL"), blank=True)
    retrieved_on = models.DateField(_("取得日"))
    synthetic = models.BooleanField(
        _("合成データ"), default=False, help_text=_("実データではない（合成）")
    )
    provenance = models.TextField(
        _("由来・作成方法"), help_text=_("出典の表、加工、合成なら植え込んだ効果")
    )
    file_name = models.CharField(_("ファイル名"), max_length=255, blank=True)
    file_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("取込者"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("比較データセット")
        verbose_name_plural = _("比較データセット")
        ordering = ["outcome", "key"]

    def __str__(self) -> str:
        mark = "（合成）" if self.synthetic else ""
        return f"{self.title}{mark}"


class ComparisonValue(models.Model):
    """One unit's outcome in one fiscal year, within a dataset."""

    dataset = models.ForeignKey(
        ComparisonDataset,
        verbose_name=_("データセット"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    unit_code = models.CharField(_("単位コード"), max_length=32)
    unit_name = models.CharField(_("単位名"), max_length=100, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    value = models.FloatField(_("値"))

    class Meta:
        verbose_name = _("比較データの値")
        verbose_name_plural = _("比較データの値")
        ordering = ["dataset", "unit_code", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "unit_code", "fiscal_year"],
                name="comparison_value_unique_unit_year",
                violation_error_message=_("同じ単位・年度の値が重複しています。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.fiscal_year}: {self.value}"
