"""Forecast a target's value at its deadline, and judge it in MEXT's words.

The model is deliberately simple, so that an officer can explain it in one
sentence: **a straight line fitted by ordinary least squares to the yearly
observations, extended to the deadline, with a Student-t prediction interval.**

What is extrapolated depends on how the metric is built from the yearly data:

* ``forecast_cumulative`` — the yearly *flows* (e.g. patent applications filed
  each year) follow the line; the value at the deadline is what is already
  accumulated plus the predicted flows of every year still to come.
* ``forecast_level`` — the metric's own yearly value (a count, a share, a
  growth rate) follows the line; the value at the deadline is the line's value
  in that year.
* ``forecast_increase`` — the yearly level follows the line; the value at the
  deadline is that year's level minus the year before's.

All three predict a linear combination ``known + Σ w_j · y_j`` of future
observations ``y_j = a + b·t_j + ε_j`` (ε independent, normal, variance σ²).
Its predictive variance is ``σ̂² (Σ w_j² + gᵀ(XᵀX)⁻¹g)`` with ``g = Σ w_j x_j``:
the noise of each future year plus the uncertainty of the fitted line. With
``n`` observations the standardised error follows a t distribution with
``n − 2`` degrees of freedom, which gives both the interval and the
probability of reaching the goal, ``P(value ≥ goal)``.

Fewer than ``MIN_POINTS`` (3) observations leave no degree of freedom for the
noise, so the forecast says "insufficient data" instead of guessing.

Judgements (defaults in :class:`JudgementThresholds`, configurable):

* before the deadline, a prospect: 達成見込み when ``P ≥ 0.8``; 概ね達成見込み
  when ``P ≥ 0.5`` or the central forecast is at least 90 % of the goal;
  otherwise 達成困難; データ不足 without a forecast.
* at or after the deadline, MEXT's achievement wording from the achieved
  share of the goal, calibrated on domain-facts §3c (about 156 % was rated
  想定した以上に達成, about 70 % 一定の成果…一部…): ≥ 120 % 想定した以上に達成,
  ≥ 100 % 想定どおり達成, ≥ 50 % 一定の成果が上がっているが、一部については
  想定どおり達成できなかった, below that 想定どおりには達成できなかった.

Pure Python + numpy/scipy: no Django, so hypothesis can hammer it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

__all__ = [
    "DEFAULT_CONFIDENCE",
    "MIN_POINTS",
    "Achievement",
    "Forecast",
    "ForecastStatus",
    "JudgementThresholds",
    "Prediction",
    "Prospect",
    "Trend",
    "achievement_ratio",
    "forecast_cumulative",
    "forecast_increase",
    "forecast_level",
    "judge_achievement",
    "judge_prospect",
]

#: Fewer observations than this give no estimate of the noise (n − 2 = 0).
MIN_POINTS = 3
#: Two-sided coverage of the prediction interval.
DEFAULT_CONFIDENCE = 0.8
#: Relative size below which a standard error counts as zero (exact series).
_EXACT = 1e-9


class ForecastStatus(StrEnum):
    OK = "ok"
    INSUFFICIENT_DATA = "insufficient_data"


class Prospect(StrEnum):
    """Before the deadline: 達成見込み / 概ね達成見込み / 達成困難 / データ不足."""

    LIKELY = "likely"
    ROUGHLY = "roughly"
    DIFFICULT = "difficult"
    INSUFFICIENT_DATA = "insufficient_data"


class Achievement(StrEnum):
    """After the deadline: MEXT's four levels of achievement (S, A, B, C)."""

    EXCEEDED = "exceeded"
    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not_achieved"


@dataclass(frozen=True)
class JudgementThresholds:
    """Where the judgement words change; see the module docstring for why."""

    likely_probability: float = 0.8
    roughly_probability: float = 0.5
    roughly_ratio: float = 0.9
    exceeded_ratio: float = 1.2
    achieved_ratio: float = 1.0
    partly_ratio: float = 0.5
    confidence: float = DEFAULT_CONFIDENCE
    min_points: int = MIN_POINTS

    def __post_init__(self) -> None:
        if not 0 <= self.roughly_probability <= self.likely_probability <= 1:
            raise ValueError("need 0 ≤ roughly_probability ≤ likely_probability ≤ 1")
        if not 0 <= self.partly_ratio <= self.achieved_ratio <= self.exceeded_ratio:
            raise ValueError("need 0 ≤ partly ≤ achieved ≤ exceeded ratios")
        if not 0 < self.confidence < 1:
            raise ValueError("confidence must lie strictly between 0 and 1")
        if self.min_points < MIN_POINTS:
            raise ValueError(f"min_points must be at least {MIN_POINTS}")


@dataclass(frozen=True)
class Trend:
    """The fitted line ``value = intercept + slope · (year − origin)``."""

    intercept: float
    slope: float
    origin: int
    residual_sd: float
    points: int

    @property
    def degrees_of_freedom(self) -> int:
        return self.points - 2

    def at(self, year: int) -> float:
        return self.intercept + self.slope * (year - self.origin)


@dataclass(frozen=True)
class Prediction:
    """The forecast of the metric's value in one future fiscal year."""

    fiscal_year: int
    point: float
    lower: float
    upper: float


@dataclass(frozen=True)
class Forecast:
    """The value expected at the deadline, its interval and P(value ≥ goal).

    ``path`` holds the same prediction for every year from the one after the
    last observation to the deadline, so a chart can draw the band.
    """

    status: ForecastStatus
    deadline: int
    goal: float
    confidence: float
    point: float | None = None
    lower: float | None = None
    upper: float | None = None
    probability: float | None = None
    trend: Trend | None = None
    path: tuple[Prediction, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is ForecastStatus.OK


Bounds = tuple[float | None, float | None]
#: For a target year: the already known part and the weights of future years.
Plan = tuple[float, dict[int, float]]
PlanFunc = Callable[[int], Plan]


# --- the three models -------------------------------------------------------------


def forecast_cumulative(
    years: Sequence[int],
    flows: Sequence[float],
    *,
    deadline: int,
    goal: float,
    confidence: float = DEFAULT_CONFIDENCE,
    min_points: int = MIN_POINTS,
) -> Forecast:
    """Accumulated flows so far plus the predicted flows of each future year.

    The total can only grow from what is already accumulated, so the interval
    never goes below it (flows of counts are never negative).
    """
    known = float(sum(flows))

    def plan(year: int) -> Plan:
        return known, dict.fromkeys(range(years[-1] + 1, year + 1), 1.0)

    bounds: Bounds = (known, None)
    return _forecast(years, flows, deadline, goal, plan, confidence, min_points, bounds)


def forecast_level(
    years: Sequence[int],
    values: Sequence[float],
    *,
    deadline: int,
    goal: float,
    confidence: float = DEFAULT_CONFIDENCE,
    min_points: int = MIN_POINTS,
    bounds: Bounds = (None, None),
) -> Forecast:
    """The fitted line's value in each future year (``bounds`` clip shares)."""

    def plan(year: int) -> Plan:
        return 0.0, {year: 1.0}

    return _forecast(
        years, values, deadline, goal, plan, confidence, min_points, bounds
    )


def forecast_increase(
    years: Sequence[int],
    values: Sequence[float],
    *,
    deadline: int,
    goal: float,
    confidence: float = DEFAULT_CONFIDENCE,
    min_points: int = MIN_POINTS,
) -> Forecast:
    """A future year's level minus the previous year's (observed or predicted)."""
    observed = dict(zip(years, values, strict=True))

    def plan(year: int) -> Plan:
        if year - 1 in observed:
            return -float(observed[year - 1]), {year: 1.0}
        return 0.0, {year: 1.0, year - 1: -1.0}

    return _forecast(
        years, values, deadline, goal, plan, confidence, min_points, (None, None)
    )


# --- the common machinery ---------------------------------------------------------


def _forecast(
    years: Sequence[int],
    values: Sequence[float],
    deadline: int,
    goal: float,
    plan: PlanFunc,
    confidence: float,
    min_points: int,
    bounds: Bounds,
) -> Forecast:
    _check_series(years, values, deadline)
    empty = Forecast(ForecastStatus.INSUFFICIENT_DATA, deadline, goal, confidence)
    if len(years) < max(min_points, MIN_POINTS):
        return empty
    trend, inverse = _fit(years, values)
    path = tuple(
        _predict(trend, inverse, year, plan(year), confidence, bounds)
        for year in range(years[-1] + 1, deadline + 1)
    )
    known, weights = plan(deadline)
    point, se = _moments(trend, inverse, known, weights)
    final = path[-1]
    return Forecast(
        status=ForecastStatus.OK,
        deadline=deadline,
        goal=goal,
        confidence=confidence,
        point=final.point,
        lower=final.lower,
        upper=final.upper,
        probability=_probability(point, se, goal, trend, bounds),
        trend=trend,
        path=path,
    )


def _check_series(years: Sequence[int], values: Sequence[float], deadline: int) -> None:
    if len(years) != len(values):
        raise ValueError("years and values differ in length")
    if any(later <= earlier for earlier, later in zip(years, years[1:], strict=False)):
        raise ValueError("years must increase strictly")
    if years and deadline <= years[-1]:
        raise ValueError("the deadline must come after the last observation")
    if not all(math.isfinite(float(v)) for v in values):
        raise ValueError("values must be finite numbers")


def _fit(years: Sequence[int], values: Sequence[float]) -> tuple[Trend, np.ndarray]:
    """OLS on (1, year − first year); returns the trend and (XᵀX)⁻¹."""
    origin = years[0]
    design = np.column_stack(
        [np.ones(len(years)), np.asarray(years, dtype=float) - origin]
    )
    observed = np.asarray(values, dtype=float)
    inverse = np.linalg.inv(design.T @ design)
    intercept, slope = inverse @ design.T @ observed
    residuals = observed - design @ np.array([intercept, slope])
    dof = len(years) - 2
    sd = math.sqrt(float(residuals @ residuals) / dof)
    trend = Trend(float(intercept), float(slope), origin, sd, len(years))
    return trend, inverse


def _moments(
    trend: Trend, inverse: np.ndarray, known: float, weights: Mapping[int, float]
) -> tuple[float, float]:
    """Mean and standard error of ``known + Σ w_j y_j``."""
    point = known + sum(w * trend.at(year) for year, w in weights.items())
    gradient = np.zeros(2)
    for year, w in weights.items():
        gradient += w * np.array([1.0, year - trend.origin])
    noise = sum(w * w for w in weights.values())
    variance = trend.residual_sd**2 * (noise + float(gradient @ inverse @ gradient))
    return point, math.sqrt(max(variance, 0.0))


def _predict(
    trend: Trend,
    inverse: np.ndarray,
    year: int,
    plan: Plan,
    confidence: float,
    bounds: Bounds,
) -> Prediction:
    point, se = _moments(trend, inverse, *plan)
    half = float(stats.t.ppf(0.5 + confidence / 2, trend.degrees_of_freedom)) * se
    low, high = bounds
    return Prediction(
        fiscal_year=year,
        point=_clip(point, low, high),
        lower=_clip(point - half, low, high),
        upper=_clip(point + half, low, high),
    )


def _probability(
    point: float, se: float, goal: float, trend: Trend, bounds: Bounds
) -> float:
    """P(value ≥ goal) under the predictive t distribution, clipped to bounds."""
    low, high = bounds
    if low is not None and low >= goal:
        return 1.0
    if high is not None and high < goal:
        return 0.0
    scale = max(1.0, abs(goal), abs(point), abs(trend.intercept))
    if se <= _EXACT * scale:
        return 1.0 if point >= goal - _EXACT * scale else 0.0
    return float(stats.t.sf((goal - point) / se, trend.degrees_of_freedom))


def _clip(value: float, low: float | None, high: float | None) -> float:
    if low is not None and value < low:
        return low
    if high is not None and value > high:
        return high
    return value


# --- judgements -------------------------------------------------------------------


def judge_prospect(
    forecast: Forecast, thresholds: JudgementThresholds | None = None
) -> Prospect:
    """達成見込み / 概ね達成見込み / 達成困難 before the deadline (see module doc)."""
    limits = thresholds or JudgementThresholds()
    if not forecast.ok or forecast.probability is None or forecast.point is None:
        return Prospect.INSUFFICIENT_DATA
    if forecast.probability >= limits.likely_probability:
        return Prospect.LIKELY
    near = forecast.goal > 0 and forecast.point >= limits.roughly_ratio * forecast.goal
    if forecast.probability >= limits.roughly_probability or near:
        return Prospect.ROUGHLY
    return Prospect.DIFFICULT


def achievement_ratio(value: float, goal: float) -> float:
    """The achieved share of the goal (1.0 = exactly reached).

    A goal of zero or less is met by any value at or above it; such a goal
    has no meaningful share, so it counts as exactly reached or not at all.
    """
    if goal > 0:
        return value / goal
    return 1.0 if value >= goal else 0.0


def judge_achievement(
    value: float, goal: float, thresholds: JudgementThresholds | None = None
) -> Achievement:
    """MEXT's achievement wording at or after the deadline (see module doc)."""
    limits = thresholds or JudgementThresholds()
    ratio = achievement_ratio(value, goal)
    if ratio >= limits.exceeded_ratio and ratio > limits.achieved_ratio:
        return Achievement.EXCEEDED
    if ratio >= limits.achieved_ratio:
        return Achievement.ACHIEVED
    if ratio >= limits.partly_ratio:
        return Achievement.PARTLY
    return Achievement.NOT_ACHIEVED
