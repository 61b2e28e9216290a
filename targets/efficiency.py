"""Efficiency: patent applications per 1億円 of subsidy, beside the benchmarks.

The FY2005 evaluation sheet (効率性 (2)) argues the subsidy is efficient by
setting its patent applications against those of all universities (≈600 for
more than 1兆円), RIKEN (264 for ≈800億円) and NIMS (282 for ≈160億円). This
module computes the same ratio for each programme from the accepted yearly
outcomes (patent applications and the national subsidy the regions report),
in one grouped query, and reads the benchmarks from BenchmarkInstitution.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from lib.money import YEN_PER_OKU
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome
from targets.models import BenchmarkInstitution

__all__ = ["EfficiencyRow", "benchmark_efficiency", "programme_efficiency"]


@dataclass(frozen=True)
class EfficiencyRow:
    """Patents and money of one programme (or institution) in one FY."""

    label: str
    fiscal_year: int
    patents: int
    budget_yen: int
    is_benchmark: bool = False
    budget_is_lower_bound: bool = False
    is_approximate: bool = False

    @property
    def per_oku(self) -> float | None:
        """Patent applications per 1億円 (None without money)."""
        if self.budget_yen <= 0:
            return None
        return self.patents / (self.budget_yen / YEN_PER_OKU)

    @property
    def per_oku_label(self) -> str:
        """「5.23件」; 「0.06件以下」 when the budget is only a lower bound."""
        if self.per_oku is None:
            return "—"
        text = _("{n}件").format(n=f"{self.per_oku:,.2f}")
        return _("{n}以下").format(n=text) if self.budget_is_lower_bound else text


def programme_efficiency(fiscal_year: int) -> list[EfficiencyRow]:
    """Each programme's and the whole subsidy's ratio in ``fiscal_year``."""
    kinds = (OutcomeKind.PATENT_APPLICATIONS, OutcomeKind.FUNDS_SUBSIDY)
    rows = (
        YearlyOutcome.objects.filter(fiscal_year=fiscal_year, kind__in=kinds)
        .values("region__programme__code", "region__programme__name_ja")
        .annotate(
            patents=Sum("value", filter=Q(kind=OutcomeKind.PATENT_APPLICATIONS)),
            subsidy=Sum("value", filter=Q(kind=OutcomeKind.FUNDS_SUBSIDY)),
        )
        .order_by("region__programme__start_fy", "region__programme_id")
    )
    result = [
        EfficiencyRow(
            label=row["region__programme__name_ja"],
            fiscal_year=fiscal_year,
            patents=int(row["patents"] or 0),
            budget_yen=int(row["subsidy"] or 0),
        )
        for row in rows
    ]
    if len(result) > 1:
        result.append(_total(result, fiscal_year))
    return result


def _total(rows: list[EfficiencyRow], fiscal_year: int) -> EfficiencyRow:
    return EfficiencyRow(
        label=_("本事業全体"),
        fiscal_year=fiscal_year,
        patents=sum(row.patents for row in rows),
        budget_yen=sum(row.budget_yen for row in rows),
    )


def benchmark_efficiency() -> list[EfficiencyRow]:
    """The seed's comparison institutions, as recorded (FY2002)."""
    return [
        EfficiencyRow(
            label=benchmark.name_ja,
            fiscal_year=benchmark.fiscal_year,
            patents=benchmark.patent_applications,
            budget_yen=benchmark.budget_yen,
            is_benchmark=True,
            budget_is_lower_bound=benchmark.budget_is_lower_bound,
            is_approximate=benchmark.is_approximate,
        )
        for benchmark in BenchmarkInstitution.objects.all()
    ]
