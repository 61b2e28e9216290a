"""Enumerations of policy targets."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MetricKind(models.TextChoices):
    COUNT = "count", _("件数（条件に合う対象の数）")
    CUMULATIVE_SUM = "cumulative_sum", _("累計")
    COVERAGE = "coverage", _("カバー率")
    GROWTH_VS_BASELINE = "growth_vs_baseline", _("基準年度比の増加率")
    EVERY_YEAR = "every_year", _("毎年実施")
    YOY_INCREASE = "yoy_increase", _("前年度比の増加")


class TargetRelation(models.TextChoices):
    PRIMARY = "primary", _("本事業の達成目標")
    RELATED = "related", _("関連する達成目標")
