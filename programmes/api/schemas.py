"""Explicit response and parameter schemas of the programmes API.

Every field is listed by hand (never ``fields="__all__"``) so that a new model
column never leaks into the public open-data API without a decision.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.urls import reverse
from ninja import Field, Schema
from pydantic import WithJsonSchema

from chiiki.api_schemas import ErrorOut, FilterErrorOut
from programmes.choices import BudgetKind, Certainty, HQRole, RegionStatus
from programmes.models import Organisation, Region, StaffAssignment

__all__ = [
    "MAX_PAGE_SIZE",
    "REGION_ORDERINGS",
    "BudgetOut",
    "ErrorOut",
    "FilterErrorOut",
    "OrganisationOut",
    "PrefectureCountOut",
    "PrefectureParams",
    "PrefectureRef",
    "ProgrammeOut",
    "RegionDetailOut",
    "RegionFilters",
    "RegionOut",
    "RegionPage",
    "RegionPageParams",
    "SubsidyBudgetOut",
]

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_OFFSET = 1_000_000_000

# ?ordering= value → ORDER BY; "code" last keeps pages stable under ties.
REGION_ORDERINGS: dict[str, tuple[str, ...]] = {
    "code": ("code",),
    "name_ja": ("name_ja", "code"),
    "start_fy": ("start_fy", "code"),
    "planned_end_fy": ("planned_end_fy", "code"),
    "programme": ("programme__code", "code"),
    "status": ("status", "code"),
}

# Filter and ordering values arrive as raw strings so that RegionFilterSet, which also
# serves the HTML list, is the one place that validates them (400 on error).
# WithJsonSchema still tells OpenAPI clients the type they should send.
_FiscalYearParam = Annotated[
    str | None, WithJsonSchema({"type": "integer", "minimum": 1990, "maximum": 2200})
]
_PrefectureParam = Annotated[
    str | None, WithJsonSchema({"type": "string", "pattern": "^[0-4][0-9]$"})
]
_StatusParam = Annotated[
    str | None, WithJsonSchema({"type": "string", "enum": RegionStatus.values})
]
_OrderingParam = Annotated[
    str | None,
    WithJsonSchema(
        {
            "type": "string",
            "enum": [f"{sign}{key}" for sign in ("", "-") for key in REGION_ORDERINGS],
        }
    ),
]


class BudgetOut(Schema):
    fiscal_year: int
    kind: BudgetKind = Field(description="budget = 予算額, request = 概算要求額")
    amount_yen: int
    certainty: Certainty
    source: str


class SubsidyBudgetOut(BudgetOut):
    subsidy: str = Field(description="補助事業名")
    programme: str | None = Field(
        description="Programme code, or null for a whole-subsidy figure."
    )

    @staticmethod
    def resolve_subsidy(obj: Any) -> str:
        return obj.subsidy.name_ja

    @staticmethod
    def resolve_programme(obj: Any) -> str | None:
        return obj.programme.code if obj.programme_id else None


class ProgrammeOut(Schema):
    code: str
    name_ja: str
    name_en: str
    start_fy: int
    annual_amount_per_region_yen: int
    duration_years: int
    budgets: list[BudgetOut]

    @staticmethod
    def resolve_budgets(obj: Any) -> list[Any]:
        return list(obj.budget_figures.all())


class PrefectureRef(Schema):
    code: str = Field(description="JIS X 0401 code, 01–47")
    name_ja: str
    name_en: str


class PrefectureCountOut(PrefectureRef):
    region_count: int = Field(
        description=(
            "Regions covering this prefecture: active in ?fiscal_year= when "
            "given, otherwise all regions ever funded."
        )
    )


class ThemeOut(Schema):
    code: str
    name_ja: str
    name_en: str


class RegionOut(Schema):
    code: str
    name_ja: str
    name_en: str
    cluster_name_ja: str
    programme: str = Field(description="Programme code (KC, CA).")
    prefectures: list[PrefectureRef]
    main_prefecture: PrefectureRef
    start_fy: int
    planned_end_fy: int
    end_fy: int | None
    status: RegionStatus
    status_label: str = Field(description="状態（日本語）")
    safety_security: bool
    themes: list[ThemeOut]
    name_certainty: Certainty
    url: str = Field(description="Absolute URL of this region's detail endpoint.")

    @staticmethod
    def resolve_programme(obj: Region) -> str:
        return obj.programme.code

    @staticmethod
    def resolve_status_label(obj: Region) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_url(obj: Region, context: dict[str, Any]) -> str:
        path = reverse("api:region_detail", kwargs={"code": obj.code})
        return context["request"].build_absolute_uri(path)


class OrganisationOut(Schema):
    name_ja: str
    name_en: str
    corporate_number: str | None = Field(description="法人番号 (13 digits) or null.")

    @staticmethod
    def resolve_corporate_number(obj: Organisation) -> str | None:
        return obj.corporate_number or None


class SpecialZoneOut(Schema):
    name_ja: str
    applicant_ja: str
    prefecture: str = Field(description="Prefecture code.")

    @staticmethod
    def resolve_prefecture(obj: Any) -> str:
        return obj.prefecture_id


class CouncilOut(Schema):
    name_ja: str
    members_ja: str
    established_fy: int | None
    is_synthetic: bool


class StaffOut(Schema):
    role: HQRole
    role_label: str
    name: str
    organisation: str | None
    from_fy: int
    to_fy: int | None
    is_synthetic: bool

    @staticmethod
    def resolve_role_label(obj: StaffAssignment) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_name(obj: StaffAssignment) -> str:
        return obj.person_name

    @staticmethod
    def resolve_organisation(obj: StaffAssignment) -> str | None:
        return obj.organisation.name_ja if obj.organisation else None


class YearOutcomesOut(Schema):
    fiscal_year: int
    values: dict[str, int] = Field(description="Outcome kind → accepted value.")


class RegionDetailOut(RegionOut):
    track: str | None
    core_institution: OrganisationOut | None
    special_zones: list[SpecialZoneOut]
    councils: list[CouncilOut]
    staff: list[StaffOut]
    outcomes: list[YearOutcomesOut] = Field(
        description="Accepted yearly outcomes (YearlyOutcome), oldest year first."
    )
    source: str
    note: str

    @staticmethod
    def resolve_track(obj: Region) -> str | None:
        return obj.track or None

    @staticmethod
    def resolve_outcomes(obj: Region) -> list[dict[str, Any]]:
        by_year: dict[int, dict[str, int]] = {}
        for outcome in obj.yearly_outcomes.all():
            by_year.setdefault(outcome.fiscal_year, {})[outcome.kind] = outcome.value
        return [
            {"fiscal_year": fy, "values": dict(sorted(values.items()))}
            for fy, values in sorted(by_year.items())
        ]


class RegionPage(Schema):
    count: int = Field(description="Regions matching the filters, all pages.")
    limit: int
    offset: int
    items: list[RegionOut]
    next_cursor: str | None = Field(
        None,
        description=(
            "Pass as ?cursor= (same filters and ordering) for the page after "
            "this one; null on the last page. Cursor pages stay fast and stable "
            "however deep they go, unlike large offsets."
        ),
    )


class RegionFilters(Schema):
    """The query parameters of RegionFilterSet, for OpenAPI and parsing."""

    q: str | None = Field(None, description="地域名・クラスター名・コードの部分一致")
    programme: str | None = Field(None, description="Programme code, e.g. KC or CA.")
    fiscal_year: _FiscalYearParam = Field(
        None, description="Regions active (funded) in this fiscal year."
    )
    prefecture: _PrefectureParam = Field(
        None, description="Prefecture code (01–47) among the region's prefectures."
    )
    status: _StatusParam = Field(None, description="Region status.")
    start_fy: Annotated[str | None, WithJsonSchema({"type": "integer"})] = Field(
        None, description="Fiscal year the region started."
    )


class RegionPageParams(Schema):
    """Paging and ordering of /regions; out-of-range limit/offset answer 422."""

    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    # Bounded: a huge offset overflows the database's 64-bit integers (500).
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    ordering: _OrderingParam = Field(
        None, description="Sort field; '-' in front for descending (400 if unknown)."
    )
    cursor: str | None = Field(
        None,
        max_length=2000,
        description=(
            "An opaque next_cursor from a previous page: continues after it "
            "(offset must then be 0; 400 if the cursor is malformed or was made "
            "for another ordering)."
        ),
    )


class PrefectureParams(Schema):
    fiscal_year: int | None = Field(
        None, ge=1990, le=2200, description="Count only regions active in this FY."
    )
