"""Explicit response schemas of the targets API (what `kpi --format json` prints).

Numbers are ``int | float`` so counts stay integers in the JSON while shares
and forecasts keep their decimals; the schema declares each such field
``number`` (of which integers are a part), one type per field for clients.
"""

from __future__ import annotations

from typing import Annotated

from ninja import Field, Schema
from pydantic import WithJsonSchema

from targets.choices import Judgement, MetricKind, TargetRelation

__all__ = ["CompletenessOut", "MetricOut", "TargetOut", "TargetParams"]

Number = Annotated[int | float, WithJsonSchema({"type": "number"})]


class IntervalOut(Schema):
    lower: float
    upper: float
    confidence: float = Field(description="Two-sided coverage, e.g. 0.8 = 80 %.")


class SeriesPointOut(Schema):
    fiscal_year: int
    value: Number | None = Field(
        description="null: nothing reported that FY, or its reports incomplete."
    )
    provisional: bool = Field(
        False, description="The FY's reports are incomplete (暫定): not judged."
    )


class MissingReportOut(Schema):
    region: str
    name: str
    reason: str = Field(description="Why the report will not come (締め).")


class CompletenessOut(Schema):
    """Reports behind a FY's sums: expected (regions active), handed in, accepted."""

    fiscal_year: int
    programme: str | None = Field(description="null: all programmes together.")
    expected: int
    submitted: int
    accepted: int
    complete: bool
    provisional: bool = Field(description="Sums of this FY are 暫定.")
    closed: bool = Field(description="An officer closed the year (締め).")
    label: str = Field(description="「暫定（36地域中1地域受理）」 or 「確定」.")
    missing: list[MissingReportOut]


class PredictionOut(Schema):
    fiscal_year: int
    point: float
    lower: float
    upper: float


class _MetricFields(Schema):
    label: str | None
    kind: MetricKind | None
    value: Number | None = Field(
        description="Latest reported value at or before fiscal_year."
    )
    value_fiscal_year: int | None
    deadline_value: Number | None = Field(
        description="At or after the deadline: the value judged (else null)."
    )
    goal: Number | None
    unit: str | None
    progress: float | None = Field(description="value / goal in %.")
    forecast: float | None = Field(description="Forecast at the deadline.")
    interval: IntervalOut | None = Field(description="Prediction interval.")
    probability: float | None = Field(description="P(value ≥ goal) at the deadline.")
    judgement: str = Field(description="達成見込み, 想定どおり達成 …")
    judgement_code: Judgement
    model: str | None = Field(description="cumulative, level or increase.")
    series: list[SeriesPointOut]
    completeness: CompletenessOut | None = Field(
        None, description="The FY's reports, for figures that sum them."
    )
    provisional_value: Number | None = Field(
        None, description="A cumulative sum counting incomplete years (never judged)."
    )


class MetricOut(_MetricFields):
    metric: str = Field(description="The metric's key.")
    forecast_path: list[PredictionOut] = Field(
        description="Forecast and interval for each year up to the deadline."
    )


class TargetOut(_MetricFields):
    """A target; the flat metric fields are its first (headline) metric's."""

    id: str = Field(description="Target number as in the evaluation sheet.")
    text: str
    text_en: str
    goal_code: str
    relation: TargetRelation
    fiscal_year: int = Field(description="The FY the values are as of.")
    deadline: int
    metric: str | None
    overall_judgement: str = Field(
        description="The weakest of the metrics' judgements."
    )
    overall_judgement_code: Judgement
    metrics: list[MetricOut]


class TargetParams(Schema):
    fiscal_year: int | None = Field(
        None,
        ge=1990,
        le=2200,
        description="As of this FY (default: the latest FY with accepted reports).",
    )
    programme: str | None = Field(
        None, description="Only this programme's regions (e.g. KC)."
    )
