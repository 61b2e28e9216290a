"""The KPI engine's answers computed twice more, for bench/kpi.py to compare.

* :func:`load_frames` reads the tables the engine reads (yearly outcomes,
  regions, their prefectures, prefectures, designated cities) into pandas
  DataFrames with ``pandas.read_sql``, as an analyst would;
* :func:`pandas_series` computes a metric's yearly values from those frames;
* :func:`duckdb_series` computes them with SQL in DuckDB over the same frames
  (registered, not copied).

Both follow targets/metrics.py's definitions (a year nobody reported in is
None, not zero), written independently, so the benchmark doubles as a check.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd
from django.db import connection

from geo.models import DesignatedCity, Prefecture
from programmes.models import Programme, Region
from reports.models import YearlyOutcome

__all__ = ["Frames", "duckdb_series", "load_frames", "pandas_series"]

Series = dict[int, float | None]
Params = Mapping[str, Any]


@dataclass
class Frames:
    outcomes: pd.DataFrame
    regions: pd.DataFrame
    region_prefectures: pd.DataFrame
    prefectures: pd.DataFrame
    cities: pd.DataFrame


def _read(sql: str) -> pd.DataFrame:
    connection.ensure_connection()
    with warnings.catch_warnings():
        # pandas prefers SQLAlchemy; a plain DB-API connection works fine here.
        warnings.simplefilter("ignore", UserWarning)
        return pd.read_sql(sql, connection.connection)


def load_frames() -> Frames:
    """Every table the engine reads, whole, into DataFrames."""
    regions, programmes = Region._meta.db_table, Programme._meta.db_table
    return Frames(
        outcomes=_read(
            "SELECT region_id, fiscal_year, kind, value "
            f"FROM {YearlyOutcome._meta.db_table}"
        ),
        regions=_read(
            f"SELECT r.id, p.code AS programme, r.start_fy, "
            f"COALESCE(r.end_fy, r.planned_end_fy) AS last_fy, r.status, "
            f"r.safety_security FROM {regions} r "
            f"JOIN {programmes} p ON p.id = r.programme_id"
        ),
        region_prefectures=_read(
            "SELECT region_id, prefecture_id "
            f"FROM {Region.prefectures.through._meta.db_table}"
        ),
        prefectures=_read(
            f"SELECT code, st_policy_outline_fy FROM {Prefecture._meta.db_table}"
        ),
        cities=_read(
            "SELECT designated_on, st_policy_outline_fy "
            f"FROM {DesignatedCity._meta.db_table}"
        ),
    )


# --- pandas ---------------------------------------------------------------------------


def pandas_series(
    kind: str, params: Params, as_of: int, frames: Frames, first_fy: int
) -> Series:
    return _PANDAS[kind](params, as_of, frames, first_fy)


def _codes(params: Params) -> list[str]:
    return [params["programme"]] if params.get("programme") else []


def _regions(params: Params, frames: Frames) -> pd.DataFrame:
    regions = frames.regions
    for code in _codes(params):
        regions = regions[regions["programme"] == code]
    return regions


def _flows(params: Params, frames: Frames, first: int, last: int) -> dict[int, int]:
    rows = frames.outcomes[frames.outcomes["kind"] == params["outcome"]]
    rows = rows[(rows["fiscal_year"] >= first) & (rows["fiscal_year"] <= last)]
    if _codes(params):
        allowed = _regions(params, frames)["id"]
        rows = rows[rows["region_id"].isin(allowed)]
    sums = rows.groupby("fiscal_year")["value"].sum()
    return {int(fy): int(total) for fy, total in sums.items()}


def _pd_count(params: Params, as_of: int, frames: Frames, first_fy: int) -> Series:
    regions = _regions(params, frames)
    for key in ("status", "safety_security"):
        if key in params:
            regions = regions[regions[key].astype(type(params[key])) == params[key]]
    years = range(params.get("start_fy", first_fy), as_of + 1)
    if params.get("active"):
        return {
            y: float(((regions.start_fy <= y) & (regions.last_fy >= y)).sum())
            for y in years
        }
    return {y: float((regions.start_fy <= y).sum()) for y in years}


def _pd_cumulative(params: Params, as_of: int, frames: Frames, first_fy: int) -> Series:
    flows = _flows(params, frames, params["start_fy"], as_of)
    running, series = 0, {}
    for year in range(params["start_fy"], as_of + 1):
        running += flows.get(year, 0)
        series[year] = float(running) if year in flows else None
    return series


def _pd_coverage(params: Params, as_of: int, frames: Frames, first_fy: int) -> Series:
    years = range(params.get("start_fy", first_fy), as_of + 1)
    if params["condition"] == "has_active_region":
        linked = frames.region_prefectures.merge(
            _regions(params, frames), left_on="region_id", right_on="id"
        )
        whole = len(frames.prefectures)
        return {
            y: 100.0
            * linked[(linked.start_fy <= y) & (linked.last_fy >= y)][
                "prefecture_id"
            ].nunique()
            / whole
            for y in years
        }
    return {y: _pd_outline_share(params["population"], y, frames) for y in years}


def _pd_outline_share(population: str, year: int, frames: Frames) -> float:
    outline = frames.prefectures["st_policy_outline_fy"]
    part, whole = int((outline <= year).sum()), len(frames.prefectures)
    if population == "prefectures_and_designated_cities":
        designated = pd.to_datetime(frames.cities["designated_on"]) < pd.Timestamp(
            date(year + 1, 4, 1)
        )
        cities = frames.cities[designated]
        part += int((cities["st_policy_outline_fy"] <= year).sum())
        whole += len(cities)
    return 100.0 * part / whole


def _pd_growth(params: Params, as_of: int, frames: Frames, first_fy: int) -> Series:
    baseline = params["baseline_fy"]
    flows = _flows(params, frames, baseline, as_of)
    base = flows.get(baseline)
    return {
        y: 100.0 * (flows[y] - base) / base if base and y in flows else None
        for y in range(baseline, as_of + 1)
    }


def _pd_every_year(params: Params, as_of: int, frames: Frames, first_fy: int) -> Series:
    regions = _regions(params, frames)
    rows = frames.outcomes[frames.outcomes["kind"] == params["outcome"]]
    rows = rows.merge(regions, left_on="region_id", right_on="id")
    rows = rows[
        (rows.start_fy <= rows.fiscal_year) & (rows.last_fy >= rows.fiscal_year)
    ]
    met = (
        rows.assign(met=rows["value"] >= params.get("min_per_year", 1))
        .groupby("fiscal_year")["met"]
        .sum()
    )
    series: Series = {}
    for year in range(params["start_fy"], as_of + 1):
        active = int(((regions.start_fy <= year) & (regions.last_fy >= year)).sum())
        series[year] = (
            100.0 * int(met[year]) / active if year in met.index and active else None
        )
    return series


def _pd_yoy(params: Params, as_of: int, frames: Frames, first_fy: int) -> Series:
    first = params.get("start_fy", first_fy + 1)
    flows = _flows(params, frames, first - 1, as_of)
    return {
        y: float(flows[y] - flows[y - 1]) if y in flows and y - 1 in flows else None
        for y in range(first, as_of + 1)
    }


_PANDAS: dict[str, Callable[[Params, int, Frames, int], Series]] = {
    "count": _pd_count,
    "cumulative_sum": _pd_cumulative,
    "coverage": _pd_coverage,
    "growth_vs_baseline": _pd_growth,
    "every_year": _pd_every_year,
    "yoy_increase": _pd_yoy,
}


# --- DuckDB ---------------------------------------------------------------------------


def register(frames: Frames) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB seeing the DataFrames as tables (no copy)."""
    db = duckdb.connect()
    for name in ("outcomes", "regions", "region_prefectures", "prefectures", "cities"):
        db.register(name, getattr(frames, name))
    return db


def duckdb_series(
    kind: str,
    params: Params,
    as_of: int,
    db: duckdb.DuckDBPyConnection,
    first_fy: int,
) -> Series:
    return _DUCK[kind](params, as_of, db, first_fy)


def _programme_sql(params: Params, alias: str = "r") -> str:
    code = params.get("programme")
    return f" AND {alias}.programme = '{code}'" if code else ""


def _duck_flows(
    params: Params, db: duckdb.DuckDBPyConnection, first: int, last: int
) -> dict[int, int]:
    rows = db.execute(
        "SELECT o.fiscal_year, SUM(o.value) FROM outcomes o "
        "JOIN regions r ON r.id = o.region_id "
        f"WHERE o.kind = ? AND o.fiscal_year BETWEEN ? AND ?{_programme_sql(params)} "
        "GROUP BY o.fiscal_year",
        [params["outcome"], first, last],
    ).fetchall()
    return {int(fy): int(total) for fy, total in rows}


def _dk_count(params: Params, as_of: int, db: Any, first_fy: int) -> Series:
    years = list(range(params.get("start_fy", first_fy), as_of + 1))
    where = "1 = 1" + _programme_sql(params)
    for key in ("status", "safety_security"):
        if key in params:
            value = params[key]
            where += (
                f" AND r.{key} = {value!r}"
                if isinstance(value, str)
                else (f" AND CAST(r.{key} AS BOOLEAN) = {str(value).upper()}")
            )
    cond = (
        "r.start_fy <= y AND r.last_fy >= y"
        if params.get("active")
        else ("r.start_fy <= y")
    )
    rows = (
        db.execute(
            f"SELECT y, COUNT(r.id) FILTER (WHERE {cond}) FROM range(?, ?) t(y) "
            f"CROSS JOIN (SELECT * FROM regions r WHERE {where}) r GROUP BY y",
            [years[0], as_of + 1],
        ).fetchall()
        if years
        else []
    )
    counts = {int(y): float(n) for y, n in rows}
    return {y: counts.get(y, 0.0) for y in years}


def _dk_cumulative(params: Params, as_of: int, db: Any, first_fy: int) -> Series:
    flows = _duck_flows(params, db, params["start_fy"], as_of)
    running, series = 0, {}
    for year in range(params["start_fy"], as_of + 1):
        running += flows.get(year, 0)
        series[year] = float(running) if year in flows else None
    return series


def _dk_coverage(params: Params, as_of: int, db: Any, first_fy: int) -> Series:
    years = range(params.get("start_fy", first_fy), as_of + 1)
    if params["condition"] != "has_active_region":
        return {y: _dk_outline_share(params["population"], y, db) for y in years}
    whole = db.execute("SELECT COUNT(*) FROM prefectures").fetchone()[0]
    rows = db.execute(
        "SELECT y, COUNT(DISTINCT rp.prefecture_id) FROM range(?, ?) t(y) "
        "JOIN regions r ON r.start_fy <= y AND r.last_fy >= y"
        f"{_programme_sql(params)} "
        "JOIN region_prefectures rp ON rp.region_id = r.id GROUP BY y",
        [years[0], as_of + 1],
    ).fetchall()
    covered = {int(y): n for y, n in rows}
    return {y: 100.0 * covered.get(y, 0) / whole for y in years}


def _dk_outline_share(population: str, year: int, db: Any) -> float:
    part, whole = db.execute(
        "SELECT COUNT(*) FILTER (WHERE st_policy_outline_fy <= ?), COUNT(*) "
        "FROM prefectures",
        [year],
    ).fetchone()
    if population == "prefectures_and_designated_cities":
        cities = db.execute(
            "SELECT COUNT(*) FILTER (WHERE st_policy_outline_fy <= ?), COUNT(*) "
            "FROM cities WHERE CAST(designated_on AS DATE) < ?",
            [year, date(year + 1, 4, 1)],
        ).fetchone()
        part, whole = part + cities[0], whole + cities[1]
    return 100.0 * part / whole


def _dk_growth(params: Params, as_of: int, db: Any, first_fy: int) -> Series:
    baseline = params["baseline_fy"]
    flows = _duck_flows(params, db, baseline, as_of)
    base = flows.get(baseline)
    return {
        y: 100.0 * (flows[y] - base) / base if base and y in flows else None
        for y in range(baseline, as_of + 1)
    }


def _dk_every_year(params: Params, as_of: int, db: Any, first_fy: int) -> Series:
    first = params["start_fy"]
    minimum = params.get("min_per_year", 1)
    active = dict(
        db.execute(
            "SELECT y, COUNT(r.id) FROM range(?, ?) t(y) JOIN regions r "
            f"ON r.start_fy <= y AND r.last_fy >= y{_programme_sql(params)} GROUP BY y",
            [first, as_of + 1],
        ).fetchall()
    )
    met = dict(
        db.execute(
            "SELECT o.fiscal_year, COUNT(*) FILTER (WHERE o.value >= ?) "
            "FROM outcomes o "
            "JOIN regions r ON r.id = o.region_id "
            "AND r.start_fy <= o.fiscal_year AND r.last_fy >= o.fiscal_year"
            f"{_programme_sql(params)} WHERE o.kind = ? "
            "AND o.fiscal_year BETWEEN ? AND ? GROUP BY o.fiscal_year",
            [minimum, params["outcome"], first, as_of],
        ).fetchall()
    )
    return {
        y: 100.0 * met[y] / active[y] if y in met and active.get(y) else None
        for y in range(first, as_of + 1)
    }


def _dk_yoy(params: Params, as_of: int, db: Any, first_fy: int) -> Series:
    first = params.get("start_fy", first_fy + 1)
    flows = _duck_flows(params, db, first - 1, as_of)
    return {
        y: float(flows[y] - flows[y - 1]) if y in flows and y - 1 in flows else None
        for y in range(first, as_of + 1)
    }


_DUCK: dict[str, Callable[[Params, int, Any, int], Series]] = {
    "count": _dk_count,
    "cumulative_sum": _dk_cumulative,
    "coverage": _dk_coverage,
    "growth_vs_baseline": _dk_growth,
    "every_year": _dk_every_year,
    "yoy_increase": _dk_yoy,
}
