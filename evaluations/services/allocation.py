"""傾斜配分 from evaluation results, what-if comparisons, City Area decisions.

The solver is pure (``lib.allocation``, rules in its docstring). This module
chooses the regions and their inputs:

* with an evaluation: the regions it reviewed, weighted by their result there
  (the evaluation must be closed or published);
* without: the programme's regions active in the fiscal year, each weighted by
  its result in the latest *published* evaluation of the programme held before
  that year. As the seed describes 傾斜配分, only evaluated regions share the
  re-allocation: a region with no such result (未評価) keeps its base amount
  exactly (floor = ceiling = base) and is listed with the reason, and the
  rest of the budget goes to the evaluated regions, still spent exactly.

Each region's base is the programme's annual amount per region (or the
request's ``base_yen``), its bounds ``base × (1 ∓ percent)`` capped at
``cap_yen`` (:func:`lib.allocation.bounds_around`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from evaluations.choices import (
    AllocationStatus,
    AllocationWeighting,
    CityAreaDecision,
    EvaluationState,
    EvaluationType,
    Rating,
)
from evaluations.errors import WorkflowError
from evaluations.models import (
    AllocationLine,
    AllocationRun,
    DecisionChange,
    Evaluation,
    ItemResult,
)
from evaluations.services._common import Actor, actor_user, record, require_officer
from lib.allocation import (
    DEFAULT_RATING_WEIGHTS,
    Allocation,
    AllocationDelta,
    RegionInput,
    allocate,
    bounds_around,
    compare,
    weight_for_score,
)
from lib.allocation import AllocationLine as SolvedLine
from programmes.models import Programme, Region

__all__ = [
    "DEFAULT_BOUND_PERCENT",
    "AllocationOutcome",
    "AllocationRequest",
    "RegionBasis",
    "WhatIf",
    "allocation_what_if",
    "compute_allocation",
    "decide_city_areas",
    "run_allocation",
]

#: ±30 % of the base, as the issue's example for the KC re-allocation.
DEFAULT_BOUND_PERCENT = 30
#: Ratings that let a finished City Area continue (apply for 発展型).
CONTINUE_RATINGS: tuple[str, ...] = (Rating.S, Rating.A)


@dataclass(frozen=True)
class AllocationRequest:
    """Everything an allocation depends on; equal requests give equal results."""

    programme: Programme
    fiscal_year: int
    budget_yen: int
    evaluation: Evaluation | None = None
    weighting: str = AllocationWeighting.RATING
    down_percent: int = DEFAULT_BOUND_PERCENT
    up_percent: int = DEFAULT_BOUND_PERCENT
    cap_yen: int | None = None
    base_yen: int | None = None
    rating_weights: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_RATING_WEIGHTS)
    )


@dataclass(frozen=True, slots=True)
class RegionBasis:
    """Why a region weighs what it weighs: its result and where it comes from.

    Plain values rather than model instances: a national run reads thousands.
    """

    region_id: int
    code: str
    name_ja: str
    rating: str = ""
    score: Decimal | None = None
    weight: float = 1.0
    evaluation_id: int | None = None
    #: The rating comes from synthetic demo data (合成), not a real result.
    is_synthetic: bool = False

    @property
    def evaluated(self) -> bool:
        return self.evaluation_id is not None


@dataclass(frozen=True, slots=True)
class _Result:
    """The columns of an ItemResult that an allocation needs."""

    region_id: int
    code: str
    name_ja: str
    rating: str
    score: Decimal
    scale_min: int
    scale_max: int
    evaluation_id: int
    is_synthetic: bool = False


RESULT_COLUMNS = (
    "item__region_id",
    "item__region__code",
    "item__region__name_ja",
    "rating",
    "score",
    "item__evaluation__scale_min",
    "item__evaluation__scale_max",
    "item__evaluation_id",
    "item__evaluation__is_synthetic",
)


@dataclass(frozen=True)
class AllocationOutcome:
    """A solved allocation with the region behind every line."""

    request: AllocationRequest
    allocation: Allocation
    bases: Mapping[str, RegionBasis]

    def rows(self) -> list[tuple[RegionBasis, SolvedLine]]:
        return [(self.bases[line.key], line) for line in self.allocation.lines]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-friendly form for the CLI and the API."""
        request, level = self.request, self.allocation.level
        return {
            "programme": request.programme.code,
            "fiscal_year": request.fiscal_year,
            "budget_yen": request.budget_yen,
            "unit_yen": self.allocation.unit_yen,
            "evaluation_id": request.evaluation.pk if request.evaluation else None,
            "weighting": str(request.weighting),
            "down_percent": request.down_percent,
            "up_percent": request.up_percent,
            "cap_yen": request.cap_yen,
            "level": level if math.isfinite(level) else None,
            "total_yen": self.allocation.total_yen,
            "regions": [
                _row_dict(basis, line, self.unevaluated_reason)
                for basis, line in self.rows()
            ],
            "unevaluated": [
                {
                    "code": b.code,
                    "name_ja": b.name_ja,
                    "reason": self.unevaluated_reason,
                }
                for b in self.bases.values()
                if not b.evaluated
            ],
        }

    @property
    def unevaluated_reason(self) -> str:
        """Why a region without a result keeps its base amount (未評価)."""
        if self.request.evaluation is not None:
            return str(_("この評価の対象ではありません。"))
        return str(
            _(
                "{fy}年度より前に公表された評価の結果がないため、"
                "基準額のまま（傾斜配分の対象外）です。"
            ).format(fy=self.request.fiscal_year)
        )


@dataclass(frozen=True)
class WhatIf:
    """Two allocations side by side (e.g. another budget or other weights)."""

    before: AllocationOutcome
    after: AllocationOutcome
    deltas: tuple[AllocationDelta, ...]


def compute_allocation(request: AllocationRequest) -> AllocationOutcome:
    """Solve the allocation; raises ``AllocationError`` when infeasible."""
    bases = _bases(request)
    base = request.base_yen
    if base is None:
        base = request.programme.annual_amount_per_region_yen
    floor, ceiling = bounds_around(
        base, request.down_percent, request.up_percent, request.cap_yen
    )
    inputs = [
        RegionInput(code, base, b.weight, floor, ceiling)
        if b.evaluated
        # 未評価: no weighted share, the base amount exactly.
        else RegionInput(code, base, 1.0, base, base)
        for code, b in bases.items()
    ]
    return AllocationOutcome(request, allocate(inputs, request.budget_yen), bases)


def allocation_what_if(request: AllocationRequest, **changes: Any) -> WhatIf:
    """The request as is and with ``changes`` (any request field), compared."""
    before = compute_allocation(request)
    after = compute_allocation(replace(request, **changes))
    return WhatIf(before, after, compare(before.allocation, after.allocation))


@transaction.atomic
def run_allocation(
    request: AllocationRequest,
    actor: Actor,
    *,
    label_ja: str,
    adopt: bool = False,
    note_ja: str = "",
    is_synthetic: bool = False,
) -> AllocationRun:
    """Compute and store a run; ``adopt`` makes it the programme's decision."""
    require_officer(actor)
    outcome = compute_allocation(request)
    if AllocationRun.objects.filter(
        programme=request.programme, fiscal_year=request.fiscal_year, label_ja=label_ja
    ).exists():
        raise WorkflowError(
            "allocation.duplicate_label",
            _("同じ名称の配分が既にあります。"),
        )
    run = _save_run(outcome, actor, label_ja, note_ja, is_synthetic)
    if adopt:
        _adopt(run, actor)
    return run


def _save_run(
    outcome: AllocationOutcome,
    actor: Actor,
    label_ja: str,
    note_ja: str,
    is_synthetic: bool,
) -> AllocationRun:
    request, level = outcome.request, outcome.allocation.level
    run = AllocationRun.objects.create(
        programme=request.programme,
        fiscal_year=request.fiscal_year,
        evaluation=request.evaluation,
        label_ja=label_ja,
        budget_yen=request.budget_yen,
        unit_yen=outcome.allocation.unit_yen,
        weighting=request.weighting,
        down_percent=request.down_percent,
        up_percent=request.up_percent,
        cap_yen=request.cap_yen,
        level=level if math.isfinite(level) else None,
        note_ja=note_ja,
        created_by=actor_user(actor),
        is_synthetic=is_synthetic,
    )
    AllocationLine.objects.bulk_create(
        _line(run, basis, line) for basis, line in outcome.rows()
    )
    record(
        run,
        _adopted_amounts(request),
        {
            "budget_yen": request.budget_yen,
            "amounts": {b.code: line.amount_yen for b, line in outcome.rows()},
        },
        actor,
        str(_("傾斜配分の算出")),
        "allocation",
    )
    return run


def _adopted_amounts(request: AllocationRequest) -> dict[str, Any]:
    """The amounts decided so far for the programme and year (before values)."""
    adopted = AllocationRun.objects.adopted().filter(
        programme=request.programme, fiscal_year=request.fiscal_year
    )
    run = adopted.first()
    if run is None:
        return {}
    lines = run.lines.values_list("region__code", "amount_yen")
    return {"budget_yen": run.budget_yen, "amounts": dict(lines)}


def _adopt(run: AllocationRun, actor: Actor) -> None:
    """Only one adopted run per programme and year: the previous one reverts."""
    previous = AllocationRun.objects.adopted().filter(
        programme=run.programme, fiscal_year=run.fiscal_year
    )
    for old in previous.exclude(pk=run.pk):
        old.status = AllocationStatus.DRAFT
        old.save(update_fields=["status", "last_updated"])
        record(
            old, AllocationStatus.ADOPTED, AllocationStatus.DRAFT, actor, "", "status"
        )
    run.status = AllocationStatus.ADOPTED
    run.save(update_fields=["status", "last_updated"])
    record(run, AllocationStatus.DRAFT, AllocationStatus.ADOPTED, actor, "", "status")


def _line(run: AllocationRun, basis: RegionBasis, line: SolvedLine) -> AllocationLine:
    return AllocationLine(
        run=run,
        region_id=basis.region_id,
        rating=basis.rating,
        score=basis.score,
        weight=Decimal(repr(basis.weight)).quantize(Decimal("0.000001")),
        base_yen=line.base_yen,
        floor_yen=line.floor_yen,
        ceiling_yen=line.ceiling_yen,
        raw_share_yen=line.raw_share_yen,
        target_yen=line.target_yen,
        amount_yen=line.amount_yen,
        bound=str(line.bound),
    )


# --- choosing the regions and their weights ---------------------------------


def _bases(request: AllocationRequest) -> dict[str, RegionBasis]:
    if request.evaluation is not None:
        results = _evaluation_results(request.evaluation, request.programme)
        regions = [(r.region_id, r.code, r.name_ja) for r in results]
    else:
        regions = list(
            Region.objects.for_programme(request.programme.code)
            .active_in(request.fiscal_year)
            .values_list("pk", "code", "name_ja")
        )
        results = _latest_published_results(request, [pk for pk, _c, _n in regions])
    by_region = {r.region_id: r for r in results}
    return {
        code: _basis(request, RegionBasis(pk, code, name), by_region.get(pk))
        for pk, code, name in sorted(regions, key=lambda r: r[1])
    }


def _evaluation_results(evaluation: Evaluation, programme: Programme) -> list[_Result]:
    if evaluation.programme_id != programme.pk:
        raise WorkflowError(
            "allocation.other_programme", _("評価の事業と配分の事業が異なります。")
        )
    if not evaluation.has_results:
        raise WorkflowError(
            "allocation.no_results",
            _("締切前の評価の結果は配分に使えません。"),
        )
    rows = (
        ItemResult.objects.filter(
            item__evaluation=evaluation, item__region__isnull=False
        )
        .order_by("item__region__code")
        .values_list(*RESULT_COLUMNS)
    )
    return [_Result(*row) for row in rows]


def _latest_published_results(
    request: AllocationRequest, region_ids: Sequence[int]
) -> list[_Result]:
    rows = (
        ItemResult.objects.filter(
            item__region__programme=request.programme,
            item__evaluation__programme=request.programme,
            item__evaluation__state=EvaluationState.PUBLISHED,
            item__evaluation__fiscal_year__lt=request.fiscal_year,
        )
        .order_by("item__region_id", "-item__evaluation__fiscal_year", "-pk")
        .values_list(*RESULT_COLUMNS)
    )
    wanted = set(region_ids)
    latest: dict[int, _Result] = {}
    for row in rows:
        if row[0] in wanted:
            latest.setdefault(row[0], _Result(*row))
    return list(latest.values())


def _basis(
    request: AllocationRequest, basis: RegionBasis, result: _Result | None
) -> RegionBasis:
    if result is None:
        return basis
    if request.weighting == AllocationWeighting.EQUAL:
        weight = 1.0
    elif request.weighting == AllocationWeighting.SCORE:
        weight = weight_for_score(
            float(result.score), result.scale_min, result.scale_max
        )
    else:
        weight = float(request.rating_weights[result.rating])
    return replace(
        basis,
        rating=result.rating,
        score=result.score,
        weight=weight,
        evaluation_id=result.evaluation_id,
        is_synthetic=result.is_synthetic,
    )


def _row_dict(basis: RegionBasis, line: SolvedLine, reason: str) -> dict[str, Any]:
    return {
        "code": basis.code,
        "name_ja": basis.name_ja,
        "evaluated": basis.evaluated,
        "status": str(_("評価済み") if basis.evaluated else _("未評価")),
        "unevaluated_reason": None if basis.evaluated else reason,
        # Where the rating comes from: 合成 (demo data) or 公表値 (a published
        # evaluation); 未評価 regions have none.
        "provenance": (
            None if not basis.evaluated else "合成" if basis.is_synthetic else "公表値"
        ),
        "rating": basis.rating or None,
        "score": str(basis.score) if basis.score is not None else None,
        "weight": basis.weight,
        "base_yen": line.base_yen,
        "floor_yen": line.floor_yen,
        "ceiling_yen": line.ceiling_yen,
        "raw_share_yen": line.raw_share_yen,
        "target_yen": line.target_yen,
        "amount_yen": line.amount_yen,
        "change_yen": line.change_yen,
        "bound": str(line.bound),
        "explanation_ja": line.describe_ja(),
    }


# --- City Areas after the final evaluation -----------------------------------


@transaction.atomic
def decide_city_areas(
    evaluation: Evaluation,
    actor: Actor,
    *,
    continue_ratings: Sequence[str] = CONTINUE_RATINGS,
    reason: str = "",
) -> dict[str, str]:
    """Continue (may apply for 発展型) or end, per area, from its final rating."""
    require_officer(actor)
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.kind != EvaluationType.FINAL or not locked.has_results:
        raise WorkflowError(
            "decision.wrong_evaluation",
            _("継続可否は締切済みの終了評価の結果からだけ決められます。"),
        )
    decisions = {}
    results = ItemResult.objects.filter(
        item__evaluation=locked, item__region__isnull=False
    )
    for result in results.select_related("item__region"):
        decisions[result.item.region.code] = _decide(
            result, actor, continue_ratings, reason
        )
    return decisions


def _decide(
    result: ItemResult, actor: Actor, continue_ratings: Sequence[str], reason: str
) -> str:
    new = (
        CityAreaDecision.CONTINUE
        if result.rating in continue_ratings
        else CityAreaDecision.END
    )
    if result.decision != new:
        DecisionChange.objects.create(
            result=result,
            old_decision=result.decision,
            new_decision=new,
            actor=actor_user(actor),
            reason=reason,
        )
        record(result, result.decision, new, actor, reason, "decision")
        result.decision = new
        result.save(update_fields=["decision"])
    return str(new)
