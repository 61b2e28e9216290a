"""Public read endpoints of the evidence: `/evidence/datasets`, `/evidence/estimate`.

Thin: impact.services estimates; the answer is the same dictionary that
``manage.py impact --outcome KEY --format json`` prints.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema

from chiiki.api_schemas import ErrorOut
from impact.models import ComparisonDataset
from impact.services import estimate_outcome
from lib.did_panel import PanelError

__all__ = ["router"]

router = Router(tags=["evidence"])


class DatasetOut(Schema):
    key: str
    title: str
    outcome: str
    unit_kind: str
    synthetic: bool
    source_url: str
    retrieved_on: datetime.date
    provenance: str
    file_sha256: str
    values: int


class EstimateParams(Schema):
    outcome: str = "patent_applications"
    control: Literal["never", "notyet"] = "never"
    programme: str | None = None
    drop_neighbours: bool = False
    draws: int = 999
    seed: int = 0


class EffectIntervalOut(Schema):
    att: float
    se: float
    lower: float
    upper: float


class TwfeOut(EffectIntervalOut):
    n_clusters: int


class CohortOut(EffectIntervalOut):
    cohort: int
    band_lower: float
    band_upper: float


class EventOut(EffectIntervalOut):
    event_time: int
    band_lower: float
    band_upper: float


class BootstrapOut(Schema):
    draws: int
    seed: int
    critical_value: float


class PretestOut(Schema):
    statistic: float | None
    df: int
    p_value: float | None
    bands_cover_zero: bool | None = None


class CellOut(Schema):
    cohort: int
    year: int
    base_year: int
    att: float
    se: float


class SourceOut(Schema):
    dataset: str
    outcome: str
    synthetic: bool
    source_url: str
    retrieved_on: datetime.date


class EstimateOut(Schema):
    source: SourceOut
    control: str
    n_units: int
    alpha: float
    overall: EffectIntervalOut
    simple: EffectIntervalOut
    event_overall: EffectIntervalOut
    twfe: TwfeOut
    cohorts: list[CohortOut]
    event_time: list[EventOut]
    bootstrap: BootstrapOut
    pretest: PretestOut
    pretest_cells: PretestOut
    group_time: list[CellOut]
    notes: list[str]


@router.get(
    "/evidence/datasets", response=list[DatasetOut], url_name="evidence_datasets"
)
def list_datasets(request: HttpRequest) -> list[dict[str, Any]]:
    """Every comparison dataset with its provenance (synthetic ones say so)."""
    return [
        {
            "key": d.key,
            "title": d.title,
            "outcome": d.outcome,
            "unit_kind": d.unit_kind,
            "synthetic": d.synthetic,
            "source_url": d.source_url,
            "retrieved_on": d.retrieved_on,
            "provenance": d.provenance,
            "file_sha256": d.file_sha256,
            "values": d.values.count(),
        }
        for d in ComparisonDataset.objects.order_by("outcome", "key")
    ]


@router.get(
    "/evidence/estimate",
    response={200: EstimateOut, 400: ErrorOut},
    url_name="evidence_estimate",
)
def get_estimate(
    request: HttpRequest, params: Query[EstimateParams]
) -> tuple[int, Any]:
    """Callaway & Sant'Anna on a comparison dataset, TWFE beside it (400: bad input)."""
    if not 99 <= params.draws <= 9999:
        return 400, {"detail": "draws は99以上9999以下にしてください。"}
    try:
        dataset, estimate = estimate_outcome(
            params.outcome,
            params.control,
            programme=params.programme,
            drop_neighbours=params.drop_neighbours,
            draws=params.draws,
            seed=params.seed,
        )
    except PanelError as error:
        return 400, {"detail": error.message_ja}
    source = {
        "dataset": dataset.key,
        "outcome": dataset.outcome,
        "synthetic": dataset.synthetic,
        "source_url": dataset.source_url,
        "retrieved_on": dataset.retrieved_on,
    }
    return 200, {"source": source, **estimate.as_dict()}
