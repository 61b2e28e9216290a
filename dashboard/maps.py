"""The dashboard's Japan map: prefectures coloured by a chosen indicator in a FY.

``regions`` (the default) counts the regions active in each prefecture (a
region spanning several prefectures counts in each). The outcome indicators
sum the accepted yearly outcomes of the regions whose *main* prefecture it is,
so that no patent is counted twice. Every prefecture links to its region list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from geo.japan_map import (
    MAP_BUCKETS,
    MapBucket,
    MapItem,
    bucket_class,
    render_japan_map,
)
from geo.models import Prefecture
from programmes.queries import prefecture_region_counts
from reports.choices import OutcomeKind
from reports.models import YearlyOutcome

__all__ = ["DEFAULT_INDICATOR", "INDICATORS", "LegendEntry", "RegionMap", "region_map"]

DEFAULT_INDICATOR = "regions"
#: What the map can colour prefectures by: key → label (unit in the tooltip).
INDICATORS: dict[str, Promise] = {
    DEFAULT_INDICATOR: gettext_lazy("実施地域数"),
    OutcomeKind.PATENT_APPLICATIONS.value: OutcomeKind.PATENT_APPLICATIONS.label,
    OutcomeKind.COMMERCIALIZATIONS.value: OutcomeKind.COMMERCIALIZATIONS.label,
    OutcomeKind.COMPANIES.value: OutcomeKind.COMPANIES.label,
    OutcomeKind.JOINT_RESEARCH.value: OutcomeKind.JOINT_RESEARCH.label,
    OutcomeKind.RESEARCHERS.value: OutcomeKind.RESEARCHERS.label,
}
_BUCKET_CLASSES = tuple(bucket.css_class for bucket in MAP_BUCKETS)


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    label: str


@dataclass(frozen=True)
class RegionMap:
    """The SVG and its legend, for one indicator and fiscal year."""

    svg: SafeString
    indicator: str
    indicator_label: str
    legend: list[LegendEntry]


def region_map(fiscal_year: int, indicator: str = DEFAULT_INDICATOR) -> RegionMap:
    """Inline SVG; each prefecture links to the region list filtered by it."""
    prefectures, values = _values(fiscal_year, indicator)
    buckets = (
        MAP_BUCKETS
        if indicator == DEFAULT_INDICATOR
        else outcome_buckets(list(values.values()))
    )
    list_url = reverse("programmes:region_list")
    items = [
        MapItem(
            code=pref.code,
            title=_title(pref, values[pref.code], indicator),
            href=_list_href(list_url, pref.code, fiscal_year),
            css_class=bucket_class(values[pref.code], buckets),
        )
        for pref in prefectures
    ]
    label = _("{fy}年度の都道府県別{indicator}").format(
        fy=fiscal_year, indicator=INDICATORS[indicator]
    )
    return RegionMap(
        svg=render_japan_map(items, label=label),
        indicator=indicator,
        indicator_label=str(INDICATORS[indicator]),
        legend=_legend(buckets, indicator),
    )


def _values(
    fiscal_year: int, indicator: str
) -> tuple[list[Prefecture], dict[str, int]]:
    """The 47 prefectures and each one's value (two queries at most)."""
    if indicator == DEFAULT_INDICATOR:
        prefectures = list(prefecture_region_counts(fiscal_year))
        return prefectures, {p.code: p.active_regions for p in prefectures}
    prefectures = list(Prefecture.objects.order_by("code"))
    rows = (
        YearlyOutcome.objects.filter(fiscal_year=fiscal_year, kind=indicator)
        .values("region__main_prefecture_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    totals = {row["region__main_prefecture_id"]: int(row["total"]) for row in rows}
    return prefectures, {p.code: totals.get(p.code, 0) for p in prefectures}


def outcome_buckets(values: Sequence[int]) -> tuple[MapBucket, ...]:
    """Zero, then the positive values split in thirds (at most four colours)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return (MapBucket(_BUCKET_CLASSES[0], 0, 0),)
    cuts = sorted({positive[len(positive) // 3], positive[2 * len(positive) // 3]})
    lows = [1] + [cut + 1 for cut in cuts if cut + 1 <= positive[-1]]
    lows = sorted(set(lows))
    buckets = [MapBucket(_BUCKET_CLASSES[0], 0, 0)]
    for index, low in enumerate(lows):
        high = lows[index + 1] - 1 if index + 1 < len(lows) else None
        buckets.append(MapBucket(_BUCKET_CLASSES[index + 1], low, high))
    return tuple(buckets)


def _legend(buckets: Sequence[MapBucket], indicator: str) -> list[LegendEntry]:
    regions = indicator == DEFAULT_INDICATOR
    entries = []
    for bucket in buckets:
        if bucket.high is None:
            label = (_("{n}地域以上") if regions else _("{n}以上")).format(n=bucket.low)
        elif bucket.low == bucket.high:
            label = (_("{n}地域") if regions else "{n}").format(n=bucket.low)
        else:
            label = "{low}〜{high}".format(
                low=f"{bucket.low:,}", high=f"{bucket.high:,}"
            )
        entries.append(LegendEntry(bucket.css_class, label))
    return entries


def _list_href(list_url: str, prefecture_code: str, fiscal_year: int) -> str:
    query = urlencode({"prefecture": prefecture_code, "fiscal_year": fiscal_year})
    return f"{list_url}?{query}"


def _title(prefecture: Prefecture, value: int, indicator: str) -> str:
    english = (get_language() or "").startswith("en")
    name = prefecture.name_en if english and prefecture.name_en else prefecture.name_ja
    if indicator == DEFAULT_INDICATOR:
        return _("{name}: {count}地域").format(name=name, count=value)
    return _("{name}: {indicator} {value}").format(
        name=name, indicator=INDICATORS[indicator], value=f"{value:,}"
    )
