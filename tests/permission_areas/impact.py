"""Permission rules for the evidence pages (/evidence/, /api/v1/evidence/...).

The comparison data and the estimate are public reads, like the targets.
"""

from __future__ import annotations

import datetime
from typing import Any

import numpy as np

from impact.models import ComparisonDataset, ComparisonValue
from lib.did_synthetic import planted_rows
from tests.permission_rules import Case, World, everyone


def _dataset(world: World) -> dict[str, Any]:
    return {"key": world.extra["comparison_dataset"].key}


WEB_RULES: dict[str, list[Case]] = {
    "impact:evidence": [Case(everyone())],
    "impact:dataset_download": [Case(everyone(), params=_dataset)],
}

API_RULES: dict[str, list[Case]] = {
    "GET /api/v1/evidence/datasets": [Case(everyone())],
    "GET /api/v1/evidence/estimate": [Case(everyone(), query="?draws=99")],
}


def build(world: World) -> None:
    """A small synthetic panel: one treated prefecture-like unit among never-treated."""
    dataset = ComparisonDataset.objects.create(
        key="matrix-panel",
        title="権限テスト（合成）",
        outcome="patent_applications",
        retrieved_on=datetime.date(2026, 12, 1),
        provenance="合成",
        synthetic=True,
    )
    units = ["{:02d}".format(n) for n in range(1, 48)]
    rows = planted_rows(
        units, list(range(1996, 2005)), [0] * len(units), effect=0.0,
        rng=np.random.default_rng(1),
    )  # fmt: skip
    ComparisonValue.objects.bulk_create(
        ComparisonValue(
            dataset=dataset, unit_code=r.unit, fiscal_year=r.year, value=r.value
        )
        for r in rows
    )
    world.extra["comparison_dataset"] = dataset
