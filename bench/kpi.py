"""KPI computation at national scale: the ORM engine against pandas and DuckDB.

Run with `.venv/bin/python -m bench.kpi --rows 100000 --rows 1000000`. It uses
its own database: SQLite at var/bench/kpi/chiiki.sqlite3, or the PostgreSQL
database of DATABASE_URL (give it a database of its own: the run loads the
demo data and a synthetic programme into it).

"Outcome rows" are YearlyOutcome rows (region × fiscal year × outcome kind),
the table the engine reads. For each ``--rows`` it runs `generate_synthetic`
with ``ceil(rows / (10 × 24))`` regions over 10 fiscal years (FY2002–2011) on
top of the demo data, moves every target's deadline past FY2011 (so every
metric is also forecast, the costliest path), and times, as of FY2011:

* the engine: ``evaluate_targets`` for all eight targets (nine metrics),
  series, forecasts and judgements — median of ``--runs`` runs;
* pandas: every table the engine reads loaded with ``pandas.read_sql`` into
  DataFrames, then the same nine series computed with pandas (no forecasts,
  which favours pandas) — load and compute timed separately and together;
* DuckDB: the same series in SQL over those DataFrames (registered, not
  copied) — alone, and with the pandas load added.

All three must give the same series for every metric, or the run fails.
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
TOLERANCE = 1e-6


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chiiki.settings")
    os.environ.setdefault("CHIIKI_VAR_DIR", str(ROOT / "var" / "bench" / "kpi"))
    Path(os.environ["CHIIKI_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


@dataclass(frozen=True)
class Result:
    rows: int
    regions: int
    database: str
    orm_ms: float
    pandas_load_ms: float
    pandas_compute_ms: float
    duckdb_query_ms: float

    @property
    def pandas_total_ms(self) -> float:
        return self.pandas_load_ms + self.pandas_compute_ms

    @property
    def duckdb_total_ms(self) -> float:
        return self.pandas_load_ms + self.duckdb_query_ms


def median_ms(func: Callable[[], Any], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def prepare() -> None:
    """Migrate the benchmark database and load the demo data (idempotent)."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)


def synthetic(rows: int) -> tuple[int, int]:
    """The synthetic set for ``rows`` outcome rows: (regions, last FY)."""
    from demo.national import generate_synthetic
    from reports.choices import OutcomeKind
    from targets.models import Target

    regions = math.ceil(rows / (YEARS * len(OutcomeKind.values)))
    summary = generate_synthetic(regions, YEARS, SEED)
    Target.objects.update(deadline_fy=summary.last_fy + 2)
    return summary.outcome_rows, summary.last_fy


def metric_definitions() -> list[tuple[str, str, dict[str, Any]]]:
    from targets.models import Metric

    return [
        (f"{m.target.code}/{m.key}", m.kind, m.params)
        for m in Metric.objects.select_related("target")
    ]


def orm_answers(as_of: int) -> dict[str, dict[int, float | None]]:
    from targets.services import evaluate_targets

    return {
        f"{target.code}/{metric.key}": {p.fiscal_year: p.value for p in metric.series}
        for target in evaluate_targets(as_of)
        for metric in target.metrics
    }


def run(rows_wanted: int, runs: int) -> Result:
    from django.db import connection

    from bench import kpi_frames
    from targets.services import (
        configured_thresholds,
        evaluate_targets,
        first_fiscal_year,
    )

    rows, as_of = synthetic(rows_wanted)
    first_fy = first_fiscal_year()
    definitions = metric_definitions()
    # Explicit thresholds bypass the per-data-version cache of evaluate_targets
    # (chiiki/caching.py): this times the computation, not a cache hit.
    limits = configured_thresholds()
    orm_ms = median_ms(
        lambda: evaluate_targets(as_of, thresholds=limits), runs, warmup=2
    )
    expected = orm_answers(as_of)

    load_ms = median_ms(kpi_frames.load_frames, max(3, runs // 2), warmup=0)
    frames = kpi_frames.load_frames()

    def with_pandas() -> dict[str, dict[int, float | None]]:
        return {
            key: kpi_frames.pandas_series(kind, params, as_of, frames, first_fy)
            for key, kind, params in definitions
        }

    compute_ms = median_ms(with_pandas, runs)
    db = kpi_frames.register(frames)

    def with_duckdb() -> dict[str, dict[int, float | None]]:
        return {
            key: kpi_frames.duckdb_series(kind, params, as_of, db, first_fy)
            for key, kind, params in definitions
        }

    duckdb_ms = median_ms(with_duckdb, runs)
    check("pandas", expected, with_pandas())
    check("DuckDB", expected, with_duckdb())
    regions = int(frames.regions["programme"].eq("SYN").sum())
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    return Result(rows, regions, database, orm_ms, load_ms, compute_ms, duckdb_ms)


def check(
    name: str,
    expected: dict[str, dict[int, float | None]],
    actual: dict[str, dict[int, float | None]],
) -> None:
    """Stop the benchmark if another engine disagrees with the ORM anywhere."""
    for key, series in expected.items():
        other = actual[key]
        same = series.keys() == other.keys() and all(
            (a is None and b is None)
            or (a is not None and b is not None and abs(a - b) <= TOLERANCE)
            for a, b in ((series[y], other[y]) for y in series)
        )
        if not same:
            raise SystemExit(f"{name} disagrees on {key}: {series} != {other}")


def markdown(results: list[Result]) -> str:
    lines = [
        "| outcome rows | synthetic regions | database | engine (ORM) ms "
        "| pandas load ms | pandas compute ms | pandas total ms | engine × faster "
        "| DuckDB query ms | DuckDB + load ms |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.rows:,} | {r.regions:,} | {r.database} | {r.orm_ms:.1f} "
            f"| {r.pandas_load_ms:.0f} | {r.pandas_compute_ms:.1f} "
            f"| {r.pandas_total_ms:.0f} | {r.pandas_total_ms / r.orm_ms:.1f} "
            f"| {r.duckdb_query_ms:.1f} | {r.duckdb_total_ms:.0f} |"
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        lines.append("")
        lines.append(
            f"Growth from {first.rows:,} to {last.rows:,} rows "
            f"(×{last.rows / first.rows:.1f}): "
            f"engine ×{last.orm_ms / first.orm_ms:.2f}, "
            f"pandas total ×{last.pandas_total_ms / first.pandas_total_ms:.2f}, "
            f"DuckDB query ×{last.duckdb_query_ms / first.duckdb_query_ms:.2f}."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, action="append", help="outcome rows (repeatable)"
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    _setup_django()
    prepare()
    results = [run(rows, args.runs) for rows in sorted(args.rows or [1_000_000])]
    print(markdown(results))


if __name__ == "__main__":
    main()
