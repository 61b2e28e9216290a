"""Template filters that show money and fiscal years the way MEXT documents do.

They delegate to `lib` so templates, the CLI and the API share one notation.
"""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from lib.money import format_million_yen, format_oku_yen
from lib.wareki import format_fiscal_year

register = template.Library()


@register.filter
def million_yen(yen: int | None) -> str:
    """12_400_000_000 → 「12,400百万円」; empty for a missing figure."""
    return "" if yen is None else format_million_yen(yen)


@register.filter
def oku_yen(yen: int | None) -> str:
    """9_000_000_000 → 「90億円」; empty for a missing figure."""
    return "" if yen is None else format_oku_yen(yen)


@register.filter
def wareki(fiscal_year: int | None) -> str:
    """2004 → 「平成16年度」; empty for a missing year."""
    return "" if fiscal_year is None else format_fiscal_year(fiscal_year)


@register.filter
def fiscal_year_both(fiscal_year: int | None) -> str:
    """2004 → 「2004年度（平成16年度）」: 西暦 and 和暦 side by side."""
    if fiscal_year is None:
        return ""
    return _("{fy}年度（{wareki}）").format(
        fy=fiscal_year, wareki=format_fiscal_year(fiscal_year)
    )


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    """``{{ row.by_programme|get_item:programme.code }}`` for pivot tables."""
    return mapping.get(key)
