"""Date filters of the homes and report pages: 西暦 with 和暦 beside it."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from lib.wareki import format_date_wareki

register = template.Library()


@register.filter
def date_both(value: date | datetime | None) -> str:
    """2006-05-31 → 「2006年5月31日（平成18年5月31日）」; empty when missing.

    Aware datetimes are shown on their JST (TIME_ZONE) calendar day.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = (
            timezone.localtime(value).date()
            if timezone.is_aware(value)
            else value.date()
        )
    return _("{y}年{m}月{d}日（{wareki}）").format(
        y=value.year, m=value.month, d=value.day, wareki=format_date_wareki(value)
    )
