"""Request and response bodies of the evaluations API."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator

from chiiki.validators import CheckedText

__all__ = [
    "AllocationIn",
    "AllocationOut",
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
    kind: str = Field(description="selection, interim, final or continuation")
    kind_label: str
    programme: str
    fiscal_year: int
    title_ja: str
    state: str = Field(description="draft, open, closed or published")
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
    scores: dict[str, Int] = Field(description="Criterion code → score.")
    comment_ja: str
    submitted_at: str | None
    weighted_score: float | None
    adjusted_score: float | None
    is_outlier: bool


class ScoresIn(Schema):
    scores: dict[str, int] = Field(description="Criterion code → whole-point score.")
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


class AllocationOut(Schema):
    allocation: dict[str, Any] = Field(
        description="Budget, level and per region: base, weight, floor, ceiling, "
        "raw share, amount, bound hit and a Japanese explanation."
    )
    compared: dict[str, Any] | None = None
    differences: list[dict[str, Any]] | None = None
    run_id: int | None = None
