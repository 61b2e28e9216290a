"""The dashboard's Japan map: prefectures coloured by active regions in a FY."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from geo.japan_map import MapItem, bucket_class, render_japan_map
from geo.models import Prefecture
from programmes.queries import prefecture_region_counts

__all__ = ["region_map"]


def region_map(fiscal_year: int) -> SafeString:
    """Inline SVG; each prefecture links to the region list filtered by it."""
    list_url = reverse("programmes:region_list")
    items = [
        MapItem(
            code=pref.code,
            title=_title(pref, pref.active_regions),
            href=_list_href(list_url, pref.code, fiscal_year),
            css_class=bucket_class(pref.active_regions),
        )
        for pref in prefecture_region_counts(fiscal_year)
    ]
    label = _("{fy}年度の都道府県別実施地域数").format(fy=fiscal_year)
    return render_japan_map(items, label=label)


def _list_href(list_url: str, prefecture_code: str, fiscal_year: int) -> str:
    query = urlencode({"prefecture": prefecture_code, "fiscal_year": fiscal_year})
    return f"{list_url}?{query}"


def _title(prefecture: Prefecture, count: int) -> str:
    english = (get_language() or "").startswith("en")
    name = prefecture.name_en if english and prefecture.name_en else prefecture.name_ja
    return _("{name}: {count}地域").format(name=name, count=count)
