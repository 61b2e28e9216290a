"""Explicit response schemas of the targets API (what `kpi --format json` prints).

Numbers are ``int | float`` so counts stay integers in the JSON while shares
and forecasts keep their decimals.
"""

from __future__ import annotations

from ninja import Field, Schema

from targets.choices import Judgement, MetricKind, TargetRelation

__all__ = ["MetricOut", "TargetOut", "TargetParams"]

Number = int | float


class IntervalOut(Schema):
    lower: float
    upper: float
    confidence: float = Field(description="Two-sided coverage, e.g. 0.8 = 80 %.")


class SeriesPointOut(Schema):
    fiscal_year: int
    value: Number | None = Field(description="null: nothing reported that FY.")


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
