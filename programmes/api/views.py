"""Public read endpoints: programmes, budgets, regions and prefectures.

Thin on purpose: filtering is RegionFilterSet (shared with the HTML list),
queries are the models' querysets; these functions only parse, prefetch and
page.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router

from geo.models import Prefecture
from programmes.api.schemas import (
    REGION_ORDERINGS,
    ErrorOut,
    FilterErrorOut,
    PrefectureCountOut,
    PrefectureParams,
    ProgrammeOut,
    RegionDetailOut,
    RegionFilters,
    RegionPage,
    RegionPageParams,
    SubsidyBudgetOut,
)
from programmes.filtersets import RegionFilterSet
from programmes.models import (
    BudgetFigure,
    Programme,
    Region,
    RegionQuerySet,
    StaffAssignment,
)

__all__ = ["router"]

router = Router(tags=["programmes"])


@router.get("/programmes", response=list[ProgrammeOut])
def list_programmes(request: HttpRequest) -> QuerySet[Programme]:
    """Programmes with their own budget figures (whole-subsidy ones: /budgets)."""
    budgets = BudgetFigure.objects.order_by("fiscal_year", "kind")
    return Programme.objects.prefetch_related(Prefetch("budget_figures", budgets))


@router.get("/budgets", response=list[SubsidyBudgetOut])
def list_budgets(request: HttpRequest) -> QuerySet[BudgetFigure]:
    """Every budget and request figure; programme is null for whole-subsidy ones."""
    # Whole-subsidy first on every database (PostgreSQL sorts NULL last).
    return BudgetFigure.objects.select_related("subsidy", "programme").order_by(
        "fiscal_year", "kind", F("programme__code").asc(nulls_first=True)
    )


@router.get(
    "/regions",
    response={200: RegionPage, 400: FilterErrorOut},
    url_name="region_list",
)
def list_regions(
    request: HttpRequest,
    filters: Query[RegionFilters],
    page: Query[RegionPageParams],
) -> tuple[int, dict[str, Any]]:
    """Regions filtered by RegionFilterSet, ordered and paged (limit/offset)."""
    filterset = RegionFilterSet(
        filters.model_dump(exclude_none=True), queryset=_regions_for_list()
    )
    if not filterset.is_valid():
        return 400, _filter_error(filterset.errors)
    ordering = _region_ordering(page.ordering)
    if ordering is None:
        return 400, _filter_error({"ordering": [_invalid_ordering(page.ordering)]})
    regions = filterset.qs.order_by(*ordering)
    items = regions[page.offset : page.offset + page.limit]
    return 200, {
        "count": regions.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": list(items),
    }


@router.get(
    "/regions/{code}",
    response={200: RegionDetailOut, 404: ErrorOut},
    url_name="region_detail",
)
def get_region(request: HttpRequest, code: str) -> tuple[int, Any]:
    """One region with its HQ, links and accepted yearly outcomes."""
    region = _regions_for_detail().filter(code=code).first()
    if region is None:
        message = _("地域コード「{code}」の地域はありません。").format(code=code)
        return 404, {"detail": message}
    return 200, region


@router.get("/prefectures", response=list[PrefectureCountOut])
def list_prefectures(
    request: HttpRequest, params: Query[PrefectureParams]
) -> QuerySet[Prefecture]:
    """The 47 prefectures with how many regions cover each one."""
    regions = Region.objects.all()
    if params.fiscal_year is not None:
        regions = regions.active_in(params.fiscal_year)
    return Prefecture.objects.annotate(
        region_count=Count("regions", filter=Q(regions__in=regions), distinct=True)
    ).order_by("code")


def _regions_for_list() -> RegionQuerySet:
    # Fixed number of queries however many regions a page holds.
    return Region.objects.select_related(
        "programme", "main_prefecture"
    ).prefetch_related("prefectures", "themes")


def _regions_for_detail() -> RegionQuerySet:
    staff = StaffAssignment.objects.select_related("organisation")
    return (
        _regions_for_list()
        .select_related("core_institution")
        .prefetch_related(
            Prefetch("staff", queryset=staff),
            "special_zones",
            "councils",
            "yearly_outcomes",
        )
    )


def _region_ordering(value: str | None) -> tuple[str, ...] | None:
    """The ORDER BY for ?ordering=, the model default when absent, None if bad."""
    if not value:
        return tuple(Region._meta.ordering)
    descending = value.startswith("-")
    fields = REGION_ORDERINGS.get(value.removeprefix("-"))
    if fields is None:
        return None
    if not descending:
        return fields
    return (f"-{fields[0]}", *fields[1:])


def _invalid_ordering(value: str | None) -> str:
    return _("並べ替え「{value}」は使えません。使える値: {choices}").format(
        value=value, choices=", ".join(REGION_ORDERINGS)
    )


def _filter_error(errors: dict[str, Any]) -> dict[str, Any]:
    return {
        "detail": _("検索条件が正しくありません。"),
        "errors": {
            field: [str(m) for m in messages] for field, messages in errors.items()
        },
    }
