"""Plans of the synthetic annual reports: every sheet row, from a fixed seed.

Per-region figures are synthetic: the national totals of `totals.py` are split
over the active regions with random integer weights (a region's "size", lower
in its first year, jittered per sheet) and an exact largest-remainder split, so
the published totals hold to the unit. Names and titles say 「合成」 so nobody
mistakes a row for a real company, patent or event. Application numbers have
the real 特願YYYY-NNNNNN form, unique and rising with the filing date.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import models

from demo.apportion import split_exact
from demo.budgets import PROGRAMMES
from demo.regions import RegionSpec
from demo.rows import RegionCounts, build_rows, number_patents
from demo.totals import participant_groups, year_totals
from lib.money import YEN_PER_OKU
from reports.choices import FundSource, Sector
from reports.models import PatentApplication

__all__ = [
    "REPORT_SEED",
    "REPORT_YEARS",
    "RegionCounts",
    "ReportPlan",
    "is_active",
    "plan_reports",
]

REPORT_SEED = 20040801
REPORT_YEARS = (2002, 2003, 2004)
DRAFT_YEAR = 2005
#: Regions whose FY2005 report is still a draft, to show the workflow.
DRAFT_REGIONS = ("kc-sapporo", "ca-hakodate")
FIRST_YEAR_WEIGHT = 6
FULL_YEAR_WEIGHT = 10
#: KC regions without a joint results presentation in FY2002 (target 6-2-5).
MISSING_PRESENTATIONS_FY2002 = 3
#: Money is split in thousands of yen, as accounts are kept.
YEN_UNIT = 1_000

_DURATION = {spec.code: spec.duration_years for spec in PROGRAMMES}


@dataclass
class ReportPlan:
    """A report to write: region, year, accepted or draft, and unsaved rows."""

    spec: RegionSpec
    fiscal_year: int
    accepted: bool
    rows: list[models.Model] = field(default_factory=list)


def is_active(spec: RegionSpec, fiscal_year: int) -> bool:
    return spec.start_fy <= fiscal_year < spec.start_fy + _DURATION[spec.programme]


def plan_reports(specs: Sequence[RegionSpec]) -> list[ReportPlan]:
    """Every report of the demo, in a fixed order from a fixed seed."""
    rng = random.Random(REPORT_SEED)
    sizes = {spec.code: rng.randint(70, 130) for spec in specs}
    first_kc = [s.code for s in specs if s.programme == "KC" and s.start_fy == 2002]
    missing = set(rng.sample(first_kc, MISSING_PRESENTATIONS_FY2002))
    plans: list[ReportPlan] = []
    for fiscal_year in REPORT_YEARS:
        for programme in ("KC", "CA"):
            active = [
                s
                for s in specs
                if s.programme == programme and is_active(s, fiscal_year)
            ]
            counts = _year_counts(rng, active, fiscal_year, sizes)
            for spec, region_counts in zip(active, counts, strict=True):
                held = fiscal_year > 2002 or spec.code not in missing
                rows = build_rows(rng, spec, fiscal_year, region_counts, held)
                plans.append(ReportPlan(spec, fiscal_year, True, rows))
    plans += _drafts(rng, specs)
    patents = [row for plan in plans for row in plan.rows]
    number_patents(rng, [row for row in patents if isinstance(row, PatentApplication)])
    return plans


def _jitter(rng: random.Random, weights: Sequence[int]) -> list[int]:
    return [weight * rng.randint(80, 120) for weight in weights]


def _year_counts(
    rng: random.Random,
    active: Sequence[RegionSpec],
    fiscal_year: int,
    sizes: dict[str, int],
) -> list[RegionCounts]:
    """Split one programme-year's totals over its active regions."""
    totals = year_totals(active[0].programme, fiscal_year)
    weights = [
        sizes[s.code]
        * (FIRST_YEAR_WEIGHT if s.start_fy == fiscal_year else FULL_YEAR_WEIGHT)
        for s in active
    ]
    counts = [RegionCounts() for _ in active]
    for name in ("patents", "commercializations", "companies", "joint_research"):
        shares = split_exact(getattr(totals, name), _jitter(rng, weights))
        for region_counts, share in zip(counts, shares, strict=True):
            setattr(region_counts, name, share)
    # The grant is about the same everywhere; first-year regions spend a bit less.
    grant_weights = [
        (8 if s.start_fy == fiscal_year else 10) * rng.randint(95, 105) for s in active
    ]
    _spread_yen(counts, FundSource.SUBSIDY, totals.subsidy_yen, grant_weights)
    _spread_yen(counts, FundSource.REGIONAL, totals.regional_yen, _jitter(rng, weights))
    _spread_yen(counts, FundSource.COMPANY, totals.company_yen, _jitter(rng, weights))
    _spread_researchers(rng, active, fiscal_year, weights, counts)
    return counts


def _spread_yen(
    counts: Sequence[RegionCounts], source: str, total_yen: int, weights: list[int]
) -> None:
    if total_yen % YEN_UNIT:
        raise ValueError(f"{source} total {total_yen} is not in whole {YEN_UNIT} yen")
    shares = split_exact(total_yen // YEN_UNIT, weights)
    for region_counts, share in zip(counts, shares, strict=True):
        region_counts.funds[source] = share * YEN_UNIT


def _spread_researchers(
    rng: random.Random,
    active: Sequence[RegionSpec],
    fiscal_year: int,
    weights: Sequence[int],
    counts: Sequence[RegionCounts],
) -> None:
    """Split each cohort group's researchers by sector over its regions."""
    for group in participant_groups(active[0].programme, fiscal_year):
        members = [i for i, s in enumerate(active) if s.start_fy in group.cohorts]
        for sector, total in (
            (Sector.INDUSTRY, group.industry),
            (Sector.ACADEMIA, group.academia),
            (Sector.GOVERNMENT, group.government),
        ):
            shares = split_exact(total, _jitter(rng, [weights[i] for i in members]))
            for index, share in zip(members, shares, strict=True):
                counts[index].researchers[sector] = share
    if any(len(region_counts.researchers) != 3 for region_counts in counts):
        raise ValueError(f"participant totals miss a cohort in FY{fiscal_year}")


def _drafts(rng: random.Random, specs: Sequence[RegionSpec]) -> list[ReportPlan]:
    """FY2005 reports still being written: small, never accepted, never counted."""
    by_code = {spec.code: spec for spec in specs}
    plans = []
    for code in DRAFT_REGIONS:
        spec = by_code[code]
        grant = 5 if spec.programme == "KC" else 1
        counts = RegionCounts(
            patents=3,
            commercializations=1,
            companies=5,
            joint_research=2,
            researchers={Sector.INDUSTRY: 8, Sector.ACADEMIA: 15, Sector.GOVERNMENT: 3},
            funds={FundSource.SUBSIDY: grant * YEN_PER_OKU},
        )
        rows = build_rows(rng, spec, DRAFT_YEAR, counts, spec.programme == "KC")
        plans.append(ReportPlan(spec, DRAFT_YEAR, False, rows))
    return plans
