"""From committee members' rubric scores to one score and rating per item.

The rules, in the order :func:`summarise` applies them:

1. **Weighted score** of one reviewer for one item: Σ weight·score / Σ weight
   over the rubric's criteria (every criterion must be scored).
2. **Normalisation** (optional, chosen per evaluation): each reviewer's weighted
   scores become z-scores against that reviewer's own mean and (population)
   standard deviation over all items they scored, then are mapped back onto the
   scale with the pooled mean and standard deviation of all weighted scores of
   the evaluation, and clipped to the scale. A harsh and a lenient reviewer who
   rank the items alike thus end up with the same scores. A reviewer with
   fewer than two items or no spread has no usable deviation: their scores are
   only shifted so that their mean equals the pooled mean.
3. **Aggregate** per item: the mean, or the trimmed mean that drops
   ``floor(n × trim)`` scores at each end (default ``trim`` = 0.2, so one of
   five; never so many that nothing is left).
4. **Spread** per item: population standard deviation and range (max − min).
5. **Outliers**: a reviewer's score for an item is flagged when it lies more
   than 1.5 points (on a 1–5 scale; scaled by span / 4 on other scales) from
   the item's median. A z-score rule (|z| > 2) cannot fire in panels of five or
   fewer — with n scores no |z| exceeds √(n − 1) — so the median rule is used.
   Flagged scores still count; the trimmed mean is the way to discount them.
6. **Rating** from the aggregate, rounded to 3 decimals (half up) first so the
   rating always agrees with the score shown: on a 1–5 scale **S ≥ 4.5,
   A ≥ 3.5, B ≥ 2.5, otherwise C**. On another scale each threshold *t* moves to
   ``min + (t − 1) / 4 × (max − min)`` (e.g. 0–10: S ≥ 8.75).

The letters follow MEXT's evaluation usage of that era (domain-facts §3c): S
想定した以上, A 想定どおり, B 一定の成果・一部未達, C 想定どおりには達成できなかった.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from lib.errors import ConventionError

__all__ = [
    "OUTLIER_POINTS_1_TO_5",
    "RATING_THRESHOLDS_1_TO_5",
    "Aggregation",
    "ItemSummary",
    "ReviewerResult",
    "Scale",
    "ScoringError",
    "aggregate",
    "normalise",
    "rate",
    "round_score",
    "spread",
    "summarise",
    "trimmed_mean",
    "weighted_score",
]

#: (rating, lowest score) on a 1–5 scale, best first; below the last is "C".
RATING_THRESHOLDS_1_TO_5: tuple[tuple[str, float], ...] = (
    ("S", 4.5),
    ("A", 3.5),
    ("B", 2.5),
)
LOWEST_RATING = "C"
OUTLIER_POINTS_1_TO_5 = 1.5
DEFAULT_TRIM = 0.2

#: (item key, reviewer key)
Pair = tuple[str, str]


class ScoringError(ConventionError):
    """Scores that cannot be combined (missing criterion, off the scale …)."""


class Aggregation(StrEnum):
    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"


@dataclass(frozen=True, slots=True)
class Scale:
    """The rubric's score scale, e.g. 1–5."""

    minimum: float = 1.0
    maximum: float = 5.0

    def __post_init__(self) -> None:
        if not self.maximum > self.minimum:
            raise ScoringError(
                "scoring.scale",
                "評点の上限は下限より大きくしてください。",
                "The top of the scale must be above its bottom.",
                (self.minimum, self.maximum),
            )

    @property
    def span(self) -> float:
        return self.maximum - self.minimum

    def from_1_to_5(self, value: float) -> float:
        """The point of this scale that corresponds to ``value`` on 1–5."""
        return self.minimum + (value - 1.0) / 4.0 * self.span

    def clip(self, value: float) -> float:
        return min(self.maximum, max(self.minimum, value))


@dataclass(frozen=True, slots=True)
class ReviewerResult:
    """One reviewer's score for one item, before and after normalisation."""

    weighted: float
    adjusted: float
    deviation: float
    is_outlier: bool


@dataclass(frozen=True, slots=True)
class ItemSummary:
    """The committee's combined result for one item."""

    item: str
    score: float
    raw_mean: float
    std: float
    range: float
    reviewers: int
    rating: str
    reviewer_results: Mapping[str, ReviewerResult]

    @property
    def outliers(self) -> tuple[str, ...]:
        return tuple(r for r, res in self.reviewer_results.items() if res.is_outlier)


def weighted_score(
    scores: Mapping[str, float], weights: Mapping[str, float], scale: Scale = Scale()
) -> float:
    """Σ weight·score / Σ weight; every weighted criterion must be scored."""
    missing = sorted(set(weights) - set(scores))
    if missing:
        raise ScoringError(
            "scoring.missing",
            "評価項目 {} の評点がありません。".format("・".join(missing)),
            f"No score for the criteria {', '.join(missing)}.",
            missing,
        )
    total_weight = sum(weights.values())
    if total_weight <= 0 or any(w < 0 for w in weights.values()):
        raise ScoringError(
            "scoring.weights",
            "評価項目の重みは0以上で、合計は正にしてください。",
            "Criterion weights must be >= 0 with a positive sum.",
        )
    for criterion in weights:
        _check_on_scale(criterion, scores[criterion], scale)
    return sum(weights[c] * scores[c] for c in weights) / total_weight


def _check_on_scale(criterion: str, value: float, scale: Scale) -> None:
    if not (scale.minimum <= value <= scale.maximum):
        raise ScoringError(
            "scoring.off_scale",
            "評価項目「{}」の評点 {} は {}〜{} の範囲外です。".format(
                criterion, value, _num(scale.minimum), _num(scale.maximum)
            ),
            f"The score {value} for {criterion!r} is outside "
            f"{scale.minimum}-{scale.maximum}.",
            value,
        )


def trimmed_mean(values: Sequence[float], proportion: float = DEFAULT_TRIM) -> float:
    """Mean after dropping ``floor(n × proportion)`` values at each end."""
    ordered = sorted(values)
    cut = min(int(len(ordered) * proportion), (len(ordered) - 1) // 2)
    return statistics.fmean(ordered[cut : len(ordered) - cut])


def aggregate(
    values: Sequence[float],
    method: Aggregation = Aggregation.MEAN,
    trim: float = DEFAULT_TRIM,
) -> float:
    if not values:
        raise ScoringError(
            "scoring.empty", "評点がありません。", "There are no scores to combine."
        )
    if method is Aggregation.TRIMMED_MEAN:
        return trimmed_mean(values, trim)
    return statistics.fmean(values)


def spread(values: Sequence[float]) -> tuple[float, float]:
    """(population standard deviation, range) of the reviewers' scores."""
    if len(values) < 2:
        return 0.0, 0.0
    return statistics.pstdev(values), max(values) - min(values)


def round_score(value: float) -> float:
    """Three decimals, half up, as scores are shown and stored."""
    return float(Decimal(repr(value)).quantize(Decimal("0.001"), ROUND_HALF_UP))


def rate(score: float, scale: Scale = Scale()) -> str:
    """S / A / B / C by the thresholds of the module docstring (rule 6)."""
    rounded = round_score(score)
    for rating, threshold in RATING_THRESHOLDS_1_TO_5:
        if rounded >= round_score(scale.from_1_to_5(threshold)):
            return rating
    return LOWEST_RATING


def normalise(
    weighted: Mapping[Pair, float], scale: Scale = Scale()
) -> dict[Pair, float]:
    """Per-reviewer z-scores mapped back onto the scale (rule 2)."""
    if not weighted:
        return {}
    pooled_mean = statistics.fmean(weighted.values())
    pooled_std = statistics.pstdev(weighted.values())
    by_reviewer: dict[str, list[float]] = defaultdict(list)
    for (_, reviewer), value in weighted.items():
        by_reviewer[reviewer].append(value)
    moments = {r: _moments(values) for r, values in by_reviewer.items()}
    adjusted = {}
    for (item, reviewer), value in weighted.items():
        mean, std = moments[reviewer]
        if std > 0:
            mapped = pooled_mean + pooled_std * (value - mean) / std
        else:
            mapped = value - mean + pooled_mean
        adjusted[(item, reviewer)] = scale.clip(mapped)
    return adjusted


def _moments(values: list[float]) -> tuple[float, float]:
    mean = statistics.fmean(values)
    std = statistics.pstdev(values) if len(values) >= 2 else 0.0
    return mean, std if std > 1e-12 else 0.0


def summarise(
    weighted: Mapping[Pair, float],
    scale: Scale = Scale(),
    method: Aggregation = Aggregation.MEAN,
    trim: float = DEFAULT_TRIM,
    normalised: bool = False,
) -> dict[str, ItemSummary]:
    """Every item's result from the reviewers' weighted scores (rules 2–6)."""
    adjusted = normalise(weighted, scale) if normalised else dict(weighted)
    items: dict[str, list[str]] = defaultdict(list)
    for item, reviewer in sorted(weighted):
        items[item].append(reviewer)
    return {
        item: _summarise_item(item, reviewers, weighted, adjusted, scale, method, trim)
        for item, reviewers in items.items()
    }


def _summarise_item(
    item: str,
    reviewers: list[str],
    weighted: Mapping[Pair, float],
    adjusted: Mapping[Pair, float],
    scale: Scale,
    method: Aggregation,
    trim: float,
) -> ItemSummary:
    values = [adjusted[(item, r)] for r in reviewers]
    median = statistics.median(values)
    limit = OUTLIER_POINTS_1_TO_5 * scale.span / 4.0
    results = {
        r: ReviewerResult(
            weighted=weighted[(item, r)],
            adjusted=value,
            deviation=value - median,
            is_outlier=abs(value - median) > limit + 1e-9,
        )
        for r, value in zip(reviewers, values, strict=True)
    }
    score = round_score(aggregate(values, method, trim))
    std, value_range = spread(values)
    return ItemSummary(
        item=item,
        score=score,
        raw_mean=round_score(statistics.fmean(weighted[(item, r)] for r in reviewers)),
        std=round_score(std),
        range=round_score(value_range),
        reviewers=len(values),
        rating=rate(score, scale),
        reviewer_results=results,
    )


def _num(value: float) -> str:
    return str(int(value)) if math.isclose(value, int(value)) else str(value)
