"""Evaluate the policy targets: value, progress, forecast and judgement.

One room with three doors: the `kpi` command, `GET /api/v1/targets` and the
web pages all call :func:`evaluate_targets` and render its results. The
metric engine (targets/metrics.py) gives the yearly series in SQL; the
forecast and the judgement words come from lib/forecast.py, with thresholds
from ``settings.CHIIKI_TARGET_JUDGEMENT`` (see :func:`configured_thresholds`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chiiki.caching import cached
from lib.forecast import (
    Forecast,
    JudgementThresholds,
    Prediction,
    Trend,
    forecast_cumulative,
    forecast_increase,
    forecast_level,
    judge_achievement,
    judge_prospect,
)
from lib.wareki import fiscal_year_of
from programmes.models import Programme, Region
from reports.models import YearlyOutcome
from targets.choices import Judgement, MetricKind
from targets.completeness import (
    Completeness,
    Table,
    completeness,
    completeness_table,
    latest_complete_year,
)
from targets.metrics import ForecastModel, MetricSeries, compute_series
from targets.models import Metric, Target

__all__ = [
    "MODEL_DESCRIPTIONS",
    "Interval",
    "MetricResult",
    "SeriesPoint",
    "TargetResult",
    "configured_thresholds",
    "default_fiscal_year",
    "evaluate_metric",
    "evaluate_targets",
    "first_fiscal_year",
    "programme_breakdown",
]

#: Kinds whose goal is a bar to clear (did it every year, did it increase):
#: exceeding it is not "more than planned", so progress stops at 100 %.
THRESHOLD_KINDS = frozenset({MetricKind.EVERY_YEAR, MetricKind.YOY_INCREASE})
#: Kinds whose values are whole numbers (shown and exported without decimals).
INTEGER_KINDS = frozenset(
    {MetricKind.COUNT, MetricKind.CUMULATIVE_SUM, MetricKind.YOY_INCREASE}
)

MODEL_DESCRIPTIONS = {
    ForecastModel.CUMULATIVE: _(
        "年度ごとの実績（フロー）に最小二乗法で直線を当てはめ、達成年度までの"
        "各年度の予測値を現在の累計に加えた値"
    ),
    ForecastModel.LEVEL: _(
        "各年度の値に最小二乗法で直線を当てはめ、達成年度まで延長した値"
    ),
    ForecastModel.INCREASE: _(
        "各年度の水準に最小二乗法で直線を当てはめ、達成年度とその前年度の予測値の差"
    ),
}

_PROSPECT_RANK = {
    Judgement.LIKELY: 0,
    Judgement.ROUGHLY: 1,
    Judgement.DIFFICULT: 2,
}
_ACHIEVEMENT_RANK = {
    Judgement.EXCEEDED: 0,
    Judgement.ACHIEVED: 1,
    Judgement.PARTLY: 2,
    Judgement.NOT_ACHIEVED: 3,
}


@dataclass(frozen=True)
class SeriesPoint:
    fiscal_year: int
    value: float | None


@dataclass(frozen=True)
class Interval:
    lower: float
    upper: float
    confidence: float


@dataclass(frozen=True)
class MetricResult:
    """One metric of a target as of a fiscal year, forecast and judged."""

    key: str
    label: str
    kind: str
    params: dict[str, Any]
    model: ForecastModel
    fiscal_year: int
    deadline: int
    value: float | None
    value_fiscal_year: int | None
    deadline_value: float | None
    goal: float
    unit: str
    progress: float | None
    forecast: float | None
    interval: Interval | None
    probability: float | None
    judgement: Judgement
    series: tuple[SeriesPoint, ...]
    path: tuple[Prediction, ...]
    trend: Trend | None
    fit_years: tuple[int, ...]
    #: The as-of FY's reports, for metrics that sum them (None otherwise).
    completeness: Completeness | None = None
    #: Years left out of the judgement because their reports are incomplete.
    provisional_years: tuple[int, ...] = ()
    #: A cumulative sum including the provisional years (never judged).
    provisional_value: float | None = None
    final: bool = False

    @property
    def is_final(self) -> bool:
        """At or after the deadline with complete years: achievement wording."""
        return self.final

    @property
    def is_provisional(self) -> bool:
        return bool(self.completeness and self.completeness.is_provisional)

    @property
    def model_description(self) -> str:
        return str(MODEL_DESCRIPTIONS[self.model])

    @property
    def judgement_label(self) -> str:
        return str(self.judgement.label)

    @property
    def kind_label(self) -> str:
        return str(MetricKind(self.kind).label)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: numbers rounded, the judgement in Japanese and as a code."""
        return {
            "metric": self.key,
            "label": self.label,
            "kind": self.kind,
            "value": _number(self.value, self.kind),
            "value_fiscal_year": self.value_fiscal_year,
            "deadline_value": _number(self.deadline_value, self.kind),
            "goal": _number(self.goal, self.kind),
            "unit": self.unit,
            "progress": _round(self.progress, 1),
            "forecast": _round(self.forecast, 1),
            "interval": _interval_dict(self.interval),
            "probability": _round(self.probability, 3),
            "judgement": self.judgement_label,
            "judgement_code": self.judgement.value,
            "model": self.model.value,
            "series": [
                {
                    "fiscal_year": p.fiscal_year,
                    "value": _number(p.value, self.kind),
                    "provisional": p.fiscal_year in self.provisional_years,
                }
                for p in self.series
            ],
            "forecast_path": [_prediction_dict(p) for p in self.path],
            "completeness": self.completeness.as_dict() if self.completeness else None,
            "provisional_value": _number(self.provisional_value, self.kind),
        }


@dataclass(frozen=True)
class TargetResult:
    """A target as of a fiscal year: its metrics and the overall judgement.

    The flat fields of :meth:`as_dict` (value, goal, forecast …) are those of
    the target's first metric, its headline; ``metrics`` lists them all.
    """

    code: str
    text: str
    text_en: str
    goal_code: str
    relation: str
    deadline: int
    fiscal_year: int
    metrics: tuple[MetricResult, ...]

    @property
    def headline(self) -> MetricResult | None:
        return self.metrics[0] if self.metrics else None

    @property
    def judgement(self) -> Judgement:
        return overall_judgement([m.judgement for m in self.metrics])

    @property
    def completeness(self) -> Completeness | None:
        """The as-of FY's reports behind the figures (a provisional one first)."""
        known = [m.completeness for m in self.metrics if m.completeness]
        provisional = [c for c in known if c.is_provisional]
        return (provisional or known or [None])[0]

    def as_dict(self) -> dict[str, Any]:
        head = self.headline.as_dict() if self.headline else _empty_metric_dict()
        head.pop("forecast_path", None)
        return {
            "id": self.code,
            "text": self.text,
            "text_en": self.text_en,
            "goal_code": self.goal_code,
            "relation": self.relation,
            "fiscal_year": self.fiscal_year,
            "deadline": self.deadline,
            **head,
            "overall_judgement": str(self.judgement.label),
            "overall_judgement_code": self.judgement.value,
            "metrics": [m.as_dict() for m in self.metrics],
            "completeness": self.completeness.as_dict() if self.completeness else None,
        }


# --- entry points -----------------------------------------------------------------


def evaluate_targets(
    fiscal_year: int,
    *,
    programme: str | None = None,
    targets: QuerySet[Target] | None = None,
    thresholds: JudgementThresholds | None = None,
) -> list[TargetResult]:
    """Every target (or those of ``targets``) as of ``fiscal_year``.

    Queries: two for the targets and their metrics, one for the first FY,
    then one to three per metric whatever the number of regions or rows.
    """
    if targets is None and thresholds is None:
        # The common call (dashboard, /api/v1/targets, list page): cached per
        # data version, so a report accepted or a target edited shows at once.
        return cached(
            "evaluate_targets",
            fiscal_year,
            programme,
            configured_thresholds(),
            compute=lambda: _evaluate(Target.objects.all(), fiscal_year, programme),
        )
    return _evaluate(
        targets if targets is not None else Target.objects.all(),
        fiscal_year,
        programme,
        thresholds,
    )


def _evaluate(
    queryset: QuerySet[Target],
    fiscal_year: int,
    programme: str | None,
    thresholds: JudgementThresholds | None = None,
) -> list[TargetResult]:
    rows = list(queryset.select_related("goal").prefetch_related("metrics"))
    first_fy = first_fiscal_year()
    limits = thresholds or configured_thresholds()
    table = completeness_table()
    return [
        _evaluate_target(target, fiscal_year, programme, first_fy, limits, table)
        for target in rows
    ]


def evaluate_metric(
    metric: Metric,
    fiscal_year: int,
    *,
    deadline: int,
    programme: str | None = None,
    first_fy: int | None = None,
    thresholds: JudgementThresholds | None = None,
    table: Table | None = None,
) -> MetricResult:
    """One metric as of ``fiscal_year``, forecast to ``deadline`` and judged.

    Years whose reports are incomplete (targets.completeness) are shown but
    never judged: value, progress, forecast and judgement read complete years.
    """
    series = compute_series(
        metric.kind,
        metric.params,
        fiscal_year,
        programme=programme,
        first_fy=first_fy if first_fy is not None else first_fiscal_year(),
    )
    limits = thresholds or configured_thresholds()
    scope = metric.params.get("programme") or programme
    state, provisional = None, ()
    if "outcome" in metric.params:
        table = completeness_table() if table is None else table
        state = completeness(fiscal_year, scope, table=table)
        provisional = _provisional_years(series, scope, table)
    return _metric_result(
        metric, series, fiscal_year, deadline, limits, state, provisional
    )


def programme_breakdown(
    metric: Metric, fiscal_year: int, *, deadline: int
) -> list[tuple[Programme, MetricResult]]:
    """The metric evaluated for each programme on its own (a few queries each)."""
    first_fy = first_fiscal_year()
    limits = configured_thresholds()
    table = completeness_table()
    return [
        (
            programme,
            evaluate_metric(
                metric,
                fiscal_year,
                deadline=deadline,
                programme=programme.code,
                first_fy=first_fy,
                thresholds=limits,
                table=table,
            ),
        )
        for programme in Programme.objects.order_by("start_fy", "pk")
    ]


def first_fiscal_year() -> int:
    """Where series without their own start begin: the first region's start."""
    first = Region.objects.aggregate(first=Min("start_fy"))["first"]
    return first if first is not None else default_fiscal_year()


def default_fiscal_year() -> int:
    """The latest complete FY (every report accepted or the year closed), else
    the latest FY with accepted outcomes, else the current FY."""
    complete = latest_complete_year()
    if complete:
        return complete
    # MAX over the whole outcome table has no index to use: cached per version.
    latest = cached("latest_outcome_fy", compute=_latest_outcome_fy)
    return latest if latest else fiscal_year_of(timezone.localdate())


def _latest_outcome_fy() -> int:
    latest = YearlyOutcome.objects.aggregate(latest=Max("fiscal_year"))["latest"]
    return latest or 0


def configured_thresholds() -> JudgementThresholds:
    """``settings.CHIIKI_TARGET_JUDGEMENT`` (a dict of JudgementThresholds fields).

    Unset means the documented defaults; an unknown key or an inconsistent
    value stops the site loudly rather than judging with a silent fallback.
    """
    overrides = getattr(settings, "CHIIKI_TARGET_JUDGEMENT", None) or {}
    known = {f.name for f in fields(JudgementThresholds)}
    unknown = set(overrides) - known
    if unknown:
        raise ImproperlyConfigured(
            f"CHIIKI_TARGET_JUDGEMENT: unknown keys {sorted(unknown)}; "
            f"use {sorted(known)}"
        )
    try:
        return JudgementThresholds(**overrides)
    except (TypeError, ValueError) as error:
        raise ImproperlyConfigured(f"CHIIKI_TARGET_JUDGEMENT: {error}") from error


def overall_judgement(judgements: Sequence[Judgement]) -> Judgement:
    """The target's word when it has several metrics: the weakest one counts.

    After the deadline, metrics met next to metrics missed is exactly MEXT's
    「一定の成果が上がっているが、一部については想定どおり達成できなかった」.
    """
    final = [j for j in judgements if j in _ACHIEVEMENT_RANK]
    if final:
        worst = max(final, key=_ACHIEVEMENT_RANK.__getitem__)
        met = any(_ACHIEVEMENT_RANK[j] <= 1 for j in final)
        if worst is Judgement.NOT_ACHIEVED and met:
            return Judgement.PARTLY
        return worst
    prospects = [j for j in judgements if j in _PROSPECT_RANK]
    if not prospects:
        return Judgement.INSUFFICIENT_DATA
    return max(prospects, key=_PROSPECT_RANK.__getitem__)


# --- internals --------------------------------------------------------------------


def _evaluate_target(
    target: Target,
    fiscal_year: int,
    programme: str | None,
    first_fy: int,
    limits: JudgementThresholds,
    table: Table,
) -> TargetResult:
    metrics = tuple(
        evaluate_metric(
            metric,
            fiscal_year,
            deadline=target.deadline_fy,
            programme=programme,
            first_fy=first_fy,
            thresholds=limits,
            table=table,
        )
        for metric in target.metrics.all()
    )
    return TargetResult(
        code=target.code,
        text=target.text_ja,
        text_en=target.text_en,
        goal_code=target.goal.code,
        relation=target.relation,
        deadline=target.deadline_fy,
        fiscal_year=fiscal_year,
        metrics=metrics,
    )


def _metric_result(
    metric: Metric,
    full: MetricSeries,
    fiscal_year: int,
    deadline: int,
    limits: JudgementThresholds,
    state: Completeness | None = None,
    provisional: tuple[int, ...] = (),
) -> MetricResult:
    goal = float(metric.goal_value)
    series = _without(full, provisional)
    latest = series.latest()
    value = latest[1] if latest else None
    final = fiscal_year >= deadline and not any(y <= deadline for y in provisional)
    forecast = None if final else _forecast(series, goal, deadline, limits)
    return MetricResult(
        key=metric.key,
        label=metric.label_ja,
        kind=metric.kind,
        params=dict(metric.params),
        model=series.model,
        fiscal_year=fiscal_year,
        deadline=deadline,
        value=value,
        value_fiscal_year=latest[0] if latest else None,
        deadline_value=(
            _deadline_value(series, fiscal_year, deadline) if final else None
        ),
        goal=goal,
        unit=metric.unit_ja,
        progress=_progress(value, goal, metric.kind),
        forecast=forecast.point if forecast else None,
        interval=_interval(forecast),
        probability=forecast.probability if forecast else None,
        judgement=_judgement(series, forecast, goal, deadline, metric.kind, limits),
        series=tuple(
            SeriesPoint(y, v) for y, v in zip(series.years, series.values, strict=True)
        ),
        path=forecast.path if forecast else (),
        trend=forecast.trend if forecast else None,
        fit_years=series.fit_years,
        completeness=state,
        provisional_years=provisional,
        provisional_value=_provisional_value(full, provisional),
        final=final,
    )


def _provisional_years(
    series: MetricSeries, scope: str | None, table: Table
) -> tuple[int, ...]:
    """Years of the series (and a year-on-year increase's base years) whose
    reports are incomplete."""
    years = set(series.years) | set(series.fit_years)
    return tuple(
        sorted(y for y in years if completeness(y, scope, table=table).is_provisional)
    )


def _without(series: MetricSeries, provisional: tuple[int, ...]) -> MetricSeries:
    """The series with provisional years unreported, for judging.

    A running total after a provisional year sums it too, so a cumulative
    series stops at the first one; an increase needs both of its years.
    """
    if not provisional:
        return series
    cut = set(provisional)
    if series.model is ForecastModel.CUMULATIVE:
        cut |= {y for y in series.years if y >= min(provisional)}
    if series.model is ForecastModel.INCREASE:
        cut |= {y for y in series.years if y - 1 in cut}
    values = tuple(
        None if y in cut else v
        for y, v in zip(series.years, series.values, strict=True)
    )
    fit = [
        (y, v)
        for y, v in zip(series.fit_years, series.fit_values, strict=True)
        if y not in cut
    ]
    return replace(
        series,
        values=values,
        fit_years=tuple(y for y, _v in fit),
        fit_values=tuple(v for _y, v in fit),
    )


def _provisional_value(
    series: MetricSeries, provisional: tuple[int, ...]
) -> float | None:
    """A running total counting the provisional years' accepted reports too:
    a floor that can only grow, shown beside the judged value, never judged."""
    if not provisional or series.model is not ForecastModel.CUMULATIVE:
        return None
    latest = series.latest()
    return latest[1] if latest and latest[0] in provisional else None


def _forecast(
    series: MetricSeries, goal: float, deadline: int, limits: JudgementThresholds
) -> Forecast:
    options = {
        "deadline": deadline,
        "goal": goal,
        "confidence": limits.confidence,
        "min_points": limits.min_points,
    }
    years, values = series.fit_years, series.fit_values
    if series.model is ForecastModel.CUMULATIVE:
        return forecast_cumulative(years, values, **options)
    if series.model is ForecastModel.INCREASE:
        return forecast_increase(years, values, **options)
    bounds = (series.lower_bound, series.upper_bound)
    return forecast_level(years, values, bounds=bounds, **options)


def _judgement(
    series: MetricSeries,
    forecast: Forecast | None,
    goal: float,
    deadline: int,
    kind: str,
    limits: JudgementThresholds,
) -> Judgement:
    if forecast is not None:
        return Judgement(judge_prospect(forecast, limits).value)
    at_deadline = series.latest(until=deadline)
    if at_deadline is None:
        return Judgement.INSUFFICIENT_DATA
    value = at_deadline[1]
    if kind in THRESHOLD_KINDS:
        value = min(value, goal)
    return Judgement(judge_achievement(value, goal, limits).value)


def _deadline_value(
    series: MetricSeries, fiscal_year: int, deadline: int
) -> float | None:
    """At or after the deadline, the value the achievement is judged on."""
    if fiscal_year < deadline:
        return None
    at_deadline = series.latest(until=deadline)
    return at_deadline[1] if at_deadline else None


def _progress(value: float | None, goal: float, kind: str) -> float | None:
    if value is None or goal <= 0:
        return None
    progress = 100.0 * value / goal
    return min(progress, 100.0) if kind in THRESHOLD_KINDS else progress


def _interval(forecast: Forecast | None) -> Interval | None:
    if forecast is None or forecast.lower is None or forecast.upper is None:
        return None
    return Interval(forecast.lower, forecast.upper, forecast.confidence)


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def _number(value: float | None, kind: str) -> float | int | None:
    if value is None:
        return None
    if kind in INTEGER_KINDS and float(value).is_integer():
        return int(value)
    return round(value, 2)


def _interval_dict(interval: Interval | None) -> dict[str, float] | None:
    if interval is None:
        return None
    return {
        "lower": round(interval.lower, 1),
        "upper": round(interval.upper, 1),
        "confidence": interval.confidence,
    }


def _prediction_dict(prediction: Prediction) -> dict[str, Any]:
    return {
        key: round(value, 1) if isinstance(value, float) else value
        for key, value in asdict(prediction).items()
    }


def _empty_metric_dict() -> dict[str, Any]:
    keys: Iterable[str] = (
        "metric", "label", "kind", "value", "value_fiscal_year", "deadline_value",
        "goal", "unit",
        "progress", "forecast", "interval", "probability", "model",
    )  # fmt: skip
    empty: dict[str, Any] = dict.fromkeys(keys)
    empty["judgement"] = str(Judgement.INSUFFICIENT_DATA.label)
    empty["judgement_code"] = Judgement.INSUFFICIENT_DATA.value
    empty["series"] = []
    return empty
