"""Evidence workflows: import a comparison dataset, build a panel, estimate.

The web page, the API and ``manage.py impact`` all call these; the numbers
come from :mod:`lib.did` (Callaway & Sant'Anna, tested against csdid).
Treatment comes from the registry: a prefecture is treated from the fiscal
year its first region started (any programme, or the one asked for).
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Min

from geo.outlines import adjacent_codes
from impact.importing import ComparisonRow, ImportRejected, read_comparison_file
from impact.models import ComparisonDataset, ComparisonValue
from lib import did
from lib.did_panel import Panel, PanelError, PanelRow, build_panel, read_panel_csv
from programmes.models import Region

__all__ = [
    "ImportRejected",
    "PanelError",
    "dataset_for_outcome",
    "estimate_file",
    "estimate_outcome",
    "import_dataset",
    "outcome_panel",
    "treatment_by_prefecture",
]


def import_dataset(
    path: Path,
    *,
    key: str,
    title: str,
    outcome: str,
    source_url: str,
    retrieved_on: datetime.date,
    provenance: str,
    unit_kind: str = ComparisonDataset.UnitKind.PREFECTURE,
    synthetic: bool = False,
    user: Any = None,
) -> ComparisonDataset:
    """Store the file's rows under ``key``, replacing an earlier import of it.

    All or nothing: a bad row refuses the whole file (:class:`ImportRejected`)
    and the earlier version stays as it was.
    """
    rows = read_comparison_file(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with transaction.atomic():
        dataset, _created = ComparisonDataset.objects.update_or_create(
            key=key,
            defaults={
                "title": title,
                "outcome": outcome,
                "unit_kind": unit_kind,
                "source_url": source_url,
                "retrieved_on": retrieved_on,
                "provenance": provenance,
                "synthetic": synthetic,
                "file_name": path.name,
                "file_sha256": digest,
                "imported_by": user,
            },
        )
        dataset.values.all().delete()
        ComparisonValue.objects.bulk_create(_values(dataset, rows), batch_size=2000)
    return dataset


def _values(
    dataset: ComparisonDataset, rows: Iterable[ComparisonRow]
) -> list[ComparisonValue]:
    return [
        ComparisonValue(
            dataset=dataset,
            unit_code=row.unit_code,
            unit_name=row.unit_name,
            fiscal_year=row.fiscal_year,
            value=row.value,
        )
        for row in rows
    ]


def treatment_by_prefecture(programme: str | None = None) -> dict[str, int]:
    """Prefecture code → first fiscal year a region covering it started."""
    regions = Region.objects.all()
    if programme:
        regions = regions.filter(programme__code=programme)
    firsts = (
        regions.values("prefectures__code")
        .annotate(first=Min("start_fy"))
        .exclude(prefectures__code=None)
    )
    return {row["prefectures__code"]: int(row["first"]) for row in firsts}


def dataset_for_outcome(outcome: str) -> ComparisonDataset:
    """The most recently updated dataset of that outcome, or :class:`PanelError`."""
    dataset = (
        ComparisonDataset.objects.filter(outcome=outcome)
        .order_by("-last_updated")
        .first()
    )
    if dataset is None:
        known = sorted(set(ComparisonDataset.objects.values_list("outcome", flat=True)))
        raise PanelError(
            "unknown_outcome",
            "成果指標「{}」の比較データがありません（あるもの: {}）。".format(
                outcome, "、".join(known) or "なし"
            ),
            "No comparison dataset for outcome '{}'.".format(outcome),
            outcome,
        )
    return dataset


def _neighbours(treated: dict[str, int]) -> set[str]:
    near: set[str] = set()
    for code in treated:
        near.update("{:02d}".format(n) for n in adjacent_codes(int(code)) if n)
    return near - set(treated)


def outcome_panel(
    dataset: ComparisonDataset,
    *,
    programme: str | None = None,
    drop_neighbours: bool = False,
) -> Panel:
    """The dataset's values with each unit's first treated year from the registry."""
    treated = treatment_by_prefecture(programme)
    skip = _neighbours(treated) if drop_neighbours else set()
    rows = [
        PanelRow(code, fy, value, treated.get(code, 0))
        for code, fy, value in dataset.values.values_list(
            "unit_code", "fiscal_year", "value"
        )
        if code not in skip
    ]
    return build_panel(rows)


def estimate_outcome(
    outcome: str,
    control: did.Control = "never",
    *,
    programme: str | None = None,
    drop_neighbours: bool = False,
    draws: int = 999,
    seed: int = 0,
) -> tuple[ComparisonDataset, did.Estimate]:
    """The estimate for an outcome's comparison dataset (see :func:`outcome_panel`)."""
    dataset = dataset_for_outcome(outcome)
    panel = outcome_panel(dataset, programme=programme, drop_neighbours=drop_neighbours)
    return dataset, did.estimate(panel, control, draws=draws, seed=seed)


def estimate_file(
    path: Path, control: did.Control = "never", *, draws: int = 999, seed: int = 0
) -> did.Estimate:
    """The estimate for an outside panel CSV (``unit,year,value,first_treated``)."""
    panel = build_panel(read_panel_csv(path.read_bytes()))
    return did.estimate(panel, control, draws=draws, seed=seed)
