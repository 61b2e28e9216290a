"""The metric engine: each kind against counts made independently in the test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from geo.models import DesignatedCity, Prefecture
from programmes.choices import RegionStatus
from programmes.models import Programme, Region
from reports.models import YearlyOutcome
from targets.choices import MetricKind
from targets.metrics import ForecastModel, compute_series, region_contributions
from tests.factories import make_programme, make_region

pytestmark = pytest.mark.django_db


def _series(kind: str, params: dict[str, Any], fy: int, **kwargs: Any) -> list[Any]:
    kwargs.setdefault("first_fy", 2002)
    series = compute_series(kind, params, fy, **kwargs)
    return list(zip(series.years, series.values, strict=True))


def _outcomes(region: Region, kind: str, values: dict[int, int]) -> None:
    YearlyOutcome.objects.bulk_create(
        YearlyOutcome(region=region, fiscal_year=fy, kind=kind, value=value)
        for fy, value in values.items()
    )


@pytest.fixture
def kc() -> Programme:
    return make_programme(code="KC")


@pytest.fixture
def ca(kc: Programme) -> Programme:
    return make_programme(code="CA", subsidy=kc.subsidy)


# --- count ------------------------------------------------------------------------


def test_it_counts_regions_active_in_each_year(kc: Programme, ca: Programme) -> None:
    spans = [(2002, 2006), (2002, 2003), (2004, 2008)]
    for start, end in spans:
        make_region(programme=kc, start_fy=start, planned_end_fy=end)
    make_region(programme=ca, start_fy=2002)

    result = _series(
        MetricKind.COUNT, {"entity": "region", "programme": "KC", "active": True}, 2005
    )

    expected = [
        (fy, float(sum(start <= fy <= end for start, end in spans)))
        for fy in range(2002, 2006)
    ]
    assert result == expected


def test_it_counts_regions_started_by_each_year_with_flags(kc: Programme) -> None:
    make_region(programme=kc, start_fy=2002, safety_security=True)
    make_region(programme=kc, start_fy=2004, safety_security=True, planned_end_fy=2004)
    make_region(programme=kc, start_fy=2003, safety_security=False)
    make_region(
        programme=kc,
        start_fy=2003,
        safety_security=True,
        status=RegionStatus.TERMINATED,
    )
    params = {"entity": "region", "safety_security": True}

    assert _series(MetricKind.COUNT, params, 2004) == [
        (2002, 1.0),
        (2003, 2.0),
        (2004, 3.0),
    ]
    with_status = {**params, "status": RegionStatus.ACTIVE}
    assert _series(MetricKind.COUNT, with_status, 2004)[-1] == (2004, 2.0)


def test_it_narrows_a_count_to_a_programme_override(
    kc: Programme, ca: Programme
) -> None:
    make_region(programme=kc)
    make_region(programme=ca)
    make_region(programme=ca)
    params = {"entity": "region", "active": True}

    assert _series(MetricKind.COUNT, params, 2002, programme="CA") == [(2002, 2.0)]
    assert _series(
        MetricKind.COUNT, {**params, "programme": "KC"}, 2002, programme="CA"
    ) == [(2002, 0.0)]


# --- cumulative_sum ---------------------------------------------------------------


def test_it_sums_an_outcome_cumulatively_from_the_start_year(
    kc: Programme, ca: Programme
) -> None:
    a, b, c = (
        make_region(programme=kc),
        make_region(programme=kc),
        make_region(programme=ca),
    )
    _outcomes(a, "patent_applications", {2001: 99, 2002: 10, 2003: 20, 2004: 30})
    _outcomes(b, "patent_applications", {2002: 1, 2004: 5})
    _outcomes(c, "patent_applications", {2003: 7})
    _outcomes(a, "commercializations", {2002: 1000})
    params = {"outcome": "patent_applications", "start_fy": 2002}

    series = compute_series(MetricKind.CUMULATIVE_SUM, params, 2005, first_fy=2002)

    assert list(zip(series.years, series.values, strict=True)) == [
        (2002, 11.0),
        (2003, 38.0),
        (2004, 73.0),
        (2005, None),  # nothing reported yet: not a zero
    ]
    assert series.model is ForecastModel.CUMULATIVE
    assert series.fit_years == (2002, 2003, 2004)
    assert series.fit_values == (11.0, 27.0, 35.0)
    kc_only = {**params, "programme": "KC"}
    assert _series(MetricKind.CUMULATIVE_SUM, kc_only, 2004)[-1] == (2004, 66.0)
    assert _series(MetricKind.CUMULATIVE_SUM, kc_only, 2004, programme="CA") == [
        (2002, None),
        (2003, None),
        (2004, None),
    ]


# --- coverage ---------------------------------------------------------------------


def test_it_covers_prefectures_with_an_active_region(
    kc: Programme, ca: Programme
) -> None:
    hokkaido, kyoto, osaka = (
        Prefecture.objects.get(code=c) for c in ("01", "26", "27")
    )
    make_region(programme=kc, main_prefecture=kyoto, prefectures=[kyoto, osaka])
    make_region(
        programme=ca, main_prefecture=hokkaido, start_fy=2003, planned_end_fy=2003
    )
    make_region(programme=ca, main_prefecture=osaka, start_fy=2005)
    params = {"population": "prefectures", "condition": "has_active_region"}

    result = _series(MetricKind.COVERAGE, params, 2005)

    assert result == [
        (2002, pytest.approx(100 * 2 / 47)),
        (2003, pytest.approx(100 * 3 / 47)),
        (2004, pytest.approx(100 * 2 / 47)),
        (2005, pytest.approx(100 * 1 / 47)),
    ]
    ca_only = {**params, "programme": "CA"}
    assert _series(MetricKind.COVERAGE, ca_only, 2003)[1] == (
        2003,
        pytest.approx(100 / 47),
    )


def test_it_covers_prefectures_and_designated_cities_with_an_outline() -> None:
    Prefecture.objects.filter(code__in=["01", "02", "03"]).update(
        st_policy_outline_fy=2000
    )
    Prefecture.objects.filter(code="04").update(st_policy_outline_fy=2004)
    DesignatedCity.objects.filter(name_ja="札幌市").update(st_policy_outline_fy=2003)
    # Designated in April 2005: in the population from FY2005 only.
    DesignatedCity.objects.filter(name_ja="静岡市").update(st_policy_outline_fy=2005)
    params = {
        "population": "prefectures_and_designated_cities",
        "condition": "has_policy_outline",
        "start_fy": 2003,
    }

    result = _series(MetricKind.COVERAGE, params, 2005)

    def cities(fy: int) -> int:
        return sum(
            c.designated_on < date(fy + 1, 4, 1) for c in DesignatedCity.objects.all()
        )

    assert result == [
        (2003, pytest.approx(100 * 4 / (47 + cities(2003)))),
        (2004, pytest.approx(100 * 5 / (47 + cities(2004)))),
        (2005, pytest.approx(100 * 6 / (47 + cities(2005)))),
    ]
    assert cities(2005) == cities(2004) + 1
    prefectures_only = {**params, "population": "prefectures"}
    assert _series(MetricKind.COVERAGE, prefectures_only, 2004)[-1] == (
        2004,
        pytest.approx(100 * 4 / 47),
    )


# --- growth_vs_baseline -----------------------------------------------------------


def test_it_measures_growth_against_the_baseline_year(kc: Programme) -> None:
    a, b = make_region(programme=kc), make_region(programme=kc)
    _outcomes(a, "joint_research", {2002: 30, 2003: 33, 2004: 36})
    _outcomes(b, "joint_research", {2002: 10, 2003: 12, 2004: 16})
    params = {"outcome": "joint_research", "baseline_fy": 2002}

    assert _series(MetricKind.GROWTH_VS_BASELINE, params, 2004) == [
        (2002, 0.0),
        (2003, pytest.approx(100 * (45 - 40) / 40)),
        (2004, pytest.approx(100 * (52 - 40) / 40)),
    ]


def test_it_has_no_growth_without_a_baseline(kc: Programme) -> None:
    _outcomes(make_region(programme=kc), "joint_research", {2003: 5, 2004: 6})
    params = {"outcome": "joint_research", "baseline_fy": 2002}

    assert _series(MetricKind.GROWTH_VS_BASELINE, params, 2004) == [
        (2002, None),
        (2003, None),
        (2004, None),
    ]


# --- every_year -------------------------------------------------------------------


def test_it_measures_the_share_of_active_regions_doing_it_each_year(
    kc: Programme, ca: Programme
) -> None:
    kind = "activities_joint_presentation"
    a = make_region(programme=kc, start_fy=2002, planned_end_fy=2004)
    b = make_region(programme=kc, start_fy=2002, planned_end_fy=2004)
    c = make_region(programme=kc, start_fy=2003, planned_end_fy=2004)
    ended = make_region(programme=kc, start_fy=2001, planned_end_fy=2002)
    other = make_region(programme=ca, start_fy=2002, planned_end_fy=2004)
    _outcomes(a, kind, {2002: 1, 2003: 2, 2004: 1})
    _outcomes(b, kind, {2002: 0, 2003: 1, 2004: 1})
    _outcomes(c, kind, {2003: 1, 2004: 0})
    _outcomes(ended, kind, {2002: 1, 2003: 1})  # 2003: not active, not counted
    _outcomes(other, kind, {2002: 1})
    params = {"outcome": kind, "start_fy": 2002, "programme": "KC", "min_per_year": 1}

    result = _series(MetricKind.EVERY_YEAR, params, 2005)

    assert result == [
        (2002, pytest.approx(100 * 2 / 3)),  # a and ended, of a, b and ended
        (2003, pytest.approx(100 * 3 / 3)),
        (2004, pytest.approx(100 * 2 / 3)),
        (2005, None),
    ]
    twice = {**params, "min_per_year": 2}
    assert _series(MetricKind.EVERY_YEAR, twice, 2003)[1] == (
        2003,
        pytest.approx(100 / 3),
    )


# --- yoy_increase -----------------------------------------------------------------


def test_it_measures_the_increase_over_the_previous_year(kc: Programme) -> None:
    a, b = make_region(programme=kc), make_region(programme=kc)
    _outcomes(a, "companies", {2002: 10, 2003: 15, 2004: 12})
    _outcomes(b, "companies", {2002: 5, 2003: 5, 2004: 10})
    params = {"outcome": "companies"}

    series = compute_series(MetricKind.YOY_INCREASE, params, 2005, first_fy=2002)

    assert list(zip(series.years, series.values, strict=True)) == [
        (2003, 5.0),
        (2004, 2.0),
        (2005, None),
    ]
    assert series.model is ForecastModel.INCREASE
    assert series.fit_values == (15.0, 20.0, 22.0)
    assert _series(MetricKind.YOY_INCREASE, {**params, "start_fy": 2004}, 2004) == [
        (2004, 2.0)
    ]


# --- breakdown and cost -----------------------------------------------------------


def test_it_breaks_an_outcome_metric_down_by_region(
    kc: Programme, ca: Programme
) -> None:
    a = make_region(programme=kc, code="kc-a")
    b = make_region(programme=ca, code="ca-b")
    _outcomes(a, "patent_applications", {2002: 5, 2003: 6})
    _outcomes(b, "patent_applications", {2002: 20, 2003: 1})
    params = {"outcome": "patent_applications", "start_fy": 2002}

    rows = region_contributions(MetricKind.CUMULATIVE_SUM, params, 2003)

    assert [(r.code, r.programme, r.value) for r in rows] == [
        ("ca-b", "CA", 21),
        ("kc-a", "KC", 11),
    ]
    growth = {"outcome": "patent_applications", "baseline_fy": 2002}
    one_year = region_contributions(MetricKind.GROWTH_VS_BASELINE, growth, 2003)
    assert [(r.code, r.value) for r in one_year] == [("kc-a", 6), ("ca-b", 1)]
    coverage = {"population": "prefectures", "condition": "has_active_region"}
    assert region_contributions(MetricKind.COVERAGE, coverage, 2003) == []


DEFINITIONS = [
    (MetricKind.COUNT, {"entity": "region", "programme": "KC", "active": True}),
    (MetricKind.CUMULATIVE_SUM, {"outcome": "patent_applications", "start_fy": 2002}),
    (
        MetricKind.COVERAGE,
        {"population": "prefectures", "condition": "has_active_region"},
    ),
    (
        MetricKind.COVERAGE,
        {
            "population": "prefectures_and_designated_cities",
            "condition": "has_policy_outline",
        },
    ),
    (MetricKind.GROWTH_VS_BASELINE, {"outcome": "joint_research", "baseline_fy": 2002}),
    (
        MetricKind.EVERY_YEAR,
        {"outcome": "companies", "start_fy": 2002, "programme": "KC"},
    ),
    (MetricKind.YOY_INCREASE, {"outcome": "companies"}),
]


@pytest.mark.parametrize(("kind", "params"), DEFINITIONS)
def test_it_uses_a_fixed_number_of_queries_whatever_the_regions(
    kc: Programme, kind: str, params: dict[str, Any]
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            compute_series(kind, params, 2006, first_fy=2002)
        return len(captured)

    _outcomes(make_region(programme=kc), "companies", {2002: 1})
    few = queries()
    for _ in range(15):
        region = make_region(programme=kc, start_fy=2003, planned_end_fy=2006)
        _outcomes(region, "companies", {2003: 2, 2004: 3})
        _outcomes(region, "patent_applications", {2003: 2, 2004: 3})

    assert queries() == few
    assert few <= 2
