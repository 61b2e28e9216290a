"""Geometry for the server-side SVG budget chart (no JavaScript, no CDN).

Python computes rectangles and ticks; the template only draws them, and CSS
classes (not inline styles) give the colours, so the chart passes the CSP and
prints like the rest of the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lib.money import YEN_PER_OKU, format_million_yen, format_oku_yen
from programmes.choices import BudgetKind
from programmes.queries import BudgetYear

__all__ = ["BarChart", "budget_chart"]

WIDTH = 640
HEIGHT = 280
LEFT = 64
RIGHT = 8
TOP = 24
BOTTOM = 28
#: Axis steps in 億円; the first that gives at most five ticks is used.
_STEPS_OKU = (10, 20, 25, 50, 100, 200, 250, 500, 1000)


@dataclass(frozen=True)
class Segment:
    y: float
    height: float
    css_class: str
    title: str


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    centre: float
    label: str
    value_label: str
    value_y: float
    segments: list[Segment]


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    right_edge: int
    baseline: float
    bars: list[Bar]
    ticks: list[Tick]

    @property
    def css_classes(self) -> set[str]:
        """Series drawn, so the legend lists only those present."""
        return {s.css_class for bar in self.bars for s in bar.segments}

    @property
    def has_other(self) -> bool:
        return "series-other" in self.css_classes

    @property
    def has_request(self) -> bool:
        return "series-request" in self.css_classes


@dataclass(frozen=True)
class _Series:
    """One stack of a bar: amount, colour class and tooltip."""

    amount: int
    css_class: str
    title: str


def budget_chart(
    budgets: Sequence[BudgetYear], series: Sequence[tuple[str, str]]
) -> BarChart | None:
    """Stacked bars of budgets per FY; years with only a request get an outline.

    ``series`` is the programmes' (code, name) in stacking order. The part of
    a whole-subsidy budget not assigned to a programme is stacked as 「その他」.
    """
    stacks = _stacks_per_year(budgets, series)
    if not stacks:
        return None
    top = _axis_top(max(sum(s.amount for s in stack) for _, stack in stacks))
    plot_height = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / len(stacks)
    bars = [
        _bar(fy, stack, LEFT + i * slot, slot, top, plot_height)
        for i, (fy, stack) in enumerate(stacks)
    ]
    ticks = [
        Tick(HEIGHT - BOTTOM - plot_height * value / top, format_oku_yen(value))
        for value in range(0, top + 1, _step(top))
    ]
    return BarChart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, bars, ticks)


def _stacks_per_year(
    budgets: Sequence[BudgetYear], series: Sequence[tuple[str, str]]
) -> list[tuple[int, list[_Series]]]:
    by_kind = {(b.fiscal_year, b.kind): b for b in budgets}
    years = sorted({b.fiscal_year for b in budgets})
    stacks = []
    for fy in years:
        budget = by_kind.get((fy, BudgetKind.BUDGET))
        if budget is not None:
            stacks.append((fy, _budget_stack(budget, series)))
        elif (request := by_kind.get((fy, BudgetKind.REQUEST))) is not None:
            amount = format_million_yen(request.total_yen)
            title = f"{fy} {BudgetKind.REQUEST.label} {amount}"
            stacks.append((fy, [_Series(request.total_yen, "series-request", title)]))
    return stacks


def _budget_stack(
    budget: BudgetYear, series: Sequence[tuple[str, str]]
) -> list[_Series]:
    stack = [
        _Series(
            budget.by_programme[code],
            f"series-{index}",
            f"{budget.fiscal_year} {name} {format_oku_yen(budget.by_programme[code])}",
        )
        for index, (code, name) in enumerate(series)
        if budget.by_programme.get(code)
    ]
    rest = budget.total_yen - sum(s.amount for s in stack)
    if rest > 0:
        title = f"{budget.fiscal_year} {_('その他')} {format_oku_yen(rest)}"
        stack.append(_Series(rest, "series-other", title))
    return stack


def _bar(
    fy: int, stack: list[_Series], x: float, slot: float, top: int, plot_height: float
) -> Bar:
    scale = plot_height / top
    bottom = float(HEIGHT - BOTTOM)
    segments = []
    for part in stack:
        height = part.amount * scale
        bottom -= height
        segments.append(
            Segment(round(bottom, 1), round(height, 1), part.css_class, part.title)
        )
    width = slot * 0.6
    total = sum(s.amount for s in stack)
    return Bar(
        x=round(x + (slot - width) / 2, 1),
        width=round(width, 1),
        centre=round(x + slot / 2, 1),
        label=str(fy),
        value_label=format_oku_yen(total),
        value_y=round(bottom - 6, 1),
        segments=segments,
    )


def _step(top_yen: int) -> int:
    return next(
        (s * YEN_PER_OKU for s in _STEPS_OKU if top_yen / (s * YEN_PER_OKU) <= 5),
        top_yen,
    )


def _axis_top(max_yen: int) -> int:
    """The smallest multiple of the axis step that holds the tallest bar."""
    top = max(max_yen, YEN_PER_OKU)
    step = _step(top)
    return -(-top // step) * step
