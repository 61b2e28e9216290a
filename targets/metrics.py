"""The metric engine: one function per MetricKind, each a fixed number of queries.

Every function returns the metric's yearly series up to an "as of" fiscal
year, computed by the database (grouped SUM / COUNT through the ORM, never a
Python loop over rows), from the yearly aggregates (YearlyOutcome) and the
registry (regions, prefectures, designated cities). Loops here run over fiscal
years or over already-aggregated rows only, so the cost does not grow with the
number of regions in Python.

A year in which no accepted report has any row for the outcome is *not
reported* (value None), not zero: the FY2005 reports may still be drafts, and
a forecast must not read that as a collapse.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from geo.models import DesignatedCity, Prefecture
from programmes.models import Region
from reports.models import YearlyOutcome
from targets.choices import MetricKind

__all__ = [
    "FIRST_DAY_OF_FY",
    "ForecastModel",
    "MetricSeries",
    "RegionContribution",
    "compute_series",
    "region_contributions",
]

#: A fiscal year starts on 1 April (lib.wareki); cities count from that FY.
FIRST_DAY_OF_FY = (4, 1)
PERCENT = 100.0


class ForecastModel(StrEnum):
    """How lib.forecast extrapolates the series (see its module docstring)."""

    CUMULATIVE = "cumulative"
    LEVEL = "level"
    INCREASE = "increase"


@dataclass(frozen=True)
class MetricSeries:
    """A metric's value per FY, and the observations its forecast is fitted on.

    ``values`` is None for a year nothing was reported in. ``fit_years`` /
    ``fit_values`` are what the forecast model reads: the yearly flows of a
    cumulative sum, the levels of a year-on-year increase, else the values.
    """

    kind: str
    model: ForecastModel
    years: tuple[int, ...]
    values: tuple[float | None, ...]
    fit_years: tuple[int, ...]
    fit_values: tuple[float, ...]
    lower_bound: float | None = None
    upper_bound: float | None = None

    def latest(self, until: int | None = None) -> tuple[int, float] | None:
        """The last reported (year, value), at or before ``until`` if given."""
        for year, value in zip(
            reversed(self.years), reversed(self.values), strict=True
        ):
            if value is not None and (until is None or year <= until):
                return year, value
        return None


@dataclass(frozen=True)
class RegionContribution:
    """One region's part of an outcome metric: the breakdown by region."""

    code: str
    name_ja: str
    programme: str
    value: int


Params = Mapping[str, Any]
Computer = Callable[[Params, int, "str | None", int], MetricSeries]


def compute_series(
    kind: str,
    params: Params,
    fiscal_year: int,
    *,
    programme: str | None = None,
    first_fy: int,
) -> MetricSeries:
    """The series of a metric as of ``fiscal_year``.

    ``programme`` narrows every region-based metric to one programme (on top
    of the metric's own ``programme`` parameter); ``first_fy`` is where the
    series starts for kinds without a ``start_fy`` of their own.
    """
    return _COMPUTERS[kind](params, fiscal_year, programme, first_fy)


# --- helpers ----------------------------------------------------------------------


def _years(first: int, last: int) -> tuple[int, ...]:
    return tuple(range(first, last + 1))


def _programme_codes(params: Params, programme: str | None) -> list[str]:
    return [code for code in (params.get("programme"), programme) if code]


def _regions(params: Params, programme: str | None) -> QuerySet[Region]:
    regions = Region.objects.all()
    for code in _programme_codes(params, programme):
        regions = regions.filter(programme__code=code)
    return regions


def _region_counts(
    regions: QuerySet[Region], years: tuple[int, ...], *, active: bool
) -> dict[int, int]:
    """Regions active in (or, with ``active=False``, started by) each FY.

    One grouped query counts the regions per funding period (first FY, last
    FY): a handful of rows however many regions; the years are read off them.
    """
    spans = (
        regions.values_list("start_fy", Coalesce(F("end_fy"), F("planned_end_fy")))
        .annotate(regions=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(years, 0)
    for first, last, number in spans:
        for year in years:
            if first <= year and (year <= last or not active):
                counts[year] += number
    return counts


def _outcome_rows(params: Params, programme: str | None) -> QuerySet[YearlyOutcome]:
    rows = YearlyOutcome.objects.filter(kind=params["outcome"])
    # Two different codes on the same (single-valued) relation match nothing.
    for code in _programme_codes(params, programme):
        rows = rows.filter(region__programme__code=code)
    return rows


def _flows(
    params: Params, programme: str | None, first: int, last: int
) -> dict[int, int]:
    """Σ value per FY in [first, last]: one grouped query; unreported years absent."""
    if first > last:
        return {}
    rows = (
        _outcome_rows(params, programme)
        .filter(fiscal_year__gte=first, fiscal_year__lte=last)
        .values("fiscal_year")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return {row["fiscal_year"]: int(row["total"]) for row in rows}


def _observed(
    years: tuple[int, ...], values: tuple[float | None, ...]
) -> tuple[tuple[int, ...], tuple[float, ...]]:
    pairs = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
    return tuple(y for y, _ in pairs), tuple(float(v) for _, v in pairs)


def _level_series(
    kind: str,
    years: tuple[int, ...],
    values: tuple[float | None, ...],
    bounds: tuple[float | None, float | None] = (None, None),
) -> MetricSeries:
    fit_years, fit_values = _observed(years, values)
    return MetricSeries(
        kind, ForecastModel.LEVEL, years, values, fit_years, fit_values, *bounds
    )


def _share(part: int, whole: int) -> float | None:
    return PERCENT * part / whole if whole else None


# --- the six kinds ----------------------------------------------------------------


def _count(
    params: Params, as_of: int, programme: str | None, first_fy: int
) -> MetricSeries:
    """Regions matching the filters: active in each FY, or started by it."""
    years = _years(params.get("start_fy", first_fy), as_of)
    regions = _regions(params, programme)
    for key in ("status", "safety_security"):
        if key in params:
            regions = regions.filter(**{key: params[key]})
    active = bool(params.get("active"))
    counts = _region_counts(regions, years, active=active)
    values = tuple(float(counts[y]) for y in years)
    # Regions started by a FY never decrease: the forecast cannot fall below.
    floor = 0.0 if active or not values else values[-1]
    return _level_series(MetricKind.COUNT, years, values, (floor, None))


def _cumulative_sum(
    params: Params, as_of: int, programme: str | None, first_fy: int
) -> MetricSeries:
    """Running total of an outcome from ``start_fy``; flows feed the forecast."""
    years = _years(params["start_fy"], as_of)
    flows = _flows(params, programme, params["start_fy"], as_of)
    running, values = 0, []
    for year in years:
        running += flows.get(year, 0)
        values.append(float(running) if year in flows else None)
    fit_years = tuple(y for y in years if y in flows)
    return MetricSeries(
        MetricKind.CUMULATIVE_SUM,
        ForecastModel.CUMULATIVE,
        years,
        tuple(values),
        fit_years,
        tuple(float(flows[y]) for y in fit_years),
        lower_bound=float(running),
    )


def _coverage(
    params: Params, as_of: int, programme: str | None, first_fy: int
) -> MetricSeries:
    """Share (%) of the population meeting the condition in each FY."""
    years = _years(params.get("start_fy", first_fy), as_of)
    if not years:
        return _level_series(MetricKind.COVERAGE, years, (), (0.0, PERCENT))
    if params["condition"] == "has_active_region":
        parts, wholes = _prefectures_with_region(years, params, programme)
    else:
        parts, wholes = _outlines(years, params["population"])
    values = tuple(_share(parts[y], wholes[y]) for y in years)
    return _level_series(MetricKind.COVERAGE, years, values, (0.0, PERCENT))


def _prefectures_with_region(
    years: tuple[int, ...], params: Params, programme: str | None
) -> tuple[dict[int, int], dict[int, int]]:
    """Prefectures covered by ≥ 1 active region per FY, and all 47: two queries.

    The database groups the region–prefecture links by (prefecture, first FY,
    last FY): a few rows per prefecture however many regions there are (one
    per distinct funding period). Which periods cover which year is then
    read off those aggregated rows. A COUNT(DISTINCT) per year over the
    links was 10× slower on PostgreSQL at national scale.
    """
    links = Region.prefectures.through.objects.all()
    for code in _programme_codes(params, programme):
        links = links.filter(region__programme__code=code)
    spans = (
        links.values_list(
            "prefecture_id",
            "region__start_fy",
            Coalesce(F("region__end_fy"), F("region__planned_end_fy")),
        )
        .distinct()
        .order_by()
    )
    covered: dict[int, set[str]] = {y: set() for y in years}
    for prefecture, first, last in spans:
        for year in range(max(first, years[0]), min(last, years[-1]) + 1):
            covered[year].add(prefecture)
    population = Prefecture.objects.count()
    return {y: len(covered[y]) for y in years}, dict.fromkeys(years, population)


def _outlines(
    years: tuple[int, ...], population: str
) -> tuple[dict[int, int], dict[int, int]]:
    """Local governments with an S&T policy outline by each FY (two queries).

    Each query counts governments per adoption FY (and, for cities, per
    designation date); a designated city joins the population from the FY
    it was designated in.
    """
    parts, wholes = dict.fromkeys(years, 0), dict.fromkeys(years, 0)
    prefectures = Prefecture.objects.values_list("st_policy_outline_fy").annotate(
        number=Count("code")
    )
    rows = [(None, adopted, number) for adopted, number in prefectures.order_by()]
    if population == "prefectures_and_designated_cities":
        cities = DesignatedCity.objects.values_list(
            "designated_on", "st_policy_outline_fy"
        ).annotate(number=Count("code"))
        rows += list(cities.order_by())
    for designated, adopted, number in rows:
        for year in years:
            if designated is None or designated < date(year + 1, *FIRST_DAY_OF_FY):
                wholes[year] += number
                parts[year] += number if adopted is not None and adopted <= year else 0
    return parts, wholes


def _growth_vs_baseline(
    params: Params, as_of: int, programme: str | None, first_fy: int
) -> MetricSeries:
    """Growth (%) of an outcome's yearly total over the baseline FY's total."""
    baseline = params["baseline_fy"]
    years = _years(baseline, as_of)
    flows = _flows(params, programme, baseline, as_of)
    base = flows.get(baseline)
    values = tuple(
        PERCENT * (flows[y] - base) / base if base and y in flows else None
        for y in years
    )
    return _level_series(MetricKind.GROWTH_VS_BASELINE, years, values)


def _every_year(
    params: Params, as_of: int, programme: str | None, first_fy: int
) -> MetricSeries:
    """Share (%) of the regions active in each FY whose outcome reached the minimum.

    Two queries: active regions per FY, and reported / qualifying rows per FY.
    """
    years = _years(params["start_fy"], as_of)
    if not years:
        return _level_series(MetricKind.EVERY_YEAR, years, (), (0.0, PERCENT))
    active = _region_counts(_regions(params, programme), years, active=True)
    met = _qualifying_rows(params, programme, years)
    values = tuple(_share(met[y], active[y]) if y in met else None for y in years)
    return _level_series(MetricKind.EVERY_YEAR, years, values, (0.0, PERCENT))


def _qualifying_rows(
    params: Params, programme: str | None, years: tuple[int, ...]
) -> dict[int, int]:
    """Per reported FY, rows of regions active that FY with value ≥ min_per_year."""
    minimum = params.get("min_per_year", 1)
    rows = (
        _outcome_rows(params, programme)
        .filter(fiscal_year__gte=years[0], fiscal_year__lte=years[-1])
        .annotate(last_fy=Coalesce(F("region__end_fy"), F("region__planned_end_fy")))
        .filter(region__start_fy__lte=F("fiscal_year"), last_fy__gte=F("fiscal_year"))
        .values("fiscal_year")
        .annotate(met=Count("pk", filter=Q(value__gte=minimum)))
        .order_by()
    )
    return {row["fiscal_year"]: row["met"] for row in rows}


def _yoy_increase(
    params: Params, as_of: int, programme: str | None, first_fy: int
) -> MetricSeries:
    """Increase of an outcome's yearly total over the previous FY's.

    The first increase is that of ``start_fy`` (default: the year after the
    first FY). The forecast reads the yearly totals themselves.
    """
    first = params.get("start_fy", first_fy + 1)
    years = _years(first, as_of)
    flows = _flows(params, programme, first - 1, as_of)
    values = tuple(
        float(flows[y] - flows[y - 1]) if y in flows and y - 1 in flows else None
        for y in years
    )
    fit_years = tuple(sorted(flows))
    return MetricSeries(
        MetricKind.YOY_INCREASE,
        ForecastModel.INCREASE,
        years,
        values,
        fit_years,
        tuple(float(flows[y]) for y in fit_years),
    )


_COMPUTERS: dict[str, Computer] = {
    MetricKind.COUNT: _count,
    MetricKind.CUMULATIVE_SUM: _cumulative_sum,
    MetricKind.COVERAGE: _coverage,
    MetricKind.GROWTH_VS_BASELINE: _growth_vs_baseline,
    MetricKind.EVERY_YEAR: _every_year,
    MetricKind.YOY_INCREASE: _yoy_increase,
}


# --- breakdown by region ----------------------------------------------------------


def region_contributions(
    kind: str,
    params: Params,
    fiscal_year: int,
    *,
    programme: str | None = None,
    limit: int = 10,
) -> list[RegionContribution]:
    """The regions contributing most to an outcome metric (one grouped query).

    A cumulative sum adds each region's values from ``start_fy``; the other
    outcome kinds show each region's value in ``fiscal_year``. Kinds that do
    not read outcomes (count, coverage) have no breakdown by region.
    """
    if "outcome" not in params:
        return []
    first = params["start_fy"] if kind == MetricKind.CUMULATIVE_SUM else fiscal_year
    rows = (
        _outcome_rows(params, programme)
        .filter(fiscal_year__gte=first, fiscal_year__lte=fiscal_year)
        .values("region__code", "region__name_ja", "region__programme__code")
        .annotate(total=Sum("value"))
        .order_by("-total", "region__code")[:limit]
    )
    return [
        RegionContribution(
            code=row["region__code"],
            name_ja=row["region__name_ja"],
            programme=row["region__programme__code"],
            value=int(row["total"]),
        )
        for row in rows
    ]
