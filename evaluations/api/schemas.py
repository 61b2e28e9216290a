"""Request and response bodies of the evaluations API."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator

from chiiki.validators import CheckedText
from evaluations.choices import (
    AllocationBound,
    AllocationWeighting,
    EvaluationState,
    EvaluationType,
    Rating,
)

__all__ = [
    "AllocationDifferenceOut",
    "AllocationIn",
    "AllocationOut",
    "AllocationRegionOut",
    "AllocationResultOut",
    "AssignOut",
    "CompareIn",
    "CriterionOut",
    "EvaluationErrorOut",
    "EvaluationDetailOut",
    "EvaluationListOut",
    "EvaluationOut",
    "ItemOut",
    "ResultOut",
    "ScoresIn",
    "ScoreSheetOut",
]


#: 1,000兆円: far above any budget, well inside a database bigint.
MAX_YEN = 10**15


def _not_a_boolean(value: object) -> object:
    """JSON ``true`` is not the number 1 (pydantic's lax mode would say so)."""
    if isinstance(value, bool):
        raise ValueError(
            "数値を入力してください（true・false は数値として受け付けません）。"
        )
    return value


#: An integer in a JSON body: a boolean is refused with 422 (issue 13).
Int = Annotated[int, BeforeValidator(_not_a_boolean)]


class EvaluationErrorOut(Schema):
    detail: Any = Field(description="Japanese message (or a list per field for 422).")
    code: str = ""


class EvaluationOut(Schema):
    id: int
    kind: EvaluationType
    kind_label: str
    programme: str
    fiscal_year: int
    title_ja: str
    state: EvaluationState
    state_label: str
    is_synthetic: bool


class EvaluationListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[EvaluationOut]


class CriterionOut(Schema):
    code: str
    name_ja: str
    description_ja: str
    weight: float


class ResultOut(Schema):
    """Aggregates only: individual scores are never part of a result."""

    score: float = Field(description="The aggregate weighted score on the scale.")
    raw_mean: float
    std: float = Field(description="Spread between reviewers (standard deviation).")
    score_range: float
    reviewer_count: int
    outlier_count: int
    rating: str = Field(description="S, A, B or C")
    rank: int
    decision: str = Field(description="continue / end (final evaluations), or ''.")
    committee_comment_ja: str


class ItemOut(Schema):
    id: int
    label: str
    region: str | None
    proposal_id: int | None
    result: ResultOut | None = Field(
        description="Present once closed, for callers allowed to see the results."
    )


class EvaluationDetailOut(EvaluationOut):
    scale_min: int
    scale_max: int
    aggregation: str
    normalise_reviewers: bool
    summary_ja: str
    criteria: list[CriterionOut]
    items: list[ItemOut]


class ScoreSheetOut(Schema):
    """One member's score sheet (never public)."""

    id: int
    item_id: int
    member: str
    scores: dict[str, int] = Field(description="Criterion code → score.")
    comment_ja: str
    submitted_at: str | None
    weighted_score: float | None
    adjusted_score: float | None
    is_outlier: bool


class ScoresIn(Schema):
    scores: dict[str, Int] = Field(description="Criterion code → whole-point score.")
    comment: CheckedText = Field("", max_length=4000)


class AssignOut(Schema):
    created: int
    removed: int = Field(
        0, description="Conflicted assignments removed before topping up."
    )
    shortfalls: list[str] = Field(description="Items left short, and why (Japanese).")


class CompareIn(Schema):
    budget_yen: Int | None = Field(None, ge=0, le=MAX_YEN)
    weighting: str | None = Field(None, description="rating, score or equal")


class AllocationIn(Schema):
    programme: str = Field(description="Programme code, e.g. KC.")
    fiscal_year: Int = Field(ge=1990, le=2100)
    budget_yen: Int = Field(ge=0, le=MAX_YEN)
    evaluation_id: Int | None = Field(None, ge=1, le=2**63 - 1)
    weighting: str = Field("rating", description="rating, score or equal")
    down_percent: Int = Field(30, ge=0, le=100)
    up_percent: Int = Field(30, ge=0, le=100)
    cap_yen: Int | None = Field(None, ge=0, le=MAX_YEN)
    base_yen: Int | None = Field(None, ge=0, le=MAX_YEN)
    compare: CompareIn | None = Field(
        None, description="What-if: the same request with these changes, compared."
    )
    save: bool = Field(False, description="Store the run (audited).")
    label_ja: str = Field("", max_length=200)
    adopt: bool = False


class AllocationRegionOut(Schema):
    """One region's line: its basis (result, weight) and what the solver gave."""

    code: str
    name_ja: str
    rating: Rating | None
    score: float | None = Field(
        description="The region's aggregate score in the evaluation used, if any."
    )
    weight: float
    base_yen: int
    floor_yen: int
    ceiling_yen: int
    raw_share_yen: int
    target_yen: int
    amount_yen: int
    change_yen: int
    bound: AllocationBound = Field(description="Which bound decided the amount.")
    explanation_ja: str


class AllocationResultOut(Schema):
    programme: str
    fiscal_year: int
    budget_yen: int
    unit_yen: int
    evaluation_id: int | None
    weighting: AllocationWeighting
    down_percent: int
    up_percent: int
    cap_yen: int | None
    level: float | None = Field(description="The solver's water level (null: none).")
    total_yen: int
    regions: list[AllocationRegionOut]


class AllocationDifferenceOut(Schema):
    code: str
    before_yen: int
    after_yen: int
    difference_yen: int


class AllocationOut(Schema):
    allocation: AllocationResultOut = Field(
        description="Budget, level and per region: base, weight, floor, ceiling, "
        "raw share, amount, bound hit and a Japanese explanation."
    )
    compared: AllocationResultOut | None = None
    differences: list[AllocationDifferenceOut] | None = None
    run_id: int | None = None
