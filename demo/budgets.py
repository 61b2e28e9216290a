"""The subsidy, its two programmes and their budgets, as the seed states them.

Every figure here is published: the seed (MEXT's FY2005 事業評価書) gives the
FY2004 budget and FY2005 request of the whole subsidy and the FY2003/FY2004
budgets of each programme; domain-facts §0 adds KC FY2005 (high) and a
"probably FY2002" KC figure from kotobank (medium). The FY2002 City Area budget
was not found and is deliberately absent.
"""

from __future__ import annotations

from dataclasses import dataclass

from demo.records import upsert
from lib.money import YEN_PER_MILLION, YEN_PER_OKU
from programmes.choices import BudgetKind, Certainty
from programmes.models import BudgetFigure, Programme, Subsidy

__all__ = [
    "BUDGETS",
    "PROGRAMMES",
    "SEED_SOURCE",
    "SUBSIDY_NAME",
    "BudgetSpec",
    "ProgrammeSpec",
    "load_programmes",
]

SUBSIDY_NAME = "地域科学技術振興事業費補助金"
SEED_SOURCE = "文部科学省 平成17年度事業評価書（地域科学技術振興事業費補助金）"


@dataclass(frozen=True)
class ProgrammeSpec:
    """One scheme of the subsidy with its standard grant and support period."""

    code: str
    name_ja: str
    name_en: str
    annual_amount_per_region_yen: int
    duration_years: int
    region_label_ja: str


@dataclass(frozen=True)
class BudgetSpec:
    """A budget or request; ``programme`` None means the whole subsidy."""

    programme: str | None
    fiscal_year: int
    kind: str
    amount_yen: int
    certainty: str
    source: str


PROGRAMMES: tuple[ProgrammeSpec, ...] = (
    ProgrammeSpec(
        "KC", "知的クラスター創成事業", "Knowledge Cluster Initiative",
        5 * YEN_PER_OKU, 5, "地域",
    ),
    ProgrammeSpec(
        "CA", "都市エリア産学官連携促進事業", "City Area Program",
        1 * YEN_PER_OKU, 3, "エリア",
    ),
)  # fmt: skip

_KOTOBANK = "kotobank 知的クラスター創成事業（「年間60億円」、FY2002の値と推定）"
_CLUSTER_OUTLINE = "文部科学省 知的クラスター創成事業 概要（domain-facts §0）"

BUDGETS: tuple[BudgetSpec, ...] = (
    BudgetSpec(None, 2004, BudgetKind.BUDGET, 12_400 * YEN_PER_MILLION,
               Certainty.HIGH, SEED_SOURCE),
    BudgetSpec(None, 2005, BudgetKind.REQUEST, 17_600 * YEN_PER_MILLION,
               Certainty.HIGH, SEED_SOURCE),
    BudgetSpec("KC", 2002, BudgetKind.BUDGET, 60 * YEN_PER_OKU,
               Certainty.MEDIUM, _KOTOBANK),
    BudgetSpec("KC", 2003, BudgetKind.BUDGET, 69 * YEN_PER_OKU,
               Certainty.HIGH, SEED_SOURCE),
    BudgetSpec("KC", 2004, BudgetKind.BUDGET, 90 * YEN_PER_OKU,
               Certainty.HIGH, SEED_SOURCE),
    BudgetSpec("KC", 2005, BudgetKind.BUDGET, 100 * YEN_PER_OKU,
               Certainty.HIGH, _CLUSTER_OUTLINE),
    BudgetSpec("CA", 2003, BudgetKind.BUDGET, 31 * YEN_PER_OKU,
               Certainty.HIGH, SEED_SOURCE),
    BudgetSpec("CA", 2004, BudgetKind.BUDGET, 34 * YEN_PER_OKU,
               Certainty.HIGH, SEED_SOURCE),
)  # fmt: skip


def load_programmes() -> dict[str, Programme]:
    """Create the subsidy, KC and CA and their budgets; return programmes by code."""
    subsidy = upsert(
        Subsidy,
        {"name_ja": SUBSIDY_NAME},
        {
            "name_en": "Subsidy for the Promotion of Regional Science and Technology",
            "start_fy": 2002,
            "lead_division": "科学技術・学術政策局基盤政策課地域科学技術振興室",
            "related_divisions": "研究振興局研究環境・産業連携課",
        },
    )
    programmes = {spec.code: _load_programme(subsidy, spec) for spec in PROGRAMMES}
    for spec in BUDGETS:
        _load_budget(subsidy, programmes, spec)
    return programmes


def _load_programme(subsidy: Subsidy, spec: ProgrammeSpec) -> Programme:
    return upsert(
        Programme,
        {"code": spec.code},
        {
            "subsidy_id": subsidy.pk,
            "name_ja": spec.name_ja,
            "name_en": spec.name_en,
            "start_fy": 2002,
            "annual_amount_per_region_yen": spec.annual_amount_per_region_yen,
            "duration_years": spec.duration_years,
            "region_label_ja": spec.region_label_ja,
        },
    )


def _load_budget(
    subsidy: Subsidy, programmes: dict[str, Programme], spec: BudgetSpec
) -> None:
    programme = programmes[spec.programme] if spec.programme else None
    upsert(
        BudgetFigure,
        {
            "subsidy": subsidy,
            "programme": programme,
            "fiscal_year": spec.fiscal_year,
            "kind": spec.kind,
        },
        {
            "amount_yen": spec.amount_yen,
            "certainty": spec.certainty,
            "source": spec.source,
        },
    )
