"""Template filters for target figures: one notation for cards, tables and charts."""

from __future__ import annotations

import json
from typing import Any

from django import template

from targets.charts import format_value

register = template.Library()


@register.filter
def metric_value(value: float | None, unit: str) -> str:
    """``{{ metric.value|metric_value:metric.unit }}`` → 「1,412件」, 「—」 if None."""
    return "—" if value is None else format_value(value, unit)


@register.filter
def percent(value: float | None, digits: int = 1) -> str:
    """74.468 → 「74.5%」; 「—」 if None."""
    return "—" if value is None else f"{value:,.{int(digits)}f}%"


@register.filter
def probability(value: float | None) -> str:
    """0.941 → 「94%」: a probability shown as a whole percentage."""
    return "—" if value is None else f"{value * 100:.0f}%"


@register.filter
def intcomma_value(value: int | None) -> str:
    """1412 → 「1,412」."""
    return "—" if value is None else f"{value:,}"


@register.filter
def json_params(params: dict[str, Any]) -> str:
    """A metric's parameters as readable JSON (Japanese left unescaped)."""
    return json.dumps(params, ensure_ascii=False, indent=2, sort_keys=True)
