"""Read-side queries that join the registry with report aggregates.

They live in `reports`, where the yearly aggregates live: `programmes` sits
upstream of `reports` and must not import it, while the pages of both (region
page, dashboard) read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from programmes.models import Programme, Region
from reports.choices import OutcomeKind
from reports.models import AnnualReport, YearlyOutcome

__all__ = [
    "PROGRAMME_OUTCOME_KINDS",
    "REGION_OUTCOME_KINDS",
    "OutcomeCell",
    "OutcomeRow",
    "OutcomeTable",
    "outcome_headers",
    "outcomes_by_year_and_programme",
    "region_outcome_rows",
]

#: The per-year figures the region page shows, in column order.
REGION_OUTCOME_KINDS: tuple[OutcomeKind, ...] = (
    OutcomeKind.PATENT_APPLICATIONS,
    OutcomeKind.COMMERCIALIZATIONS,
    OutcomeKind.RESEARCHERS,
    OutcomeKind.RESEARCHERS_INDUSTRY,
    OutcomeKind.COMPANIES,
    OutcomeKind.JOINT_RESEARCH,
    OutcomeKind.FUNDS_REGIONAL,
)


#: Outcome kinds counted in yen, shown in 百万円.
_YEN_KINDS = frozenset({OutcomeKind.FUNDS_REGIONAL})


@dataclass(frozen=True)
class OutcomeCell:
    value: int | None
    is_yen: bool


@dataclass(frozen=True)
class OutcomeRow:
    """One fiscal year of a region's accepted outcomes."""

    fiscal_year: int
    cells: list[OutcomeCell]
    is_synthetic: bool


def outcome_headers() -> list[str | Promise]:
    """Column labels; money columns drop the choice label's 「（円）」 unit
    because the cells are shown in 百万円."""
    return [
        _("地域の自主事業") if kind in _YEN_KINDS else kind.label
        for kind in REGION_OUTCOME_KINDS
    ]


def region_outcome_rows(region: Region) -> list[OutcomeRow]:
    """The region's yearly outcomes, one row per FY, in two queries."""
    values = YearlyOutcome.objects.filter(
        region=region, kind__in=REGION_OUTCOME_KINDS
    ).values_list("fiscal_year", "kind", "value")
    synthetic = set(
        AnnualReport.objects.filter(region=region, is_synthetic=True).values_list(
            "fiscal_year", flat=True
        )
    )
    by_year: dict[int, dict[str, int]] = {}
    for fiscal_year, kind, value in values:
        by_year.setdefault(fiscal_year, {})[kind] = value
    return [
        OutcomeRow(
            fiscal_year=fy,
            cells=[
                OutcomeCell(by_year[fy].get(kind), kind in _YEN_KINDS)
                for kind in REGION_OUTCOME_KINDS
            ],
            is_synthetic=fy in synthetic,
        )
        for fy in sorted(by_year)
    ]


#: The outcomes the dashboard tabulates per fiscal year and programme.
PROGRAMME_OUTCOME_KINDS: tuple[OutcomeKind, ...] = (
    OutcomeKind.PATENT_APPLICATIONS,
    OutcomeKind.COMMERCIALIZATIONS,
    OutcomeKind.COMPANIES,
    OutcomeKind.JOINT_RESEARCH,
)


@dataclass(frozen=True)
class OutcomeTable:
    """Accepted outcomes per FY (rows) × programme × kind (columns)."""

    programmes: list[Programme]
    kinds: tuple[OutcomeKind, ...]
    rows: list[tuple[int, list[int | None]]] = field(default_factory=list)


def outcomes_by_year_and_programme(
    programmes: list[Programme],
    kinds: tuple[OutcomeKind, ...] = PROGRAMME_OUTCOME_KINDS,
) -> OutcomeTable:
    """One grouped query; cells run programme by programme, kind by kind."""
    rows = (
        YearlyOutcome.objects.filter(kind__in=kinds)
        .values("fiscal_year", "region__programme_id", "kind")
        .annotate(total=Sum("value"))
        .order_by()
    )
    values = {
        (row["fiscal_year"], row["region__programme_id"], row["kind"]): int(
            row["total"]
        )
        for row in rows
    }
    years = sorted({fy for fy, _programme, _kind in values})
    table = OutcomeTable(programmes, kinds)
    for year in years:
        cells = [
            values.get((year, programme.pk, kind))
            for programme in programmes
            for kind in kinds
        ]
        table.rows.append((year, cells))
    return table
