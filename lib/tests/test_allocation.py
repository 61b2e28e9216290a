"""傾斜配分: exact budget, bounds, monotone in weight, deterministic, clear errors."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from lib.allocation import (
    DEFAULT_RATING_WEIGHTS,
    UNIT_YEN,
    AllocationError,
    Bound,
    RegionInput,
    allocate,
    bounds_around,
    compare,
    proportional_split,
    weight_for_score,
)
from lib.tests._settings import PROPERTY

OKU = 100_000_000


@st.composite
def region_inputs(draw: st.DrawFn, key: str) -> RegionInput:
    """A region whose bounds are arbitrary yen but admit at least one unit."""
    floor_units = draw(st.integers(0, 2_000_000))
    ceiling_units = floor_units + draw(st.integers(0, 2_000_000))
    floor_yen = max(0, floor_units * UNIT_YEN - draw(st.integers(0, UNIT_YEN - 1)))
    ceiling_yen = ceiling_units * UNIT_YEN + draw(st.integers(0, UNIT_YEN - 1))
    return RegionInput(
        key=key,
        base_yen=draw(st.integers(0, 3_000_000_000)),
        weight=draw(st.one_of(st.just(0.0), st.floats(1e-6, 3.0), st.just(1.0))),
        floor_yen=floor_yen,
        ceiling_yen=ceiling_yen,
    )


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[RegionInput], int]:
    """Regions plus a feasible budget (between the rounded floors and ceilings)."""
    keys = draw(
        st.lists(
            st.text("abcxyz-0123", min_size=1, max_size=6),
            min_size=1,
            max_size=25,
            unique=True,
        )
    )
    regions = [draw(region_inputs(key)) for key in keys]
    low, high = _unit_sums(regions)
    return regions, draw(st.integers(low, high)) * UNIT_YEN


def _unit_sums(regions: list[RegionInput]) -> tuple[int, int]:
    low = sum(-(-r.floor_yen // UNIT_YEN) for r in regions)
    high = sum(r.ceiling_yen // UNIT_YEN for r in regions)
    return low, high


def _kc_regions(weights: list[float]) -> list[RegionInput]:
    floor, ceiling = bounds_around(5 * OKU)
    return [
        RegionInput(f"kc-{i:02d}", 5 * OKU, w, floor, ceiling)
        for i, w in enumerate(weights)
    ]


# --- properties -------------------------------------------------------------


@PROPERTY
@given(problems())
def test_it_spends_exactly_the_budget(problem: tuple[list[RegionInput], int]) -> None:
    regions, budget = problem
    assert allocate(regions, budget).total_yen == budget


@PROPERTY
@given(problems())
def test_it_keeps_every_amount_within_its_bounds_in_whole_units(
    problem: tuple[list[RegionInput], int],
) -> None:
    regions, budget = problem
    for line in allocate(regions, budget).lines:
        assert line.floor_yen <= line.amount_yen <= line.ceiling_yen
        assert line.amount_yen % UNIT_YEN == 0


@PROPERTY
@given(
    problems(),
    st.integers(1, 2_000_000_000),
    st.one_of(st.just(0.0), st.floats(1e-6, 3.0)),
    st.one_of(st.just(0.0), st.floats(1e-6, 3.0)),
    st.integers(0, 500_000),
    st.integers(0, 500_000),
    st.data(),
)
def test_it_never_gives_a_better_weighted_region_a_smaller_share(
    problem: tuple[list[RegionInput], int],
    base: int,
    weight_a: float,
    weight_b: float,
    floor_units: int,
    room_units: int,
    data: st.DataObject,
) -> None:
    assume(weight_a != weight_b)
    regions, _ = problem
    floor, ceiling = floor_units * UNIT_YEN, (floor_units + room_units) * UNIT_YEN
    low_w, high_w = sorted([weight_a, weight_b])
    twins = [
        RegionInput("~better", base, high_w, floor, ceiling),
        RegionInput("~worse", base, low_w, floor, ceiling),
    ]
    low, high = _unit_sums(regions + twins)
    budget = data.draw(st.integers(low, high)) * UNIT_YEN
    result = allocate(regions + twins, budget).by_key()
    assert result["~better"].amount_yen >= result["~worse"].amount_yen


@PROPERTY
@given(problems(), st.randoms(use_true_random=False))
def test_it_gives_identical_output_for_identical_input_in_any_order(
    problem: tuple[list[RegionInput], int], rng: random.Random
) -> None:
    regions, budget = problem
    shuffled = list(regions)
    rng.shuffle(shuffled)
    assert allocate(regions, budget) == allocate(list(regions), budget)
    assert allocate(shuffled, budget) == allocate(regions, budget)


@PROPERTY
@given(problems(), st.integers(1, 10**9))
def test_it_refuses_a_budget_below_the_floors(
    problem: tuple[list[RegionInput], int], short_units: int
) -> None:
    regions, _ = problem
    low, _ = _unit_sums(regions)
    assume(low - short_units >= 0)
    with pytest.raises(AllocationError) as caught:
        allocate(regions, (low - short_units) * UNIT_YEN)
    assert caught.value.code == "allocation.budget_below_floors"


@PROPERTY
@given(problems(), st.integers(1, 10**9))
def test_it_refuses_a_budget_above_the_ceilings(
    problem: tuple[list[RegionInput], int], extra_units: int
) -> None:
    regions, _ = problem
    _, high = _unit_sums(regions)
    with pytest.raises(AllocationError) as caught:
        allocate(regions, (high + extra_units) * UNIT_YEN)
    assert caught.value.code == "allocation.budget_above_ceilings"


@PROPERTY
@given(problems())
def test_it_shares_proportionally_where_no_bound_binds(
    problem: tuple[list[RegionInput], int],
) -> None:
    regions, budget = problem
    result = allocate(regions, budget)
    for line in result.lines:
        demand = line.base_yen * line.weight
        wanted = result.level * demand if demand else 0.0
        slack = 1e-9 * max(wanted, 1.0) + 1e-6 if math.isfinite(wanted) else 0.0
        floor = -(-line.floor_yen // UNIT_YEN) * UNIT_YEN
        ceiling = line.ceiling_yen // UNIT_YEN * UNIT_YEN
        if line.bound is Bound.NONE and demand > 0:
            assert abs(line.amount_yen - wanted) <= UNIT_YEN + slack
        elif line.bound is Bound.FLOOR:
            assert line.amount_yen == floor
            assert wanted <= floor + slack
        elif line.bound is Bound.CEILING:
            assert line.amount_yen == ceiling
            assert wanted >= ceiling - slack


@PROPERTY
@given(st.integers(1, 10**13))
def test_it_refuses_a_budget_that_is_not_whole_thousands(budget: int) -> None:
    assume(budget % UNIT_YEN)
    with pytest.raises(AllocationError) as caught:
        allocate(_kc_regions([1.0]), budget)
    assert caught.value.code == "allocation.budget_not_multiple"


# --- examples ---------------------------------------------------------------


def test_it_allocates_the_kc_interim_example() -> None:
    weights = [1.3, 1.1, 1.0, 1.0, 0.7, 1.0, 1.1, 1.3, 1.0, 1.0, 0.7, 1.0]
    result = allocate(_kc_regions(weights), 60 * OKU)
    amounts = [line.amount_yen for line in result.lines]
    assert sum(amounts) == 60 * OKU
    assert amounts[0] == amounts[7] > amounts[1] > amounts[2] > amounts[4]
    assert result.lines[4].bound is Bound.FLOOR
    assert result.lines[4].amount_yen == 350_000_000


def test_it_explains_a_line_in_japanese() -> None:
    line = allocate(_kc_regions([1.3, 0.1]), 10 * OKU).by_key()["kc-01"]
    assert line.bound is Bound.FLOOR
    assert "下限 350,000,000円に到達" in line.describe_ja()
    assert "重み 0.10" in line.describe_ja()


def test_it_caps_at_the_ceiling_and_gives_the_rest_to_others() -> None:
    result = allocate(_kc_regions([3.0, 1.0, 1.0]), 15 * OKU).by_key()
    assert result["kc-00"].amount_yen == 650_000_000
    assert result["kc-00"].bound is Bound.CEILING
    assert result["kc-01"].amount_yen == result["kc-02"].amount_yen == 425_000_000


def test_it_equals_the_plain_split_when_no_bound_binds() -> None:
    regions = [RegionInput(k, b, 1.0, 0, 10 * OKU) for k, b in [("a", 1), ("b", 3)]]
    amounts = [line.amount_yen for line in allocate(regions, 4_000_000).lines]
    assert amounts == proportional_split(4_000_000, [1, 3]) == [1_000_000, 3_000_000]


def test_it_keeps_zero_weight_regions_at_their_floor() -> None:
    regions = [
        RegionInput("zero", 100_000, 0.0, 50_000, 200_000),
        RegionInput("one", 100_000, 1.0, 50_000, 200_000),
    ]
    result = allocate(regions, 200_000).by_key()
    assert result["zero"].amount_yen == 50_000
    assert result["zero"].bound is Bound.FLOOR
    assert result["one"].amount_yen == 150_000


def test_it_fills_zero_weight_regions_once_the_others_are_full() -> None:
    regions = [
        RegionInput("full", 100_000, 1.0, 0, 100_000),
        RegionInput("z1", 0, 0.0, 0, 30_000),
        RegionInput("z2", 0, 0.0, 0, 10_000),
    ]
    result = allocate(regions, 120_000).by_key()
    assert [result[k].amount_yen for k in ("full", "z1", "z2")] == [
        100_000,
        15_000,
        5_000,
    ]


def test_it_breaks_remainder_ties_by_key() -> None:
    regions = [RegionInput(k, 1_000, 1.0, 0, 10_000) for k in "cba"]
    assert [line.amount_yen for line in allocate(regions, 4_000).lines] == [
        2_000,
        1_000,
        1_000,
    ]


def test_it_explains_an_infeasible_budget_in_both_languages() -> None:
    with pytest.raises(AllocationError) as caught:
        allocate(_kc_regions([1.0, 1.0]), 6 * OKU)
    assert "下限額の合計 700,000,000円" in caught.value.message_ja
    assert "below the sum of the floors, 700,000,000 yen" in caught.value.message_en
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("region", "code"),
    [
        (RegionInput("a", -1, 1.0, 0, 1_000), "allocation.negative"),
        (RegionInput("a", 1, math.nan, 0, 1_000), "allocation.invalid_weight"),
        (RegionInput("a", 1, -0.5, 0, 1_000), "allocation.invalid_weight"),
        (RegionInput("a", 1, 1e-300, 0, 1_000), "allocation.invalid_weight"),
        (RegionInput("a", 1, math.inf, 0, 1_000), "allocation.invalid_weight"),
        (RegionInput("a", 1, 1.0, 1_500, 1_900), "allocation.bounds_empty"),
        (RegionInput("a", 1, 1.0, 5_000, 1_000), "allocation.bounds_empty"),
    ],
)
def test_it_refuses_invalid_regions(region: RegionInput, code: str) -> None:
    with pytest.raises(AllocationError) as caught:
        allocate([region], 0)
    assert caught.value.code == code


def test_it_refuses_duplicate_keys() -> None:
    with pytest.raises(AllocationError) as caught:
        allocate(_kc_regions([1.0]) * 2, 10 * OKU)
    assert caught.value.code == "allocation.duplicate_key"


def test_it_allocates_nothing_among_no_regions() -> None:
    assert allocate([], 0).lines == ()


def test_it_derives_bounds_from_the_base() -> None:
    assert bounds_around(5 * OKU) == (350_000_000, 650_000_000)
    assert bounds_around(5 * OKU, cap_yen=5 * OKU) == (350_000_000, 500_000_000)
    assert bounds_around(1_234_567, 10, 10) == (1_112_000, 1_358_000)


def test_it_maps_scores_to_weights_monotonically() -> None:
    assert weight_for_score(1.0) == pytest.approx(0.7)
    assert weight_for_score(5.0) == pytest.approx(1.3)
    assert weight_for_score(3.0) == pytest.approx(1.0)
    assert weight_for_score(9.0) == pytest.approx(1.3)
    assert list(DEFAULT_RATING_WEIGHTS) == ["S", "A", "B", "C"]
    assert sorted(DEFAULT_RATING_WEIGHTS.values(), reverse=True) == list(
        DEFAULT_RATING_WEIGHTS.values()
    )


def test_it_compares_two_allocations_side_by_side() -> None:
    regions = _kc_regions([1.3, 1.0, 0.7])
    before, after = allocate(regions, 15 * OKU), allocate(regions, 14 * OKU)
    deltas = compare(before, after)
    assert [d.key for d in deltas] == ["kc-00", "kc-01", "kc-02"]
    assert sum(d.difference_yen for d in deltas) == -OKU
    assert all(d.before_bound is not None for d in deltas)


def test_it_allocates_five_thousand_regions_quickly() -> None:
    import time

    rng = random.Random(5000)
    regions = []
    for i in range(5_000):
        base = rng.randrange(50_000_000, 600_000_000, 1_000)
        floor, ceiling = bounds_around(base, cap_yen=5 * OKU)
        weight = rng.choice(list(DEFAULT_RATING_WEIGHTS.values()))
        regions.append(
            RegionInput(f"r{i:05d}", base, weight, min(floor, ceiling), ceiling)
        )
    low, high = _unit_sums(regions)
    budget = (low + high) // 2 * UNIT_YEN
    started = time.perf_counter()
    assert allocate(regions, budget).total_yen == budget
    assert time.perf_counter() - started < 1.0
