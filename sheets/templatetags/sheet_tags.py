"""Template filters of the sheet: a figure cell becomes a link to its rows."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from sheets.figures import Figure

register = template.Library()


@register.filter
def cell(value: object) -> SafeString | object:
    """A Figure as <a class="figure"> to its source rows; text as it is."""
    if isinstance(value, Figure):
        return format_html(
            '<a class="figure" href="{}" data-figure="{}" title="{}">{}</a>',
            value.source,
            value.key,
            value.label,
            value.text,
        )
    return value


@register.filter
def is_number(value: object) -> bool:
    return isinstance(value, Figure)
