"""Geometry of the server-side SVG charts of the targets (no JavaScript, no CDN).

Python computes coordinates; templates only draw them and CSS classes give the
colours, so the charts pass the strict Content-Security-Policy and print.

* :func:`target_chart` — a metric's yearly values, the goal line, the
  deadline and the forecast band (prediction interval) up to the deadline.
* :func:`efficiency_chart` — horizontal bars of patent applications per
  1億円, this subsidy beside the seed's benchmark institutions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from targets.efficiency import EfficiencyRow
from targets.services import MetricResult, TargetResult

__all__ = [
    "Bar",
    "BarChart",
    "LineChart",
    "MetricPanel",
    "TargetCard",
    "efficiency_chart",
    "target_cards",
    "target_chart",
]

WIDTH = 480
HEIGHT = 220
LEFT = 56
RIGHT = 16
TOP = 16
BOTTOM = 28
_NICE = (1.0, 2.0, 2.5, 5.0)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class LineChart:
    """Everything the line-chart template draws, in SVG user units."""

    width: int
    height: int
    left: int
    right_edge: int
    top: int
    baseline: float
    observed: str
    markers: list[Marker]
    forecast_line: str
    band: str
    goal_y: float
    goal_label: str
    deadline_x: float
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    title: str

    @property
    def goal_label_y(self) -> float:
        """Above the goal line, or below it when the line runs along the top."""
        return self.goal_y - 5 if self.goal_y - self.top > 14 else self.goal_y + 14

    @property
    def axis_label_y(self) -> int:
        return self.height - 8


@dataclass(frozen=True)
class _Scale:
    first_year: int
    last_year: int
    low: float
    high: float

    def x(self, year: int) -> float:
        span = max(self.last_year - self.first_year, 1)
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (year - self.first_year) / span, 1)

    def y(self, value: float) -> float:
        plot = HEIGHT - TOP - BOTTOM
        share = (value - self.low) / (self.high - self.low)
        return round(HEIGHT - BOTTOM - plot * share, 1)


def target_chart(result: MetricResult) -> LineChart | None:
    """The metric's chart; None when nothing has been reported yet."""
    observed = [(p.fiscal_year, p.value) for p in result.series if p.value is not None]
    if not observed:
        return None
    scale = _scale(result, observed)
    markers = [
        Marker(scale.x(y), scale.y(v), f"{y}: {format_value(v, result.unit)}")
        for y, v in observed
    ]
    return LineChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        top=TOP,
        baseline=scale.y(scale.low),
        observed=_points(scale, observed),
        markers=markers,
        forecast_line=_forecast_line(scale, result, observed[-1]),
        band=_band(scale, result, observed[-1]),
        goal_y=scale.y(result.goal),
        goal_label=_("目標 {goal}").format(goal=format_value(result.goal, result.unit)),
        deadline_x=scale.x(result.deadline),
        x_ticks=_year_ticks(scale),
        y_ticks=_value_ticks(scale, result.unit),
        title=result.label,
    )


def format_value(value: float, unit: str) -> str:
    """1412 → 「1,412件」, 74.47 → 「74.5%」: whole numbers without decimals."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{text}{unit}"


def _scale(result: MetricResult, observed: list[tuple[int, float]]) -> _Scale:
    values = [v for _, v in observed] + [result.goal, 0.0]
    for prediction in result.path:
        values += [prediction.lower, prediction.upper]
    low, high = _nice_range(min(values), max(values))
    first = min(y for y, _ in observed)
    last = max([result.deadline, *(y for y, _ in observed)])
    return _Scale(first, max(last, first + 1), low, high)


def _nice_range(low: float, high: float) -> tuple[float, float]:
    if high <= low:
        high = low + 1
    step = _nice_step(high - low)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _nice_step(span: float) -> float:
    """1, 2, 2.5 or 5 × 10ⁿ giving at most five intervals."""
    magnitude = 10 ** math.floor(math.log10(span / 5)) if span > 0 else 1
    return next(
        (m * magnitude for m in _NICE if span / (m * magnitude) <= 5), 10 * magnitude
    )


def _points(scale: _Scale, pairs: Sequence[tuple[int, float]]) -> str:
    return " ".join(f"{scale.x(y)},{scale.y(v)}" for y, v in pairs)


def _forecast_line(scale: _Scale, result: MetricResult, last: tuple[int, float]) -> str:
    if not result.path:
        return ""
    return _points(scale, [last, *((p.fiscal_year, p.point) for p in result.path)])


def _band(scale: _Scale, result: MetricResult, last: tuple[int, float]) -> str:
    """The interval as a polygon: from the last observation along the upper
    bounds to the deadline, back along the lower bounds."""
    if not result.path:
        return ""
    upper = [(p.fiscal_year, p.upper) for p in result.path]
    lower = [(p.fiscal_year, p.lower) for p in reversed(result.path)]
    return _points(scale, [last, *upper, *lower])


def _year_ticks(scale: _Scale) -> list[Tick]:
    years = range(scale.first_year, scale.last_year + 1)
    every = max(1, math.ceil(len(years) / 8))
    return [Tick(scale.x(year), str(year)) for year in years[::every]]


def _value_ticks(scale: _Scale, unit: str) -> list[Tick]:
    step = _nice_step(scale.high - scale.low)
    count = round((scale.high - scale.low) / step)
    values = [scale.low + i * step for i in range(count + 1)]
    return [Tick(scale.y(v), format_value(v, unit)) for v in values]


# --- efficiency bars --------------------------------------------------------------

BAR_WIDTH = 520
BAR_LABEL = 200
BAR_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    value_label: str
    css_class: str

    @property
    def value_x(self) -> float:
        return BAR_LABEL + self.width + 6


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def efficiency_chart(rows: Sequence[EfficiencyRow]) -> BarChart | None:
    """Patent applications per 1億円 as bars on a common scale."""
    drawable = [row for row in rows if row.per_oku is not None]
    if not drawable:
        return None
    top = max(row.per_oku or 0.0 for row in drawable) or 1.0
    plot = BAR_WIDTH - BAR_LABEL - 70
    bars = [
        Bar(
            y=i * (BAR_HEIGHT + 6),
            width=round(plot * (row.per_oku or 0.0) / top, 1),
            label=row.label,
            value_label=row.per_oku_label,
            css_class="series-other" if row.is_benchmark else "series-0",
        )
        for i, row in enumerate(drawable)
    ]
    height = len(bars) * (BAR_HEIGHT + 6)
    return BarChart(BAR_WIDTH, height, BAR_LABEL, bars)


# --- cards ------------------------------------------------------------------------


@dataclass(frozen=True)
class MetricPanel:
    """One metric on a card: its result and its chart (None without data)."""

    result: MetricResult
    chart: LineChart | None

    @property
    def progress_width(self) -> float:
        """The progress bar's length in a 0–100 viewBox (over 100 % fills it)."""
        if self.result.progress is None:
            return 0.0
        return round(min(max(self.result.progress, 0.0), 100.0), 1)


@dataclass(frozen=True)
class TargetCard:
    result: TargetResult
    panels: list[MetricPanel]


def target_cards(results: Sequence[TargetResult]) -> list[TargetCard]:
    """A card per target with a chart per metric (pure geometry, no queries)."""
    return [
        TargetCard(
            result,
            [MetricPanel(metric, target_chart(metric)) for metric in result.metrics],
        )
        for result in results
    ]
