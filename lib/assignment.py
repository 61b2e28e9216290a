"""Assigning committee members to the items they review, free of conflicts.

Two steps, both pure:

* :func:`find_conflicts` says which (item, reviewer) pairs are forbidden and why:
  the reviewer belongs to the item's core institution (中核機関) or to a
  participating organisation, has declared a conflict, or — only when the
  officer switches the rule on — shares a prefecture with the item.
* :func:`assign` tops every item up to ``minimum`` reviewers. Items with the
  fewest eligible reviewers go first (they have the least choice), and each
  takes the least-loaded eligible reviewers, ties broken by reviewer key, so the
  same input always gives the same plan and the load stays balanced. A
  conflicted pair is never assigned. An item that cannot reach the minimum is
  given every eligible reviewer it can get and is reported in
  :attr:`AssignmentPlan.shortfalls` with the reason: too few reviewers free of
  conflicts (listing the conflicts), or the others already at ``max_load``.

Without ``max_load`` every item with at least ``minimum`` conflict-free
reviewers is covered: the greedy choice never takes a reviewer away from
another item, because reviewers have no capacity limit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

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
    taken = set(existing)
    load = Counter(reviewer for _, reviewer in taken)
    eligible = {
        item: [r for r in sorted(set(reviewers)) if (item, r) not in reasons]
        for item in sorted(set(items))
    }
    new: list[Pair] = []
    shortfalls: list[Shortfall] = []
    for item in sorted(eligible, key=lambda key: (len(eligible[key]), key)):
        have = sum(1 for r in eligible[item] if (item, r) in taken)
        chosen = _choose(item, eligible[item], taken, load, minimum - have, max_load)
        new.extend((item, r) for r in chosen)
        if have + len(chosen) < minimum:
            shortfalls.append(
                _shortfall(item, minimum, have + len(chosen), eligible[item], reasons)
            )
    return AssignmentPlan(
        tuple(sorted(new)), tuple(shortfalls), {r: load[r] for r in sorted(load)}
    )


def _choose(
    item: str,
    candidates: list[str],
    taken: set[Pair],
    load: Counter[str],
    needed: int,
    max_load: int | None,
) -> list[str]:
    """The ``needed`` least-loaded free candidates; updates ``taken`` and ``load``."""
    if needed <= 0:
        return []
    free = [
        r
        for r in candidates
        if (item, r) not in taken and (max_load is None or load[r] < max_load)
    ]
    chosen = sorted(free, key=lambda r: (load[r], r))[:needed]
    for reviewer in chosen:
        taken.add((item, reviewer))
        load[reviewer] += 1
    return chosen


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
