"""Read-side queries for the web pages: counts and budgets, aggregated in SQL.

Each function issues a fixed number of queries whatever the number of regions,
so the dashboard stays fast at national scale. Loops here run over fiscal
years or over already-aggregated rows, never over regions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from geo.models import Prefecture
from programmes.choices import BudgetKind, HQRole
from programmes.models import (
    BudgetFigure,
    Programme,
    Region,
    RegionQuerySet,
    StaffAssignment,
    Subsidy,
)

__all__ = [
    "BudgetYear",
    "RegionCountTable",
    "active_q",
    "budgets_by_year",
    "fiscal_year_span",
    "prefecture_region_counts",
    "programmes_with_active_counts",
    "region_counts_by_year",
    "region_for_detail",
    "regions_for_list",
    "subsidy",
    "YearCounts",
]


def active_q(fiscal_year: int, prefix: str = "") -> Q:
    """The condition of `RegionQuerySet.active_in`, usable across a relation.

    ``prefix`` is the path to the region, e.g. ``"regions__"`` from a
    programme, so one aggregate can count active regions per group.
    """
    last_fy = Coalesce(F(f"{prefix}end_fy"), F(f"{prefix}planned_end_fy"))
    return Q(
        LessThanOrEqual(F(f"{prefix}start_fy"), fiscal_year),
        GreaterThanOrEqual(last_fy, fiscal_year),
    )


def subsidy() -> Subsidy | None:
    """The subsidy the dashboard presents (the data set holds one)."""
    return Subsidy.objects.order_by("start_fy", "pk").first()


def fiscal_year_span() -> list[int]:
    """Every FY from the first region's start to the last region's end."""
    span = Region.objects.aggregate(
        first=Min("start_fy"), last=Max(Coalesce("end_fy", "planned_end_fy"))
    )
    if span["first"] is None:
        return []
    return list(range(span["first"], span["last"] + 1))


def programmes_with_active_counts(fiscal_year: int) -> QuerySet[Programme]:
    """Programmes annotated with ``active_regions`` in that FY (one query)."""
    return _programmes().annotate(
        active_regions=Count("regions", filter=active_q(fiscal_year, "regions__"))
    )


def _programmes() -> QuerySet[Programme]:
    # Creation order breaks the tie of two FY2002 programmes the way the
    # seed lists them: 知的クラスター創成事業 first, then 都市エリア.
    return Programme.objects.order_by("start_fy", "pk")


@dataclass(frozen=True)
class YearCounts:
    """One row of the regions-per-year table: a FY and a count per programme."""

    fiscal_year: int
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class RegionCountTable:
    """Active regions per FY (rows) and programme (columns)."""

    programmes: list[Programme]
    rows: list[YearCounts]


def region_counts_by_year(years: Sequence[int]) -> RegionCountTable:
    """Active regions per programme for each of ``years``, in one query."""
    annotations = {
        f"fy_{year}": Count("regions", filter=active_q(year, "regions__"))
        for year in years
    }
    programmes = list(_programmes().annotate(**annotations))
    rows = [
        YearCounts(year, [getattr(p, f"fy_{year}") for p in programmes])
        for year in years
    ]
    return RegionCountTable(programmes, rows)


def prefecture_region_counts(fiscal_year: int) -> QuerySet[Prefecture]:
    """All 47 prefectures, each annotated with ``active_regions`` in that FY.

    A region spanning several prefectures counts once in each of them.
    """
    return Prefecture.objects.order_by("code").annotate(
        active_regions=Count(
            "regions", filter=active_q(fiscal_year, "regions__"), distinct=True
        )
    )


@dataclass
class BudgetYear:
    """Budget figures of one FY and kind, per programme and for the subsidy."""

    fiscal_year: int
    kind: str
    by_programme: dict[str, int] = field(default_factory=dict)
    subsidy_yen: int | None = None

    @property
    def total_yen(self) -> int:
        """The whole-subsidy figure if recorded, else the programmes' sum."""
        if self.subsidy_yen is not None:
            return self.subsidy_yen
        return sum(self.by_programme.values())

    @property
    def kind_label(self) -> str:
        return str(BudgetKind(self.kind).label)


def budgets_by_year() -> list[BudgetYear]:
    """Budgets and requests per FY, summed per programme in SQL."""
    rows = (
        BudgetFigure.objects.values("fiscal_year", "kind", "programme__code")
        .annotate(total=Sum("amount_yen"))
        .order_by("fiscal_year", "kind", "programme__code")
    )
    return _pivot_budgets(rows)


def _pivot_budgets(rows: Iterable[dict[str, object]]) -> list[BudgetYear]:
    years: dict[tuple[int, str], BudgetYear] = {}
    for row in rows:
        fy, kind = int(str(row["fiscal_year"])), str(row["kind"])
        year = years.setdefault((fy, kind), BudgetYear(fy, kind))
        amount = int(str(row["total"]))
        if row["programme__code"] is None:
            year.subsidy_yen = amount
        else:
            year.by_programme[str(row["programme__code"])] = amount
    return list(years.values())


def regions_for_list() -> RegionQuerySet:
    """Regions with what the list and the CSV show, without N+1 queries."""
    return Region.objects.select_related(
        "programme", "main_prefecture"
    ).prefetch_related("prefectures")


def region_for_detail() -> RegionQuerySet:
    """Regions with every relation the detail page shows, prefetched."""
    # HQ roles in their declared order (本部長 first), not alphabetically.
    role_rank = Case(
        *(When(role=role, then=rank) for rank, role in enumerate(HQRole.values)),
        default=len(HQRole.values),
    )
    staff = StaffAssignment.objects.select_related("organisation").order_by(
        role_rank, "from_fy", "person_name"
    )
    return Region.objects.select_related(
        "programme", "main_prefecture", "core_institution"
    ).prefetch_related(
        "prefectures",
        "themes",
        "special_zones__prefecture",
        "councils",
        Prefetch("staff", queryset=staff),
    )
