"""Enumerations of the evaluations app; Japanese labels are the source strings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.allocation import Bound
from lib.scoring import Aggregation as ScoringAggregation


class EvaluationType(models.TextChoices):
    SELECTION = "selection", _("採択")
    INTERIM = "interim", _("中間評価")
    FINAL = "final", _("終了評価")
    CONTINUATION = "continuation", _("発展型採択")


class EvaluationState(models.TextChoices):
    DRAFT = "draft", _("準備中")
    OPEN = "open", _("採点中")
    CLOSED = "closed", _("締切")
    PUBLISHED = "published", _("公表")


class Aggregation(models.TextChoices):
    MEAN = ScoringAggregation.MEAN.value, _("平均")
    TRIMMED_MEAN = ScoringAggregation.TRIMMED_MEAN.value, _("トリム平均")


class Rating(models.TextChoices):
    """MEXT's letter grades of the era (domain-facts §3c; the C wording is L)."""

    S = "S", _("S（想定した以上に達成）")
    A = "A", _("A（想定どおり達成）")
    B = (
        "B",
        _("B（一定の成果が上がっているが、一部については想定どおり達成できなかった）"),
    )
    C = "C", _("C（想定どおりには達成できなかった）")


class CityAreaDecision(models.TextChoices):
    CONTINUE = "continue", _("継続（発展型への応募可）")
    END = "end", _("終了")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("提出済み")
    WITHDRAWN = "withdrawn", _("取下げ")
    SELECTED = "selected", _("採択")
    REJECTED = "rejected", _("不採択")


class AssignmentMethod(models.TextChoices):
    AUTOMATIC = "automatic", _("自動")
    MANUAL = "manual", _("手動")


class AllocationBound(models.TextChoices):
    NONE = Bound.NONE.value, _("上下限の範囲内")
    FLOOR = Bound.FLOOR.value, _("下限")
    CEILING = Bound.CEILING.value, _("上限")


class AllocationWeighting(models.TextChoices):
    """How an evaluation result becomes a region's weight in the 傾斜配分."""

    RATING = "rating", _("評価区分（S/A/B/C）")
    SCORE = "score", _("評点")
    EQUAL = "equal", _("均等")


class AllocationStatus(models.TextChoices):
    DRAFT = "draft", _("試算")
    ADOPTED = "adopted", _("決定")
