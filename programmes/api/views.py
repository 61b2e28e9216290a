"""Public read endpoints: programmes, budgets, regions and prefectures.

Thin on purpose: filtering is RegionFilterSet (shared with the HTML list),
queries are the models' querysets; these functions only parse, prefetch and
page.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.decorators import decorate_view

from chiiki.caching import conditional_api
from geo.models import Prefecture
from lib.text import odd_character
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
@decorate_view(conditional_api)
def list_programmes(request: HttpRequest) -> QuerySet[Programme]:
    """Programmes with their own budget figures (whole-subsidy ones: /budgets)."""
    budgets = BudgetFigure.objects.order_by("fiscal_year", "kind")
    return Programme.objects.prefetch_related(Prefetch("budget_figures", budgets))


@router.get("/budgets", response=list[SubsidyBudgetOut])
@decorate_view(conditional_api)
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
@decorate_view(conditional_api)
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
    window = regions
    if page.cursor is not None:
        after = _after_cursor(page.cursor, page.ordering or "", ordering)
        if after is None or page.offset:
            return 400, _filter_error({"cursor": [_("カーソルが正しくありません。")]})
        window = regions.filter(after)
    # One row more than the page tells whether there is a next page.
    items = list(window[page.offset : page.offset + page.limit + 1])
    more = len(items) > page.limit
    items = items[: page.limit]
    return 200, {
        "count": regions.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": items,
        "next_cursor": (
            _cursor(items[-1], page.ordering or "", ordering) if more else None
        ),
    }


@router.get(
    "/regions/{code}",
    response={200: RegionDetailOut, 404: ErrorOut},
    url_name="region_detail",
)
@decorate_view(conditional_api)
def get_region(request: HttpRequest, code: str) -> tuple[int, Any]:
    """One region with its HQ, links and accepted yearly outcomes."""
    region = _regions_for_detail().filter(code=code).first()
    if region is None:
        message = _("地域コード「{code}」の地域はありません。").format(code=code)
        return 404, {"detail": message}
    return 200, region


@router.get("/prefectures", response=list[PrefectureCountOut])
@decorate_view(conditional_api)
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


def _cursor(region: Region, name: str, ordering: tuple[str, ...]) -> str:
    """The keyset position of ``region`` in ``ordering``, as an opaque token."""
    values = [_value_of(region, field.lstrip("-")) for field in ordering]
    raw = json.dumps({"o": name, "v": values}, ensure_ascii=False)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _value_of(region: Region, path: str) -> Any:
    value: Any = region
    for part in path.split("__"):
        value = getattr(value, part)  # select_related: no query
    return value


def _after_cursor(token: str, name: str, ordering: tuple[str, ...]) -> Q | None:
    """Rows after the cursor's position (keyset pagination), None if invalid.

    Every ordering ends with the unique code, so "after" is a strict
    lexicographic comparison, field by field, each in its own direction.
    """
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        position = json.loads(raw.decode())
        values = position["v"]
        valid = position["o"] == name and len(values) == len(ordering)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        return None
    if not valid or not all(_cursor_value_ok(v) for v in values):
        return None
    after = Q(pk__in=[])
    for index, field in enumerate(ordering):
        name_, op = field.lstrip("-"), "lt" if field.startswith("-") else "gt"
        equal = dict(
            zip((f.lstrip("-") for f in ordering[:index]), values[:index], strict=True)
        )
        after |= Q(**equal, **{f"{name_}__{op}": values[index]})
    return after


def _cursor_value_ok(value: Any) -> bool:
    """A cursor holds ints and strings; NUL or a lone surrogate in one made a 500
    (PostgreSQL refuses NUL in text; no database takes a lone surrogate)."""
    if isinstance(value, str):
        return odd_character(value) is None
    return isinstance(value, int)


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
