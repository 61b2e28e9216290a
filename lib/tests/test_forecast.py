"""Forecasts at the deadline and their judgements: properties and known values."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lib.forecast import (
    Achievement,
    ForecastStatus,
    JudgementThresholds,
    Prospect,
    achievement_ratio,
    forecast_cumulative,
    forecast_increase,
    forecast_level,
    judge_achievement,
    judge_prospect,
)
from lib.tests._settings import PROPERTY

first_years = st.integers(min_value=1995, max_value=2030)
point_counts = st.integers(min_value=3, max_value=12)
horizons = st.integers(min_value=1, max_value=8)
levels = st.floats(min_value=0, max_value=1e6, allow_nan=False)
slopes = st.floats(min_value=0.01, max_value=1e4, allow_nan=False)
#: A fixed noise pattern, scaled in the tests; never on the fitted line.
NOISE = (1.0, -2.0, 0.5, 1.5, -1.0, 0.0, 2.0, -0.5, -1.5, 1.0, 0.25, -0.25)


def _years(first: int, count: int) -> list[int]:
    return list(range(first, first + count))


# --- the acceptance properties ----------------------------------------------------


@PROPERTY
@given(first_years, point_counts, horizons, levels, slopes)
def test_it_judges_a_level_growing_linearly_to_exactly_the_goal_reachable(
    first: int, count: int, horizon: int, start: float, slope: float
) -> None:
    years = _years(first, count)
    values = [start + slope * (year - first) for year in years]
    deadline = years[-1] + horizon
    goal = start + slope * (deadline - first)

    forecast = forecast_level(years, values, deadline=deadline, goal=goal)

    assert forecast.ok
    assert forecast.point == pytest.approx(goal, rel=1e-6, abs=1e-6)
    assert judge_prospect(forecast) is Prospect.LIKELY


@PROPERTY
@given(first_years, point_counts, horizons, levels, slopes)
def test_it_judges_flows_growing_linearly_to_exactly_the_goal_reachable(
    first: int, count: int, horizon: int, start: float, slope: float
) -> None:
    years = _years(first, count)
    deadline = years[-1] + horizon
    flows = [start + slope * (year - first) for year in years]
    goal = sum(start + slope * (year - first) for year in range(first, deadline + 1))

    forecast = forecast_cumulative(years, flows, deadline=deadline, goal=goal)

    assert forecast.point == pytest.approx(goal, rel=1e-6, abs=1e-6)
    assert judge_prospect(forecast) is Prospect.LIKELY


@PROPERTY
@given(
    first_years,
    point_counts,
    horizons,
    st.floats(min_value=1, max_value=1e5),
    st.floats(min_value=2, max_value=100),
    st.floats(min_value=0, max_value=0.05),
)
def test_it_judges_a_flat_series_far_below_the_goal_difficult(
    first: int, count: int, horizon: int, level: float, factor: float, noise: float
) -> None:
    years = _years(first, count)
    values = [level * (1 + noise * NOISE[i]) for i in range(count)]

    forecast = forecast_level(
        years, values, deadline=years[-1] + horizon, goal=level * factor
    )

    assert judge_prospect(forecast) is Prospect.DIFFICULT
    assert forecast.probability is not None and forecast.probability < 0.5


@PROPERTY
@given(
    first_years,
    point_counts,
    horizons,
    levels,
    slopes,
    st.floats(min_value=0.1, max_value=100),
    st.floats(min_value=1.1, max_value=10),
)
def test_it_widens_the_interval_with_noise(
    first: int,
    count: int,
    horizon: int,
    start: float,
    slope: float,
    noise: float,
    more: float,
) -> None:
    years = _years(first, count)
    line = [start + slope * (year - first) for year in years]
    assume(any(NOISE[i] != NOISE[0] for i in range(count)))

    def width(scale: float) -> float:
        values = [y + scale * NOISE[i] for i, y in enumerate(line)]
        forecast = forecast_level(
            years, values, deadline=years[-1] + horizon, goal=line[-1]
        )
        assert forecast.upper is not None and forecast.lower is not None
        return forecast.upper - forecast.lower

    assert width(noise * more) > width(noise)


@PROPERTY
@given(
    first_years,
    st.integers(min_value=0, max_value=2),
    horizons,
    st.lists(levels, min_size=2, max_size=2),
)
def test_it_says_insufficient_data_with_fewer_than_three_years(
    first: int, count: int, horizon: int, values: list[float]
) -> None:
    years = _years(first, count)
    deadline = first + count + horizon

    for forecast in (
        forecast_level(years, values[:count], deadline=deadline, goal=1),
        forecast_cumulative(years, values[:count], deadline=deadline, goal=1),
        forecast_increase(years, values[:count], deadline=deadline, goal=1),
    ):
        assert forecast.status is ForecastStatus.INSUFFICIENT_DATA
        assert forecast.point is None and forecast.probability is None
        assert judge_prospect(forecast) is Prospect.INSUFFICIENT_DATA


# --- further properties -----------------------------------------------------------


@PROPERTY
@given(
    first_years,
    point_counts,
    horizons,
    levels,
    slopes,
    st.floats(min_value=0.1, max_value=100),
)
def test_it_keeps_the_point_inside_its_interval_and_a_probability(
    first: int, count: int, horizon: int, start: float, slope: float, noise: float
) -> None:
    years = _years(first, count)
    values = [
        start + slope * (y - first) + noise * NOISE[i] for i, y in enumerate(years)
    ]

    forecast = forecast_level(years, values, deadline=years[-1] + horizon, goal=start)

    assert forecast.lower is not None and forecast.upper is not None
    assert forecast.lower <= forecast.point <= forecast.upper  # type: ignore[operator]
    assert 0 <= forecast.probability <= 1  # type: ignore[operator]
    assert [p.fiscal_year for p in forecast.path] == list(
        range(years[-1] + 1, years[-1] + horizon + 1)
    )


@PROPERTY
@given(first_years, point_counts, horizons, levels, slopes)
def test_it_never_forecasts_a_total_below_what_is_accumulated(
    first: int, count: int, horizon: int, start: float, slope: float
) -> None:
    years = _years(first, count)
    # Falling flows: the line would go negative, the total cannot.
    flows = [max(0.0, start - slope * (y - first)) for y in years]

    forecast = forecast_cumulative(
        years, flows, deadline=years[-1] + horizon, goal=sum(flows)
    )

    assert forecast.lower is not None
    assert forecast.lower >= sum(flows) - 1e-9
    assert forecast.probability == 1.0


@PROPERTY
@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0.01, max_value=1e6))
def test_it_orders_the_achievement_levels_by_the_share_of_the_goal(
    value: float, goal: float
) -> None:
    ratio = achievement_ratio(value, goal)
    level = judge_achievement(value, goal)

    expected = (
        Achievement.EXCEEDED
        if ratio >= 1.2
        else Achievement.ACHIEVED
        if ratio >= 1.0
        else Achievement.PARTLY
        if ratio >= 0.5
        else Achievement.NOT_ACHIEVED
    )
    assert level is expected


# --- known values -----------------------------------------------------------------


def test_it_forecasts_the_patents_of_target_6_2_4_by_hand() -> None:
    """Flows 241, 523, 648 (FY2002–04): slope 203.5, σ̂² = 4,108, df = 1."""
    forecast = forecast_cumulative(
        [2002, 2003, 2004], [241, 523, 648], deadline=2006, goal=2000
    )

    assert forecast.trend is not None
    assert forecast.trend.slope == pytest.approx(203.5)
    assert forecast.trend.residual_sd == pytest.approx(math.sqrt(4108.1667), rel=1e-6)
    # 1,412 accumulated + 877.67 (FY2005) + 1,081.17 (FY2006).
    assert forecast.point == pytest.approx(3370.8333, rel=1e-6)
    se = math.sqrt(4108.1667 * (2 + 83 / 6))
    assert forecast.probability == pytest.approx(
        0.5 + math.atan((forecast.point - 2000) / se) / math.pi, rel=1e-6
    )
    assert judge_prospect(forecast) is Prospect.LIKELY


def test_it_forecasts_an_increase_from_the_levels() -> None:
    forecast = forecast_increase(
        [2002, 2003, 2004], [530, 720, 890], deadline=2006, goal=1
    )

    # Both FY2005 and FY2006 lie ahead: the increase is the slope.
    assert forecast.point == pytest.approx(180)
    # FY2005 follows an observed year: predicted level minus 890.
    assert forecast.path[0].point == pytest.approx(533.3333 + 3 * 180 - 890)


def test_it_clips_a_share_to_its_bounds() -> None:
    forecast = forecast_level(
        [2002, 2003, 2004], [75, 100, 100], deadline=2006, goal=100, bounds=(0, 100)
    )

    assert forecast.point == 100
    assert forecast.upper == 100
    assert judge_prospect(forecast) is Prospect.ROUGHLY


@pytest.mark.parametrize(
    ("ratio", "level"),
    [
        (1.56, Achievement.EXCEEDED),  # domain-facts §3c: corrected up
        (1.2, Achievement.EXCEEDED),
        (1.0, Achievement.ACHIEVED),
        (0.7, Achievement.PARTLY),  # domain-facts §3c: corrected down
        (0.5, Achievement.PARTLY),
        (0.49, Achievement.NOT_ACHIEVED),
    ],
)
def test_it_uses_the_calibrated_achievement_wording(
    ratio: float, level: Achievement
) -> None:
    assert judge_achievement(ratio * 2000, 2000) is level


def test_it_takes_configured_thresholds() -> None:
    forecast = forecast_level(
        [2002, 2003, 2004], [75, 100, 100], deadline=2006, goal=100, bounds=(0, 100)
    )
    strict = JudgementThresholds(likely_probability=0.99, roughly_probability=0.9)

    assert judge_prospect(forecast, strict) is Prospect.ROUGHLY  # point ≥ 90 %
    assert judge_prospect(forecast, JudgementThresholds(likely_probability=0.7)) is (
        Prospect.LIKELY
    )
    assert judge_achievement(110, 100, JudgementThresholds(exceeded_ratio=1.05)) is (
        Achievement.EXCEEDED
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"likely_probability": 0.4, "roughly_probability": 0.5},
        {"partly_ratio": 1.1},
        {"confidence": 1.0},
        {"min_points": 2},
    ],
)
def test_it_refuses_inconsistent_thresholds(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        JudgementThresholds(**kwargs)  # type: ignore[arg-type]


def test_it_refuses_a_deadline_before_the_last_observation() -> None:
    with pytest.raises(ValueError):
        forecast_level([2002, 2003, 2004], [1, 2, 3], deadline=2004, goal=3)
    with pytest.raises(ValueError):
        forecast_level([2003, 2002, 2004], [1, 2, 3], deadline=2006, goal=3)


# --- statsmodels as an outside oracle (a development dependency) --------------


def _statsmodels_interval(
    years: list[int], values: list[float], year: int, confidence: float
) -> tuple[float, float, float]:
    """OLS prediction of one new observation in ``year``: point, lower, upper."""
    sm = pytest.importorskip("statsmodels.api")
    design = sm.add_constant([float(y - years[0]) for y in years])
    fit = sm.OLS(values, design).fit()
    frame = fit.get_prediction([[1.0, float(year - years[0])]]).summary_frame(
        alpha=1 - confidence
    )
    row = frame.iloc[0]
    return float(row["mean"]), float(row["obs_ci_lower"]), float(row["obs_ci_upper"])


@PROPERTY
@given(
    first_years,
    point_counts,
    horizons,
    st.lists(
        st.floats(min_value=-1e5, max_value=1e5, allow_nan=False),
        min_size=12,
        max_size=12,
    ),
    st.sampled_from([0.5, 0.8, 0.9, 0.95]),
)
def test_a_level_interval_is_statsmodels_prediction_interval(
    first: int, n: int, horizon: int, raw: list[float], confidence: float
) -> None:
    years = list(range(first, first + n))
    values = raw[:n]
    assume(max(values) - min(values) > 1e-3)
    deadline = years[-1] + horizon
    forecast = forecast_level(
        years, values, deadline=deadline, goal=0.0, confidence=confidence
    )
    point, lower, upper = _statsmodels_interval(years, values, deadline, confidence)
    scale = max(1.0, abs(point), upper - lower)
    assert forecast.point == pytest.approx(point, abs=1e-6 * scale)
    assert forecast.lower == pytest.approx(lower, abs=1e-6 * scale)
    assert forecast.upper == pytest.approx(upper, abs=1e-6 * scale)


def test_a_cumulative_interval_one_year_ahead_is_statsmodels_shifted() -> None:
    """One future flow: the accumulated total plus statsmodels' interval."""
    years = [2002, 2003, 2004, 2005, 2006]
    flows = [120.0, 131.0, 139.0, 152.0, 158.0]
    forecast = forecast_cumulative(
        years, flows, deadline=2007, goal=800.0, confidence=0.8
    )
    point, lower, upper = _statsmodels_interval(years, flows, 2007, 0.8)
    known = sum(flows)
    assert forecast.point == pytest.approx(known + point)
    assert forecast.lower == pytest.approx(known + lower)
    assert forecast.upper == pytest.approx(known + upper)
