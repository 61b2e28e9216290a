"""Reviewer assignment: never a conflicted pair, every coverable item covered.

The property that matters most (issue 16) is checked against brute force:
on 1,000 small random instances with conflicts, existing assignments and a
load limit, the plan covers as many (item, reviewer) places as any
assignment can, and no plan with that coverage has more balanced loads.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.assignment import (
    AssignmentError,
    AssignmentPlan,
    ConflictReason,
    ItemParties,
    Pair,
    ReviewerProfile,
    ShortfallReason,
    assign,
    find_conflicts,
)
from lib.tests._settings import PROPERTY

ORGS = st.frozensets(st.sampled_from(["u1", "u2", "f1", "f2", "c1"]), max_size=2)
PREFS = st.frozensets(st.sampled_from(["01", "13", "27", "40"]), max_size=2)


@dataclass(frozen=True)
class Panel:
    items: list[ItemParties]
    reviewers: list[ReviewerProfile]
    declared: set[Pair]
    same_prefecture: bool
    minimum: int


@st.composite
def panels(draw: st.DrawFn) -> Panel:
    items = [
        ItemParties(f"item{i}", draw(ORGS), draw(ORGS), draw(PREFS))
        for i in range(draw(st.integers(0, 15)))
    ]
    reviewers = [
        ReviewerProfile(f"rev{i}", draw(ORGS), draw(PREFS))
        for i in range(draw(st.integers(0, 10)))
    ]
    pairs = [(i.key, r.key) for i in items for r in reviewers]
    declared = draw(st.sets(st.sampled_from(pairs))) if pairs else set()
    return Panel(
        items, reviewers, declared, draw(st.booleans()), draw(st.integers(0, 5))
    )


def _plan(
    panel: Panel, max_load: int | None = None
) -> tuple[AssignmentPlan, dict[Pair, tuple[ConflictReason, ...]]]:
    conflicts = find_conflicts(
        panel.items, panel.reviewers, panel.declared, panel.same_prefecture
    )
    plan = assign(
        [i.key for i in panel.items],
        [r.key for r in panel.reviewers],
        minimum=panel.minimum,
        conflicts=conflicts,
        max_load=max_load,
    )
    return plan, conflicts


@PROPERTY
@given(panels(), st.one_of(st.none(), st.integers(0, 6)))
def test_it_never_assigns_a_conflicted_pair(panel: Panel, max_load: int | None) -> None:
    plan, conflicts = _plan(panel, max_load)
    assert not set(plan.assignments) & set(conflicts)
    assert len(set(plan.assignments)) == len(plan.assignments)


@PROPERTY
@given(panels())
def test_it_covers_every_coverable_item_with_the_minimum(panel: Panel) -> None:
    plan, conflicts = _plan(panel)
    counts = Counter(item for item, _ in plan.assignments)
    short = {s.item for s in plan.shortfalls}
    for item in panel.items:
        eligible = sum(1 for r in panel.reviewers if (item.key, r.key) not in conflicts)
        if eligible >= panel.minimum:
            assert counts[item.key] == panel.minimum
            assert item.key not in short
        else:
            assert counts[item.key] == eligible
            assert item.key in short


@PROPERTY
@given(panels(), st.integers(0, 6))
def test_it_respects_the_load_limit_and_reports_what_it_leaves_short(
    panel: Panel, max_load: int
) -> None:
    plan, _ = _plan(panel, max_load)
    assert all(load <= max_load for load in plan.loads.values())
    counts = Counter(item for item, _ in plan.assignments)
    for item in panel.items:
        reported = any(s.item == item.key for s in plan.shortfalls)
        assert reported == (counts[item.key] < panel.minimum)


@PROPERTY
@given(panels())
def test_it_gives_the_same_plan_for_the_same_input(panel: Panel) -> None:
    assert _plan(panel)[0] == _plan(panel)[0]


@PROPERTY
@given(st.integers(1, 30), st.integers(1, 12), st.integers(1, 4))
def test_it_balances_the_load_without_conflicts(
    n_items: int, n_reviewers: int, minimum: int
) -> None:
    plan = assign(
        [f"i{n}" for n in range(n_items)],
        [f"r{n}" for n in range(n_reviewers)],
        minimum=minimum,
    )
    loads = [plan.loads.get(f"r{n}", 0) for n in range(n_reviewers)]
    assert max(loads) - min(loads) <= 1


def test_it_finds_each_kind_of_conflict() -> None:
    item = ItemParties(
        "kc-sapporo",
        frozenset({"hokkaido-found"}),
        frozenset({"u1"}),
        frozenset({"01"}),
    )
    reviewers = [
        ReviewerProfile("a", frozenset({"hokkaido-found"})),
        ReviewerProfile("b", frozenset({"u1"})),
        ReviewerProfile("c", prefectures=frozenset({"01"})),
        ReviewerProfile("d"),
    ]
    assert find_conflicts([item], reviewers, {("kc-sapporo", "d")}, True) == {
        ("kc-sapporo", "a"): (ConflictReason.CORE_INSTITUTION,),
        ("kc-sapporo", "b"): (ConflictReason.PARTICIPANT,),
        ("kc-sapporo", "c"): (ConflictReason.SAME_PREFECTURE,),
        ("kc-sapporo", "d"): (ConflictReason.DECLARED,),
    }
    assert ("kc-sapporo", "c") not in find_conflicts([item], reviewers)


def test_it_explains_an_uncoverable_item() -> None:
    plan = assign(
        ["x"],
        ["a", "b", "c"],
        minimum=3,
        conflicts={("x", "a"): (ConflictReason.SAME_PREFECTURE,)},
    )
    (shortfall,) = plan.shortfalls
    assert shortfall.reason is ShortfallReason.TOO_FEW_ELIGIBLE
    assert (shortfall.assigned, shortfall.eligible) == (2, 2)
    assert "最低3名" in shortfall.message_ja
    assert "a（同一都道府県）" in shortfall.message_ja
    assert "only 2 reviewers are free of conflicts" in shortfall.message_en


def test_it_counts_existing_assignments_and_adds_only_what_is_missing() -> None:
    plan = assign(["x", "y"], ["a", "b", "c"], minimum=2, existing=[("x", "a")])
    assert Counter(item for item, _ in plan.assignments) == {"x": 1, "y": 2}
    assert ("x", "a") not in plan.assignments
    assert plan.loads == {"a": 2, "b": 1, "c": 1}


def test_it_covers_what_the_old_greedy_left_short() -> None:
    """Issue 16's kind of instance: taking the least-loaded free reviewer item
    by item used up r1 and r0 and left i2 short; a flow covers all three."""
    plan = assign(
        ["i0", "i1", "i2"],
        ["r0", "r1", "r2"],
        minimum=1,
        conflicts=[("i0", "r0"), ("i1", "r2"), ("i2", "r2")],
        max_load=1,
    )
    assert plan.covered
    assert plan.loads == {"r0": 1, "r1": 1, "r2": 1}


def test_it_balances_existing_loads_too() -> None:
    plan = assign(
        ["w", "x", "y", "z"], ["a", "b"], minimum=1, existing=[("w", "a"), ("x", "a")]
    )
    assert plan.assignments == (("y", "b"), ("z", "b"))
    assert plan.loads == {"a": 2, "b": 2}


def test_it_refuses_a_conflicted_existing_assignment() -> None:
    with pytest.raises(AssignmentError) as caught:
        assign(["x"], ["a"], minimum=1, conflicts=[("x", "a")], existing=[("x", "a")])
    assert caught.value.code == "assignment.conflicted_existing"


def test_it_reports_the_load_limit_as_the_reason() -> None:
    plan = assign(["x", "y"], ["a"], minimum=1, max_load=1)
    (shortfall,) = plan.shortfalls
    assert shortfall.reason is ShortfallReason.LOAD_LIMIT
    assert "上限" in shortfall.message_ja


# --- against brute force ------------------------------------------------------


@dataclass(frozen=True)
class Instance:
    items: tuple[str, ...]
    reviewers: tuple[str, ...]
    minimum: int
    conflicts: frozenset[Pair]
    existing: frozenset[Pair]
    max_load: int | None


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    """Up to 4 items and 4 reviewers: small enough to try every assignment."""
    items = tuple(f"i{n}" for n in range(draw(st.integers(0, 4))))
    reviewers = tuple(f"r{n}" for n in range(draw(st.integers(0, 4))))
    pairs = [(i, r) for i in items for r in reviewers]
    conflicts = draw(st.frozensets(st.sampled_from(pairs))) if pairs else frozenset()
    free = [p for p in pairs if p not in conflicts]
    existing = draw(st.frozensets(st.sampled_from(free))) if free else frozenset()
    return Instance(
        items,
        reviewers,
        draw(st.integers(0, 3)),
        conflicts,
        existing,
        draw(st.one_of(st.none(), st.integers(0, 3))),
    )


def brute_force(case: Instance) -> tuple[int, int]:
    """(most places that can be filled, least sum of squared loads with that).

    Tries, item by item, every set of new reviewers it could get (up to what
    it still needs, within the load limit); memoised on the loads so far.
    """
    reviewers = case.reviewers
    start = tuple(sum(r == rv for _, rv in case.existing) for r in reviewers)
    limit = case.max_load

    @cache
    def best(index: int, loads: tuple[int, ...]) -> tuple[int, int]:
        if index == len(case.items):
            return 0, -sum(n * n for n in loads)
        item = case.items[index]
        have = sum((item, r) in case.existing for r in reviewers)
        need = max(0, case.minimum - have)
        free = [
            n
            for n, r in enumerate(reviewers)
            if (item, r) not in case.conflicts and (item, r) not in case.existing
        ]
        options = []
        for size in range(min(need, len(free)) + 1):
            for chosen in combinations(free, size):
                after = list(loads)
                for n in chosen:
                    after[n] += 1
                if limit is not None and any(after[n] > limit for n in chosen):
                    continue
                filled, balance = best(index + 1, tuple(after))
                options.append((filled + size, balance))
        return max(options)

    filled, balance = best(0, start)
    return filled, -balance


@settings(PROPERTY, max_examples=1000)
@given(instances())
def test_it_matches_brute_force_on_small_instances(case: Instance) -> None:
    plan = assign(
        case.items,
        case.reviewers,
        minimum=case.minimum,
        conflicts=case.conflicts,
        existing=case.existing,
        max_load=case.max_load,
    )
    new = set(plan.assignments)
    assert not new & case.conflicts and not new & case.existing
    loads = Counter(r for _, r in (*case.existing, *new))
    if case.max_load is not None:
        assert all(loads[r] <= case.max_load for _, r in new), (
            "a reviewer was pushed past max_load"
        )
    filled, balance = brute_force(case)
    assert len(new) == filled, "a fuller assignment exists"
    assert sum(n * n for n in loads.values()) == balance, "a more balanced one exists"
    per_item = Counter(i for i, _ in (*case.existing, *new))
    short = {s.item for s in plan.shortfalls}
    assert short == {i for i in case.items if per_item[i] < case.minimum}
    assert dict(plan.loads) == {r: loads[r] for r in sorted(loads)}
