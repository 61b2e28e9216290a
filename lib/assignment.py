"""Assigning committee members to the items they review, free of conflicts.

Two steps, both pure:

* :func:`find_conflicts` says which (item, reviewer) pairs are forbidden and why:
  the reviewer belongs to the item's core institution (中核機関) or to a
  participating organisation, has declared a conflict, or — only when the
  officer switches the rule on — shares a prefecture with the item.
* :func:`assign` tops every item up to ``minimum`` reviewers, solved as a
  minimum-cost flow (source → item → reviewer → load slot → sink) with
  scipy: an integer maximum flow, then the cheapest flow of that value as a
  linear programme (HiGHS). The flow is *maximum*, so no item is left short
  when a complete assignment exists — a greedy choice cannot promise that
  once reviewers have a ``max_load`` (issue 16: it failed 17 of 3,000 random
  instances). Among maximum flows it takes the one whose reviewer loads
  (existing ones included) have the least sum of squares — the k-th extra
  item of a reviewer already holding ``e`` costs ``2(e+k)-1`` — which is the
  most balanced load there is: it also has the smallest maximum and the
  largest minimum. Inputs are sorted by key and the solver is deterministic,
  so the same input always gives the same plan. A conflicted pair is never
  an edge. An item that cannot reach the minimum is reported in
  :attr:`AssignmentPlan.shortfalls` with the reason: too few reviewers free of
  conflicts (listing the conflicts), or the others already at ``max_load``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array
from scipy.sparse.csgraph import maximum_flow

from lib.errors import ConventionError

__all__ = [
    "CONFLICT_LABELS_JA",
    "AssignmentError",
    "AssignmentPlan",
    "ConflictReason",
    "ItemParties",
    "Pair",
    "ReviewerProfile",
    "Shortfall",
    "ShortfallReason",
    "assign",
    "find_conflicts",
]

#: (item key, reviewer key)
Pair = tuple[str, str]


class AssignmentError(ConventionError):
    """The assignment request itself is invalid (e.g. a conflicted pair given)."""


class ConflictReason(StrEnum):
    CORE_INSTITUTION = "core_institution"
    PARTICIPANT = "participant"
    DECLARED = "declared"
    SAME_PREFECTURE = "same_prefecture"


CONFLICT_LABELS_JA: Mapping[ConflictReason, str] = {
    ConflictReason.CORE_INSTITUTION: "中核機関に所属",
    ConflictReason.PARTICIPANT: "参加機関に所属",
    ConflictReason.DECLARED: "利害関係の申告あり",
    ConflictReason.SAME_PREFECTURE: "同一都道府県",
}


class ShortfallReason(StrEnum):
    TOO_FEW_ELIGIBLE = "too_few_eligible"
    LOAD_LIMIT = "load_limit"


@dataclass(frozen=True, slots=True)
class ItemParties:
    """Who stands behind an item: organisation keys and prefecture codes."""

    key: str
    core_organisations: frozenset[str] = frozenset()
    participant_organisations: frozenset[str] = frozenset()
    prefectures: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class ReviewerProfile:
    """A committee member's affiliations: organisation keys and prefecture codes."""

    key: str
    organisations: frozenset[str] = frozenset()
    prefectures: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Shortfall:
    """An item left below the minimum, and why."""

    item: str
    required: int
    assigned: int
    eligible: int
    reason: ShortfallReason
    conflicts: tuple[tuple[str, tuple[ConflictReason, ...]], ...] = ()

    @property
    def message_ja(self) -> str:
        detail = "、".join(
            "{}（{}）".format(r, "・".join(CONFLICT_LABELS_JA[c] for c in reasons))
            for r, reasons in self.conflicts
        )
        if self.reason is ShortfallReason.LOAD_LIMIT:
            why = "他の委員は担当件数の上限に達しています"
        else:
            why = "利害関係のない委員が{}名しかいません".format(self.eligible)
        text = (
            "「{}」には最低{}名の委員が必要ですが、{}名しか割り当てられません。{}。"
        ).format(self.item, self.required, self.assigned, why)
        return text + ("利害関係: {}".format(detail) if detail else "")

    @property
    def message_en(self) -> str:
        why = (
            "the other reviewers are at their load limit"
            if self.reason is ShortfallReason.LOAD_LIMIT
            else f"only {self.eligible} reviewers are free of conflicts"
        )
        return (
            f"{self.item!r} needs {self.required} reviewers but only "
            f"{self.assigned} can be assigned: {why}."
        )


@dataclass(frozen=True, slots=True)
class AssignmentPlan:
    """New pairs to create, the items that stay short, and the resulting loads."""

    assignments: tuple[Pair, ...]
    shortfalls: tuple[Shortfall, ...]
    loads: Mapping[str, int] = field(default_factory=dict)

    @property
    def covered(self) -> bool:
        return not self.shortfalls


def find_conflicts(
    items: Sequence[ItemParties],
    reviewers: Sequence[ReviewerProfile],
    declared: Collection[Pair] = (),
    same_prefecture: bool = False,
) -> dict[Pair, tuple[ConflictReason, ...]]:
    """Every forbidden (item, reviewer) pair with its reasons, in a fixed order."""
    declared_set = set(declared)
    conflicts: dict[Pair, tuple[ConflictReason, ...]] = {}
    for item in items:
        for reviewer in reviewers:
            reasons = _reasons(item, reviewer, declared_set, same_prefecture)
            if reasons:
                conflicts[(item.key, reviewer.key)] = reasons
    return conflicts


def _reasons(
    item: ItemParties,
    reviewer: ReviewerProfile,
    declared: set[Pair],
    same_prefecture: bool,
) -> tuple[ConflictReason, ...]:
    reasons = []
    if item.core_organisations & reviewer.organisations:
        reasons.append(ConflictReason.CORE_INSTITUTION)
    if item.participant_organisations & reviewer.organisations:
        reasons.append(ConflictReason.PARTICIPANT)
    if (item.key, reviewer.key) in declared:
        reasons.append(ConflictReason.DECLARED)
    if same_prefecture and item.prefectures & reviewer.prefectures:
        reasons.append(ConflictReason.SAME_PREFECTURE)
    return tuple(reasons)


def assign(
    items: Sequence[str],
    reviewers: Sequence[str],
    *,
    minimum: int,
    conflicts: Mapping[Pair, tuple[ConflictReason, ...]] | Collection[Pair] = (),
    existing: Collection[Pair] = (),
    max_load: int | None = None,
) -> AssignmentPlan:
    """Top every item up to ``minimum`` reviewers (see the module docstring)."""
    _check_request(items, reviewers, minimum, conflicts, existing)
    reasons = _reason_map(conflicts)
    item_keys, reviewer_keys = sorted(set(items)), sorted(set(reviewers))
    taken = set(existing)
    load = Counter(reviewer for _, reviewer in taken)
    eligible = {
        item: [r for r in reviewer_keys if (item, r) not in reasons]
        for item in item_keys
    }
    have = {item: sum((item, r) in taken for r in eligible[item]) for item in item_keys}
    network = _Network.build(
        needed={item: max(0, minimum - have[item]) for item in item_keys},
        candidates={
            item: [r for r in eligible[item] if (item, r) not in taken]
            for item in item_keys
        },
        room={r: _room(load[r], max_load) for r in reviewer_keys},
        load=load,
    )
    new = network.solve()
    load.update(reviewer for _, reviewer in new)
    got = Counter(item for item, _ in new)
    shortfalls = tuple(
        _shortfall(item, minimum, have[item] + got[item], eligible[item], reasons)
        for item in item_keys
        if have[item] + got[item] < minimum
    )
    return AssignmentPlan(
        tuple(sorted(new)), shortfalls, {r: load[r] for r in sorted(load)}
    )


def _room(load: int, max_load: int | None) -> int | None:
    """How many more items a reviewer may take (None: no limit)."""
    return None if max_load is None else max(0, max_load - load)


@dataclass(frozen=True, slots=True)
class _Network:
    """The flow network: source → item (its need) → reviewer (1 per pair) →
    the reviewer's load slots (1 each, the k-th costing ``2(e+k)-1``) → sink.

    Only items that still need someone and pairs that may be added are in it.
    A reviewer gets no more slots than the items it could take, so a reviewer
    without ``max_load`` costs as much as one with a limit.
    """

    items: tuple[str, ...]
    need: tuple[int, ...]
    pairs: tuple[Pair, ...]
    slots: tuple[tuple[str, int], ...]
    reviewers: tuple[str, ...]

    @classmethod
    def build(
        cls,
        needed: Mapping[str, int],
        candidates: Mapping[str, list[str]],
        room: Mapping[str, int | None],
        load: Mapping[str, int],
    ) -> _Network:
        items = tuple(item for item, n in needed.items() if n > 0)
        pairs = tuple(
            (item, r) for item in items for r in candidates[item] if room[r] != 0
        )
        reach = Counter(r for _, r in pairs)
        reviewers = tuple(r for r in room if reach[r])
        slots = tuple(
            (r, load.get(r, 0) + k)
            for r in reviewers
            for k in range(1, _slot_count(reach[r], room[r]) + 1)
        )
        return cls(items, tuple(needed[i] for i in items), pairs, slots, reviewers)

    def solve(self) -> list[Pair]:
        """The pairs of a maximum flow whose loads have the least sum of squares.

        Two exact steps: the maximum flow value (an integer max-flow), then the
        cheapest flow of that value as a linear programme. Its matrix is a
        network's incidence matrix (totally unimodular), so the simplex
        vertex HiGHS returns is integral; it is checked all the same.
        """
        if not self.pairs:
            return []
        value = self._max_flow()
        chosen = self._cheapest_flow(value)
        if len(chosen) != value:  # pragma: no cover - a solver defect, not input
            raise RuntimeError("the assignment solver returned a partial flow")
        return chosen

    def _max_flow(self) -> int:
        n_items, n_revs = len(self.items), len(self.reviewers)
        sink = n_items + n_revs + 1
        item_at = {item: 1 + n for n, item in enumerate(self.items)}
        rev_at = {r: 1 + n_items + n for n, r in enumerate(self.reviewers)}
        slots = Counter(r for r, _ in self.slots)
        edges = [(0, item_at[i], n) for i, n in zip(self.items, self.need, strict=True)]
        edges += [(item_at[i], rev_at[r], 1) for i, r in self.pairs]
        edges += [(rev_at[r], sink, slots[r]) for r in self.reviewers]
        tails, heads, caps = zip(*edges, strict=True)
        graph = csr_array(
            (np.array(caps, dtype=np.int32), (tails, heads)), shape=(sink + 1,) * 2
        )
        return int(maximum_flow(graph, 0, sink).flow_value)

    def _cheapest_flow(self, value: int) -> list[Pair]:
        """Variables: source→item, item→reviewer, reviewer→slot; one row per
        node (source, items, reviewers) saying flow in equals flow out."""
        n_items, n_pairs = len(self.items), len(self.pairs)
        row_of_item = {item: 1 + n for n, item in enumerate(self.items)}
        row_of_rev = {r: 1 + n_items + n for n, r in enumerate(self.reviewers)}
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []

        def put(row: int, col: int, val: float) -> None:
            rows.append(row)
            cols.append(col)
            vals.append(val)

        for col, item in enumerate(self.items):
            put(0, col, 1.0)
            put(row_of_item[item], col, 1.0)
        for n, (item, r) in enumerate(self.pairs):
            put(row_of_item[item], n_items + n, -1.0)
            put(row_of_rev[r], n_items + n, 1.0)
        for n, (r, _load) in enumerate(self.slots):
            put(row_of_rev[r], n_items + n_pairs + n, -1.0)
        n_vars = n_items + n_pairs + len(self.slots)
        matrix = csr_array(
            (vals, (rows, cols)), shape=(1 + n_items + len(self.reviewers), n_vars)
        )
        rhs = np.zeros(matrix.shape[0])
        rhs[0] = value
        cost = np.zeros(n_vars)
        cost[n_items + n_pairs :] = [2 * load - 1 for _r, load in self.slots]
        upper = np.ones(n_vars)
        upper[:n_items] = self.need
        flows = _solve_lp(cost, matrix, rhs, upper)[n_items : n_items + n_pairs]
        return [pair for pair, f in zip(self.pairs, flows, strict=True) if f > 0]


def _slot_count(reach: int, room: int | None) -> int:
    return reach if room is None else min(reach, room)


def _solve_lp(
    cost: np.ndarray, matrix: csr_array, rhs: np.ndarray, upper: np.ndarray
) -> np.ndarray:
    """The optimal integral flow: the LP's vertex, or (should the solver ever
    stop off a vertex) the same problem with integrality required."""
    for integrality in (0, 1):
        result = milp(
            cost,
            constraints=LinearConstraint(matrix, rhs, rhs),
            bounds=Bounds(0, upper),
            integrality=np.full(len(cost), integrality),
        )
        if result.success:
            rounded = np.rint(result.x)
            if np.abs(result.x - rounded).max() <= 1e-6:
                return rounded
    raise RuntimeError(
        "the assignment solver found no integral flow"
    )  # pragma: no cover


def _shortfall(
    item: str,
    minimum: int,
    assigned: int,
    eligible: list[str],
    reasons: Mapping[Pair, tuple[ConflictReason, ...]],
) -> Shortfall:
    reason = (
        ShortfallReason.TOO_FEW_ELIGIBLE
        if len(eligible) < minimum
        else ShortfallReason.LOAD_LIMIT
    )
    conflicts = tuple(
        (reviewer, why)
        for (key, reviewer), why in sorted(reasons.items())
        if key == item
    )
    return Shortfall(item, minimum, assigned, len(eligible), reason, conflicts)


def _reason_map(
    conflicts: Mapping[Pair, tuple[ConflictReason, ...]] | Collection[Pair],
) -> dict[Pair, tuple[ConflictReason, ...]]:
    if isinstance(conflicts, Mapping):
        return dict(conflicts)
    return {pair: (ConflictReason.DECLARED,) for pair in conflicts}


def _check_request(
    items: Sequence[str],
    reviewers: Sequence[str],
    minimum: int,
    conflicts: Mapping[Pair, tuple[ConflictReason, ...]] | Collection[Pair],
    existing: Collection[Pair],
) -> None:
    if minimum < 0:
        raise AssignmentError(
            "assignment.minimum",
            "最低委員数は0以上にしてください。",
            "The minimum number of reviewers must be >= 0.",
            minimum,
        )
    known_items, known_reviewers = set(items), set(reviewers)
    for pair in existing:
        if pair[0] not in known_items or pair[1] not in known_reviewers:
            raise AssignmentError(
                "assignment.unknown",
                "既存の割当て {} の項目または委員が見つかりません。".format(pair),
                f"The existing assignment {pair!r} names an unknown item or reviewer.",
                pair,
            )
        if pair in conflicts:
            raise AssignmentError(
                "assignment.conflicted_existing",
                "既存の割当て {} には利害関係があります。先に解除してください。".format(
                    pair
                ),
                f"The existing assignment {pair!r} is conflicted; remove it first.",
                pair,
            )
