"""Enumerations of the sheets app; Japanese labels are the source strings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["ProsePart", "SheetFormat", "SheetLanguage"]


class ProsePart(models.TextChoices):
    """The parts of the sheet an officer writes (the rest is computed).

    The keys name the seed's sections; 備考 has two parts, the judgement basis
    and the list of basis documents, as the seed lays them side by side.
    """

    OVERVIEW = "overview", _("事業の概要")
    INITIAL_EFFECT = "initial_effect", _("事業開始時において得ようとした効果")
    OBTAINED_EFFECT = "obtained_effect", _("得られた効果")
    INTENDED_EFFECT = "intended_effect", _("得ようとする効果")
    NECESSITY = "necessity", _("必要性")
    EFFICIENCY = "efficiency", _("効率性")
    EFFECTIVENESS = "effectiveness", _("有効性")
    REMARKS = "remarks", _("備考")
    BASIS_DOCUMENTS = "basis_documents", _("備考（根拠資料）")


class SheetFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (xlsx)"
    MARKDOWN = "md", "Markdown"


class SheetLanguage(models.TextChoices):
    JA = "ja", _("日本語")
    EN = "en", _("英語")
