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


class Judgement(models.TextChoices):
    """The words of Japanese policy evaluation (codes match lib.forecast).

    Before the deadline a prospect; at or after it MEXT's achievement wording
    (domain-facts §3c). The order is best first, so the worst of several
    metrics is the one with the highest index within its group.
    """

    LIKELY = "likely", _("達成見込み")
    ROUGHLY = "roughly", _("概ね達成見込み")
    DIFFICULT = "difficult", _("達成困難")
    INSUFFICIENT_DATA = "insufficient_data", _("データ不足")
    EXCEEDED = "exceeded", _("想定した以上に達成")
    ACHIEVED = "achieved", _("想定どおり達成")
    PARTLY = (
        "partly",
        _("一定の成果が上がっているが、一部については想定どおり達成できなかった"),
    )
    NOT_ACHIEVED = "not_achieved", _("想定どおりには達成できなかった")
