"""Scaling curve: import, KPI computation and the dashboard at 10k … 5M outcome rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<fresh db> \\
        .venv/bin/python -m bench.scaling --rows 10000 --rows 100000 \\
        --rows 1000000 --rows 5000000 [--png docs/scaling.png]

Uses the database of DATABASE_URL (give it one of its own: it loads the demo
data and a synthetic programme). For each ``--rows`` (yearly outcome rows,
``generate_synthetic`` with rows / 240 regions over 10 fiscal years):

* **import**: ``generate_synthetic`` writing the regions and their outcome rows
  (PostgreSQL COPY), after ``remove_synthetic`` emptied the previous set
  (untimed); reported in seconds and rows per second;
* **KPI**: ``evaluate_targets`` for every target, computed (the per-version
  cache bypassed), median of ``--runs``;
* **dashboard, cold**: ``GET /`` right after the cache was cleared, i.e. what
  the first reader after a report is accepted waits, median of ``--runs``;
* **dashboard, warm**: ``GET /`` as every later reader gets it, median of
  ``--runs`` × 10.

Requests go in-process through Django's test client. With ``--png`` the curve
is drawn (log-log) with Pillow into that file.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
YEARS = 10
SEED = 20050801


@dataclass(frozen=True)
class Point:
    rows: int
    import_s: float
    kpi_ms: float
    dashboard_cold_ms: float
    dashboard_warm_ms: float


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki.settings")
    os.environ.setdefault("CHIIKI_VAR_DIR", str(ROOT / "var" / "bench" / "scaling"))
    os.environ["CHIIKI_ALLOWED_HOSTS"] = "testserver"
    Path(os.environ["CHIIKI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _median_ms(
    func: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None
) -> float:
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(rows_wanted: int, runs: int) -> Point:
    from django.core.cache import cache
    from django.test import Client

    from demo.national import generate_synthetic, remove_synthetic
    from targets.models import Target
    from targets.services import configured_thresholds, evaluate_targets

    remove_synthetic()
    regions = math.ceil(rows_wanted / (YEARS * 24))
    started = time.perf_counter()
    summary = generate_synthetic(regions, YEARS, SEED)
    import_s = time.perf_counter() - started
    Target.objects.update(deadline_fy=summary.last_fy + 2)
    as_of = summary.last_fy
    limits = configured_thresholds()
    evaluate_targets(as_of, thresholds=limits)  # warm-up
    kpi_ms = _median_ms(lambda: evaluate_targets(as_of, thresholds=limits), runs)
    client = Client()
    url = f"/?fiscal_year={as_of}"

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    get()
    cold = _median_ms(get, runs, before=cache.clear)
    get()
    warm = _median_ms(get, runs * 10)
    return Point(summary.outcome_rows, import_s, kpi_ms, cold, warm)


def markdown(points: list[Point]) -> str:
    lines = [
        "| outcome rows | import s | import rows/s | KPI ms | dashboard cold ms "
        "| dashboard warm ms |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for p in points:
        lines.append(
            f"| {p.rows:,} | {p.import_s:.1f} | {p.rows / p.import_s:,.0f} "
            f"| {p.kpi_ms:.1f} | {p.dashboard_cold_ms:.1f} "
            f"| {p.dashboard_warm_ms:.1f} |"
        )
    if len(points) > 1:
        first, last = points[0], points[-1]
        factor = last.rows / first.rows
        lines.append("")
        lines.append(
            f"From {first.rows:,} to {last.rows:,} rows ({factor:,.0f}×): import "
            f"{last.import_s / first.import_s:,.1f}×, KPI "
            f"{last.kpi_ms / first.kpi_ms:,.1f}×, dashboard cold "
            f"{last.dashboard_cold_ms / first.dashboard_cold_ms:,.1f}×, warm "
            f"{last.dashboard_warm_ms / first.dashboard_warm_ms:,.1f}×."
        )
    return "\n".join(lines)


# --- the chart (Pillow, no plotting library) ------------------------------------

SERIES = (
    ("import (ms)", "import_s", 1000.0, (31, 119, 180)),
    ("KPI computation (ms)", "kpi_ms", 1.0, (214, 39, 40)),
    ("dashboard, cold cache (ms)", "dashboard_cold_ms", 1.0, (255, 127, 14)),
    ("dashboard, warm (ms)", "dashboard_warm_ms", 1.0, (44, 160, 44)),
)


def draw(points: list[Point], path: Path) -> None:
    """A log-log chart of every series against the number of rows."""
    from PIL import Image, ImageDraw

    width, height, left, right, top, bottom = 900, 560, 90, 260, 50, 70
    image = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(image)
    values = [getattr(p, attr) * scale for _, attr, scale, _ in SERIES for p in points]
    y_lo = math.floor(math.log10(max(min(values), 0.1)))
    y_hi = math.ceil(math.log10(max(values)))
    x_lo = math.floor(math.log10(points[0].rows))
    x_hi = math.ceil(math.log10(points[-1].rows))
    plot_w, plot_h = width - left - right, height - top - bottom

    def xy(rows: float, value: float) -> tuple[float, float]:
        x = left + plot_w * (math.log10(rows) - x_lo) / (x_hi - x_lo)
        y = top + plot_h * (1 - (math.log10(value) - y_lo) / (y_hi - y_lo))
        return x, y

    pen.rectangle((left, top, left + plot_w, top + plot_h), outline="black")
    for exponent in range(y_lo, y_hi + 1):
        _, y = xy(10**x_lo, 10**exponent)
        pen.line((left, y, left + plot_w, y), fill=(225, 225, 225))
        pen.text((left - 8, y), _label(10**exponent) + " ms", fill="black", anchor="rm")
    for exponent in range(x_lo, x_hi + 1):
        x, _ = xy(10**exponent, 10**y_lo)
        pen.line((x, top, x, top + plot_h), fill=(225, 225, 225))
        pen.text((x, top + plot_h + 8), _label(10**exponent), fill="black", anchor="mt")
    pen.text(
        (left + plot_w / 2, height - 25),
        "yearly outcome rows (log)",
        fill="black",
        anchor="mm",
    )
    pen.text(
        (left, 20),
        "Chiiki on PostgreSQL: time against data size (log-log)",
        fill="black",
    )
    for row, (name, attr, scale, colour) in enumerate(SERIES):
        line = [xy(p.rows, max(getattr(p, attr) * scale, 10**y_lo)) for p in points]
        pen.line(line, fill=colour, width=3)
        for x, y in line:
            pen.ellipse((x - 4, y - 4, x + 4, y + 4), fill=colour)
        legend_y = top + 20 + 24 * row
        pen.line(
            (width - right + 20, legend_y, width - right + 50, legend_y),
            fill=colour,
            width=3,
        )
        pen.text((width - right + 58, legend_y), name, fill="black", anchor="lm")
    # Slope-1 guide: what linear growth from the first import point looks like.
    first = points[0]
    guide = [
        xy(p.rows, first.import_s * 1000 * p.rows / first.rows)
        for p in (points[0], points[-1])
    ]
    pen.line(guide, fill=(150, 150, 150), width=1)
    legend_y = top + 20 + 24 * len(SERIES)
    pen.line(
        (width - right + 20, legend_y, width - right + 50, legend_y),
        fill=(150, 150, 150),
    )
    label = "linear (from import)"
    pen.text((width - right + 58, legend_y), label, fill="black", anchor="lm")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)


def _label(value: float) -> str:
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, action="append")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--png", type=Path)
    args = parser.parse_args()
    _setup_django()

    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    points = []
    for rows in sorted(args.rows or [10_000, 100_000, 1_000_000]):
        points.append(measure(rows, args.runs))
        print(f"measured {rows:,} rows", file=sys.stderr, flush=True)
    print(f"database: {connection.vendor}; medians of {args.runs} runs")
    print(markdown(points))
    if args.png:
        draw(points, args.png)
        print(f"chart: {args.png}")


if __name__ == "__main__":
    main()
