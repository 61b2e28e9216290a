"""Geometry of the event-study chart, drawn as server-side SVG like the other charts.

Python computes coordinates; the template only draws them, so the chart needs
no JavaScript, passes the Content-Security-Policy and prints. Each event time
gets a point (the ATT), a thick bar (pointwise 95 % interval) and a thin bar
(the simultaneous band); a dashed line marks zero and the start of treatment.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

__all__ = ["EventChart", "event_chart"]

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 36


@dataclass(frozen=True)
class EventPoint:
    x: float
    y: float
    lower: float
    upper: float
    band_lower: float
    band_upper: float
    label: str
    title: str
    post: bool


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class EventChart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    baseline: int
    zero_y: float
    start_x: float
    points: list[EventPoint]
    y_ticks: list[Tick]


def _nice_step(span: float) -> float:
    raw = span / 5 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def event_chart(rows: list[dict[str, Any]]) -> EventChart:
    """Coordinates for ``Estimate.as_dict()["event_time"]``."""
    low = min([0.0, *(r["band_lower"] for r in rows)])
    high = max([0.0, *(r["band_upper"] for r in rows)])
    step = _nice_step(high - low)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    plot_h = HEIGHT - TOP - BOTTOM
    plot_w = WIDTH - LEFT - RIGHT

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low or 1.0) * plot_h

    slot = plot_w / max(len(rows), 1)

    def x(index: int) -> float:
        return LEFT + slot * (index + 0.5)

    points = [
        EventPoint(
            x=round(x(i), 1),
            y=round(y(r["att"]), 1),
            lower=round(y(r["lower"]), 1),
            upper=round(y(r["upper"]), 1),
            band_lower=round(y(r["band_lower"]), 1),
            band_upper=round(y(r["band_upper"]), 1),
            label=str(r["event_time"]),
            title="{}: {:.2f} [{:.2f}, {:.2f}]".format(
                r["event_time"], r["att"], r["band_lower"], r["band_upper"]
            ),
            post=r["event_time"] >= 0,
        )
        for i, r in enumerate(rows)
    ]
    first_post = next((i for i, r in enumerate(rows) if r["event_time"] >= 0), 0)
    ticks = []
    value = low
    while value <= high + step / 2:
        ticks.append(Tick(round(y(value), 1), "{:g}".format(round(value, 6))))
        value += step
    return EventChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right_edge=WIDTH - RIGHT,
        top=TOP,
        baseline=HEIGHT - BOTTOM,
        zero_y=round(y(0.0), 1),
        start_x=round(x(first_post) - slot / 2, 1),
        points=points,
        y_ticks=ticks,
    )
