"""Models of the sheets app: the officers' prose and the published versions.

The figures of a sheet are never stored for the draft: they are computed
from the live data each time (sheets/figures.py). Only publication freezes
them, together with the renderings the public downloads.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from programmes.models import FISCAL_YEAR_VALIDATORS
from sheets.choices import ProsePart, SheetFormat, SheetLanguage

__all__ = ["PublishedSheet", "SheetProse", "SheetRendition"]


class SheetProseQuerySet(models.QuerySet["SheetProse"]):
    def current_for(self, fiscal_year: int) -> dict[str, SheetProse]:
        """The latest revision of each part for the FY (one query)."""
        latest: dict[str, SheetProse] = {}
        for prose in self.filter(fiscal_year=fiscal_year).order_by("part", "revision"):
            latest[prose.part] = prose
        return latest


class SheetProse(ChangeLoggedModel):
    """One revision of a written part (必要性, 効率性 …) of one FY's sheet.

    Revisions are never overwritten: an edit adds the next revision, so the
    wording of any earlier generation stays recoverable.
    """

    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    part = models.CharField(_("項目"), max_length=24, choices=ProsePart.choices)
    revision = models.PositiveIntegerField(_("版"))
    text_ja = models.TextField(_("本文"))
    text_en = models.TextField(_("英語の本文"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SheetProseQuerySet.as_manager()

    class Meta:
        verbose_name = _("事業評価書の記述")
        verbose_name_plural = _("事業評価書の記述")
        ordering = ["fiscal_year", "part", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "part", "revision"],
                name="sheet_prose_unique_revision",
                violation_error_message=_("この年度・項目・版の記述は既にあります。"),
            ),
            models.CheckConstraint(
                condition=Q(revision__gte=1),
                name="sheet_prose_revision_positive",
                violation_error_message=_("版は1以上です。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度 {self.get_part_display()} 第{self.revision}版"


class PublishedSheet(ChangeLoggedModel):
    """A frozen, public version of one FY's sheet: figures, prose and files.

    ``figures`` and ``prose`` are the JSON the renderings were made from;
    ``data_version`` names the state of the data (see sheets.document).
    """

    audit_exclude: ClassVar[frozenset[str]] = frozenset({"figures", "prose"})

    fiscal_year = models.PositiveSmallIntegerField(
        _("年度"), validators=FISCAL_YEAR_VALIDATORS
    )
    number = models.PositiveIntegerField(_("公表版"))
    published_at = models.DateTimeField(_("公表日時"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("公表者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data_version = models.CharField(_("データ版"), max_length=100)
    figures = models.JSONField(_("数値"))
    prose = models.JSONField(_("記述"))

    class Meta:
        verbose_name = _("公表済み事業評価書")
        verbose_name_plural = _("公表済み事業評価書")
        ordering = ["-fiscal_year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "number"],
                name="published_sheet_unique_number",
                violation_error_message=_("この年度・版の公表版は既にあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}年度 事業評価書 公表版{self.number}"


class SheetRendition(models.Model):
    """One file of a published sheet (a format in a language), byte for byte."""

    sheet = models.ForeignKey(
        PublishedSheet,
        verbose_name=_("公表版"),
        on_delete=models.CASCADE,
        related_name="renditions",
    )
    format = models.CharField(_("形式"), max_length=8, choices=SheetFormat.choices)
    language = models.CharField(_("言語"), max_length=4, choices=SheetLanguage.choices)
    content = models.BinaryField(_("内容"))

    class Meta:
        verbose_name = _("公表ファイル")
        verbose_name_plural = _("公表ファイル")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "format", "language"],
                name="sheet_rendition_unique",
                violation_error_message=_("この形式・言語のファイルは既にあります。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.format} {self.language}"
