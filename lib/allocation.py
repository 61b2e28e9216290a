"""傾斜配分: share next year's budget among regions by base amount × weight.

The committee's rating turns into a *weight* per region (``S`` 1.3, ``A`` 1.1,
``B`` 1.0, ``C`` 0.7 by default, see :data:`DEFAULT_RATING_WEIGHTS`, or a linear
map of the score, :func:`weight_for_score`). Each region also has a floor and a
ceiling (e.g. ±30 % of its base, :func:`bounds_around`, optionally capped at a
programme limit such as ≈5億円 per KC region). :func:`allocate` then finds the
amounts that

1. spend exactly the budget, to the yen;
2. keep every region within its floor and ceiling;
3. are otherwise proportional to ``base × weight`` (water-filling: the amount of
   region *i* is ``clamp(λ·base_i·weight_i, floor_i, ceiling_i)`` for the one
   water level λ at which the amounts add up to the budget; this is the fixed
   point of "share proportionally, clamp the regions that break a bound,
   share the rest again", found exactly from the sorted breakpoints instead
   of by iterating);
4. are whole multiples of the unit (1,000 yen): the continuous amounts are
   rounded down and the units left over go one each to the largest remainders,
   ties broken by the larger ``base × weight`` and then by the region key, so
   that the result never depends on input order and a better-weighted region
   never ends up below an otherwise equal one.

Rules that callers must know:

* **The budget must be a multiple of the unit** (1,000 yen); otherwise
  :class:`AllocationError` ``allocation.budget_not_multiple``. Placing an odd
  remainder on one region would break rule 4, so it is refused instead.
* Floors are rounded *up* and ceilings *down* to the unit, because an amount
  must be a whole number of units inside the bounds; if no whole unit fits
  between them, ``allocation.bounds_empty``.
* Infeasible budgets: below the sum of (rounded) floors,
  ``allocation.budget_below_floors``; above the sum of (rounded) ceilings,
  ``allocation.budget_above_ceilings``.
* A weight is 0 or between 0.000001 and 1,000,000 (``allocation.invalid_weight``).
* Regions with ``base × weight = 0`` stay at their floor, unless every other
  region is at its ceiling: then the rest of the budget is spread over them in
  proportion to their room (ceiling − floor).

Everything is integer yen on the way in and out; the water level is a float
internally, and the final rounding step repairs any float drift so that the
total is exact.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from lib.errors import ConventionError
from lib.money import format_yen

__all__ = [
    "DEFAULT_RATING_WEIGHTS",
    "UNIT_YEN",
    "Allocation",
    "AllocationDelta",
    "AllocationError",
    "AllocationLine",
    "Bound",
    "RegionInput",
    "allocate",
    "bounds_around",
    "compare",
    "proportional_split",
    "weight_for_score",
]

#: Amounts are whole thousands of yen, as budget tables in 千円 require.
UNIT_YEN = 1_000

#: Weights are 0 or within this range; beyond it the water level would leave
#: the range in which floats add up reliably.
MIN_WEIGHT = 1e-6
MAX_WEIGHT = 1e6

#: Default weight per rating: better-rated regions draw more per yen of base.
DEFAULT_RATING_WEIGHTS: Mapping[str, float] = {"S": 1.3, "A": 1.1, "B": 1.0, "C": 0.7}

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class AllocationError(ConventionError):
    """The allocation cannot be computed from these inputs (see module rules)."""


class Bound(StrEnum):
    """Which bound, if any, decided a region's amount."""

    NONE = "none"
    FLOOR = "floor"
    CEILING = "ceiling"


@dataclass(frozen=True, slots=True)
class RegionInput:
    """One region as the solver sees it: a key, base, weight and bounds in yen."""

    key: str
    base_yen: int
    weight: float
    floor_yen: int
    ceiling_yen: int


@dataclass(frozen=True, slots=True)
class AllocationLine:
    """The amount of one region and every number needed to explain it."""

    key: str
    base_yen: int
    weight: float
    floor_yen: int
    ceiling_yen: int
    #: Budget × base·weight / Σ base·weight: the share with no bounds at all.
    raw_share_yen: int
    #: The bounded amount before rounding to the unit.
    target_yen: int
    amount_yen: int
    bound: Bound

    @property
    def share_of_base(self) -> float:
        return self.amount_yen / self.base_yen if self.base_yen else 0.0

    @property
    def change_yen(self) -> int:
        return self.amount_yen - self.base_yen

    def describe_ja(self) -> str:
        """One sentence saying how the amount came about, for tables and tooltips."""
        limit = {
            Bound.FLOOR: "下限 {}に到達".format(format_yen(self.floor_yen)),
            Bound.CEILING: "上限 {}に到達".format(format_yen(self.ceiling_yen)),
            Bound.NONE: "上下限の範囲内",
        }[self.bound]
        return "基準額 {} × 重み {:.2f}、比例配分 {}、{} → 配分額 {}".format(
            format_yen(self.base_yen),
            self.weight,
            format_yen(self.raw_share_yen),
            limit,
            format_yen(self.amount_yen),
        )


@dataclass(frozen=True, slots=True)
class Allocation:
    """The solved allocation: lines sorted by region key."""

    budget_yen: int
    unit_yen: int
    #: The water level λ, in yen per unit of base × weight.
    level: float
    lines: tuple[AllocationLine, ...]

    @property
    def total_yen(self) -> int:
        return sum(line.amount_yen for line in self.lines)

    def by_key(self) -> dict[str, AllocationLine]:
        return {line.key: line for line in self.lines}


@dataclass(frozen=True, slots=True)
class AllocationDelta:
    """One region in a what-if comparison; ``None`` where a side lacks it."""

    key: str
    before_yen: int | None
    after_yen: int | None
    before_bound: Bound | None
    after_bound: Bound | None

    @property
    def difference_yen(self) -> int:
        return (self.after_yen or 0) - (self.before_yen or 0)


# --- helpers for building inputs -------------------------------------------


def bounds_around(
    base_yen: int,
    down_percent: int = 30,
    up_percent: int = 30,
    cap_yen: int | None = None,
    unit_yen: int = UNIT_YEN,
) -> tuple[int, int]:
    """Floor and ceiling ``base × (1 ∓ percent)``, ceiling capped, in whole units.

    Integer arithmetic only, so 5億円 ± 30 % is exactly 3.5億円 / 6.5億円.
    """
    floor_yen = _round_up(base_yen * (100 - down_percent), 100 * unit_yen) * unit_yen
    ceiling_yen = (base_yen * (100 + up_percent)) // (100 * unit_yen) * unit_yen
    if cap_yen is not None:
        ceiling_yen = min(ceiling_yen, cap_yen // unit_yen * unit_yen)
    return floor_yen, ceiling_yen


def weight_for_score(
    score: float,
    scale_min: float = 1.0,
    scale_max: float = 5.0,
    low: float = 0.7,
    high: float = 1.3,
) -> float:
    """Map a score linearly from the scale onto [low, high]; monotone in score."""
    position = (score - scale_min) / (scale_max - scale_min)
    return low + min(1.0, max(0.0, position)) * (high - low)


def proportional_split(budget_yen: int, bases: Sequence[int]) -> list[int]:
    """The naive baseline: budget × base / Σ base, no bounds, no rounding rule."""
    total = sum(bases)
    return [budget_yen * base // total if total else 0 for base in bases]


# --- the solver -------------------------------------------------------------


def allocate(
    regions: Sequence[RegionInput], budget_yen: int, unit_yen: int = UNIT_YEN
) -> Allocation:
    """Solve the 傾斜配分 for ``budget_yen`` (see the module docstring for rules)."""
    ordered = _validated(regions, budget_yen, unit_yen)
    weights = np.array([r.base_yen * r.weight for r in ordered], dtype=np.float64)
    floors = np.array([-(-r.floor_yen // unit_yen) for r in ordered], dtype=np.int64)
    ceilings = np.array([r.ceiling_yen // unit_yen for r in ordered], dtype=np.int64)
    _check_bounds(ordered, floors, ceilings)
    units = budget_yen // unit_yen
    _check_feasible(units, floors, ceilings, unit_yen)
    level, targets, desired = _fill(weights / unit_yen, floors, ceilings, units)
    amounts = _round_units(targets, weights, floors, ceilings, units)
    bounds = _bounds_hit(desired, floors, ceilings)
    lines = _lines(ordered, weights, budget_yen, unit_yen, targets, amounts, bounds)
    return Allocation(budget_yen, unit_yen, level, lines)


def compare(before: Allocation, after: Allocation) -> tuple[AllocationDelta, ...]:
    """Side-by-side deltas of two allocations (what-if), by region key."""
    old, new = before.by_key(), after.by_key()
    deltas = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        deltas.append(
            AllocationDelta(
                key,
                a.amount_yen if a else None,
                b.amount_yen if b else None,
                a.bound if a else None,
                b.bound if b else None,
            )
        )
    return tuple(deltas)


def _validated(
    regions: Sequence[RegionInput], budget_yen: int, unit_yen: int
) -> list[RegionInput]:
    if unit_yen <= 0:
        raise _error("unit", "配分単位は正の整数円です。", "The unit must be > 0.")
    if budget_yen < 0 or budget_yen % unit_yen:
        raise _error(
            "budget_not_multiple",
            "予算額 {} は{}単位の0以上の額にしてください。".format(
                format_yen(budget_yen), format_yen(unit_yen)
            ),
            f"The budget {budget_yen:,} yen must be a non-negative multiple of "
            f"{unit_yen:,} yen.",
            budget_yen,
        )
    for region in regions:
        _check_region(region)
    ordered = sorted(regions, key=lambda r: r.key)
    for first, second in zip(ordered, ordered[1:], strict=False):
        if first.key == second.key:
            raise _error(
                "duplicate_key",
                "地域「{}」が重複しています。".format(first.key),
                f"Region {first.key!r} appears twice.",
                first.key,
            )
    return ordered


def _check_region(region: RegionInput) -> None:
    if min(region.base_yen, region.floor_yen, region.ceiling_yen) < 0:
        raise _error(
            "negative",
            "地域「{}」の基準額・下限・上限は0円以上にしてください。".format(
                region.key
            ),
            f"Region {region.key!r}: base, floor and ceiling must be >= 0 yen.",
            region.key,
        )
    weight = region.weight
    if not (weight == 0 or MIN_WEIGHT <= weight <= MAX_WEIGHT):
        raise _error(
            "invalid_weight",
            "地域「{}」の重み {} は0または{}〜{}にしてください。".format(
                region.key, weight, MIN_WEIGHT, f"{MAX_WEIGHT:,.0f}"
            ),
            f"Region {region.key!r}: the weight {weight} must be 0 or between "
            f"{MIN_WEIGHT} and {MAX_WEIGHT:,.0f}.",
            region.key,
        )


def _check_bounds(
    ordered: Sequence[RegionInput], floors: IntArray, ceilings: IntArray
) -> None:
    empty = np.flatnonzero(floors > ceilings)
    if empty.size:
        region = ordered[int(empty[0])]
        raise _error(
            "bounds_empty",
            "地域「{}」の下限 {} と上限 {} の間に配分単位の額がありません。".format(
                region.key, format_yen(region.floor_yen), format_yen(region.ceiling_yen)
            ),
            f"Region {region.key!r}: no whole unit lies between the floor "
            f"{region.floor_yen:,} and the ceiling {region.ceiling_yen:,} yen.",
            region.key,
        )


def _check_feasible(
    units: int, floors: IntArray, ceilings: IntArray, unit_yen: int
) -> None:
    low, high = int(floors.sum()) * unit_yen, int(ceilings.sum()) * unit_yen
    budget = units * unit_yen
    if budget < low:
        raise _error(
            "budget_below_floors",
            "予算額 {} が各地域の下限額の合計 {} を下回るため、配分できません。".format(
                format_yen(budget), format_yen(low)
            ),
            f"The budget of {budget:,} yen is below the sum of the floors, "
            f"{low:,} yen: no allocation is possible.",
            budget,
        )
    if budget > high:
        raise _error(
            "budget_above_ceilings",
            "予算額 {} が各地域の上限額の合計 {} を上回るため、配分できません。".format(
                format_yen(budget), format_yen(high)
            ),
            f"The budget of {budget:,} yen is above the sum of the ceilings, "
            f"{high:,} yen: no allocation is possible.",
            budget,
        )


def _fill(
    weights: FloatArray, floors: IntArray, ceilings: IntArray, units: int
) -> tuple[float, FloatArray, FloatArray]:
    """Continuous amounts (in units): the water level, the targets, the desires.

    ``desired`` is what the region would get without bounds at this level; it
    tells which bound, if any, was hit.
    """
    positive = weights > 0
    targets = floors.astype(np.float64)
    desired = np.zeros_like(targets)
    rest = units - int(floors[~positive].sum())
    if rest >= int(ceilings[positive].sum()):
        targets[positive] = ceilings[positive]
        desired[positive] = np.inf
        _spread_over_zero_weights(targets, desired, ~positive, floors, ceilings, rest)
        level = math.inf if positive.any() else 0.0
        return level, targets, desired
    level = _water_level(weights[positive], floors[positive], ceilings[positive], rest)
    desired[positive] = level * weights[positive]
    targets[positive] = np.clip(desired[positive], floors[positive], ceilings[positive])
    return level, targets, desired


def _spread_over_zero_weights(
    targets: FloatArray,
    desired: FloatArray,
    zero: npt.NDArray[np.bool_],
    floors: IntArray,
    ceilings: IntArray,
    rest: int,
) -> None:
    """Every weighted region is full: share what remains by room above floor."""
    room = (ceilings[zero] - floors[zero]).astype(np.float64)
    left = rest - int(ceilings[~zero].sum())
    if left > 0 and room.sum() > 0:
        targets[zero] = floors[zero] + left * room / room.sum()
        desired[zero] = targets[zero]


def _water_level(
    weights: FloatArray, floors: IntArray, ceilings: IntArray, units: int
) -> float:
    """The λ with Σ clamp(λ·w, floor, ceiling) = units, from sorted breakpoints.

    The sum is piecewise linear and non-decreasing in λ, with kinks where a
    region leaves its floor (floor/w) or reaches its ceiling (ceiling/w).
    Evaluating it at every kink finds the segment holding the budget; on that
    segment the free regions share the rest linearly.
    """
    low, high = floors / weights, ceilings / weights
    kinks = np.unique(np.concatenate([low, high]))
    free_floor, fixed, free_weight = _segments(
        low, high, floors, ceilings, weights, kinks
    )
    totals = np.maximum.accumulate(fixed + free_floor + kinks * free_weight)
    index = int(np.searchsorted(totals, units, side="left"))
    if index == 0 or index >= kinks.size or totals[index] == units:
        return float(kinks[min(index, kinks.size - 1)])
    level = _level_on_segment(
        low, high, floors, ceilings, weights, kinks[index - 1], units
    )
    return float(min(max(level, kinks[index - 1]), kinks[index]))


def _level_on_segment(
    low: FloatArray,
    high: FloatArray,
    floors: IntArray,
    ceilings: IntArray,
    weights: FloatArray,
    start: float,
    units: int,
) -> float:
    """λ on the segment starting at ``start``, from exact sums over its regions.

    The cumulative sums that located the segment lose precision when weights
    differ by many orders of magnitude; these direct sums do not.
    """
    free = (low <= start) & (high > start)
    fixed = int(floors[low > start].sum()) + int(ceilings[high <= start].sum())
    free_weight = float(weights[free].sum())
    if free_weight <= 0:
        return math.inf
    return (units - fixed) / free_weight


def _segments(
    low: FloatArray,
    high: FloatArray,
    floors: IntArray,
    ceilings: IntArray,
    weights: FloatArray,
    kinks: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """At each kink t: Σ floors still at floor, Σ ceilings reached, Σ free weight."""
    by_low, by_high = np.argsort(low, kind="stable"), np.argsort(high, kind="stable")
    floor_sums = np.concatenate([[0.0], np.cumsum(floors[by_low], dtype=np.float64)])
    low_weights = np.concatenate([[0.0], np.cumsum(weights[by_low])])
    ceiling_sums = np.concatenate(
        [[0.0], np.cumsum(ceilings[by_high], dtype=np.float64)]
    )
    high_weights = np.concatenate([[0.0], np.cumsum(weights[by_high])])
    left = np.searchsorted(low[by_low], kinks, side="right")
    full = np.searchsorted(high[by_high], kinks, side="right")
    at_floor = floor_sums[-1] - floor_sums[left]
    free = np.maximum(low_weights[left] - high_weights[full], 0.0)
    return at_floor, ceiling_sums[full], free


def _round_units(
    targets: FloatArray,
    weights: FloatArray,
    floors: IntArray,
    ceilings: IntArray,
    units: int,
) -> IntArray:
    """Largest remainder: round down, then hand out the missing units one each.

    Float drift can leave more (or fewer) units to place than there are
    remainders; the loop then goes round again, always inside the bounds.
    """
    amounts = np.clip(np.floor(targets).astype(np.int64), floors, ceilings)
    remainders = targets - amounts
    order_up = np.lexsort((np.arange(targets.size), -weights, -remainders))
    order_down = np.lexsort((-np.arange(targets.size), weights, remainders))
    missing = units - int(amounts.sum())
    while missing:
        step = 1 if missing > 0 else -1
        order = order_up if step > 0 else order_down
        room = (
            amounts[order] < ceilings[order]
            if step > 0
            else amounts[order] > floors[order]
        )
        chosen = order[room][: abs(missing)]
        if chosen.size == 0:  # pragma: no cover - excluded by the feasibility check
            raise AssertionError("allocation rounding ran out of room")
        amounts[chosen] += step
        missing -= step * chosen.size
    return amounts


def _bounds_hit(
    desired: FloatArray, floors: IntArray, ceilings: IntArray
) -> list[Bound]:
    """A bound was hit when the unbounded amount lay beyond it."""
    return [
        Bound.CEILING if want > high else Bound.FLOOR if want < low else Bound.NONE
        for want, low, high in zip(
            desired.tolist(), floors.tolist(), ceilings.tolist(), strict=True
        )
    ]


def _lines(
    ordered: Sequence[RegionInput],
    weights: FloatArray,
    budget_yen: int,
    unit_yen: int,
    targets: FloatArray,
    amounts: IntArray,
    bounds: Sequence[Bound],
) -> tuple[AllocationLine, ...]:
    total_weight = float(weights.sum())
    shares = weights * (budget_yen / total_weight) if total_weight else weights * 0
    columns = zip(
        ordered,
        np.rint(shares).astype(np.int64).tolist(),
        np.rint(targets * unit_yen).astype(np.int64).tolist(),
        (amounts * unit_yen).tolist(),
        bounds,
        strict=True,
    )
    return tuple(
        AllocationLine(
            region.key,
            region.base_yen,
            region.weight,
            region.floor_yen,
            region.ceiling_yen,
            raw_share,
            target,
            amount,
            bound,
        )
        for region, raw_share, target, amount, bound in columns
    )


def _round_up(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _error(code: str, ja: str, en: str, value: object = None) -> AllocationError:
    return AllocationError(f"allocation.{code}", ja, en, value)
