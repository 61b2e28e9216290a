"""The sheet as HTML: a body fragment for the site and a standalone document.

The fragment (templates/sheets/partials/sheet_body.html) is what the page at
/sheets/{fy}/ shows and what publication stores; the standalone document
wraps it with the print stylesheet (sheet.css) for the download and the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape

from programmes.charts import budget_chart
from programmes.models import Programme
from sheets.document import Sheet
from targets.charts import target_chart

__all__ = ["render_body", "render_document", "render_html", "stylesheet"]

STYLESHEET = Path(__file__).with_name("sheet.css")
_TAG_WITH_CLASS = re.compile(
    r'<(rect|line|polyline|polygon|circle|text)\b([^>]*?)class="([^"]+)"'
)

#: The charts' colours as SVG presentation attributes, by CSS class (the same
#: colours chiiki.css gives the site's charts). A standalone file or the PDF
#: has no chiiki.css, and WeasyPrint's SVG renderer ignores the document's
#: stylesheets, so the classes are turned into attributes here.
CHART_ATTRIBUTES: dict[str, dict[str, str]] = {
    "grid-line": {"stroke": "#d5d9df", "stroke-width": "1"},
    "axis-line": {"stroke": "#333333", "stroke-width": "1"},
    "series-0": {"fill": "#1d4f91"},
    "series-1": {"fill": "#e08a1e"},
    "series-2": {"fill": "#3b8a5a"},
    "series-other": {"fill": "#9aa5b1"},
    "series-request": {
        "fill": "#ffffff",
        "stroke": "#1d4f91",
        "stroke-width": "1.5",
        "stroke-dasharray": "4 2",
    },
    "observed-line": {"fill": "none", "stroke": "#1d4f91", "stroke-width": "2"},
    "observed-point": {"fill": "#1d4f91"},
    "forecast-line": {
        "fill": "none",
        "stroke": "#e08a1e",
        "stroke-width": "2",
        "stroke-dasharray": "5 3",
    },
    "forecast-band": {"fill": "#e08a1e", "fill-opacity": "0.22", "stroke": "none"},
    "goal-line": {
        "stroke": "#b3261e",
        "stroke-width": "1.5",
        "stroke-dasharray": "6 3",
    },
    "goal-label": {"fill": "#b3261e"},
    "deadline-line": {
        "stroke": "#555555",
        "stroke-width": "1",
        "stroke-dasharray": "2 2",
    },
}
_TEXT_ATTRIBUTES = {"font-family": "IPAexGothic", "font-size": "10", "fill": "#333333"}


def stylesheet() -> str:
    """The print stylesheet: A4, IPAexGothic, the form's ruled table."""
    return STYLESHEET.read_text(encoding="utf-8")


def _attributes(match: re.Match[str]) -> str:
    tag, before, classes = match.group(1), match.group(2), match.group(3)
    values = dict(_TEXT_ATTRIBUTES) if tag == "text" else {}
    for css_class in classes.split():
        values.update(CHART_ATTRIBUTES.get(css_class, {}))
    extra = "".join(f'{name}="{value}" ' for name, value in values.items())
    return f'<{tag}{before}{extra}class="{classes}"'


def style_charts(body: str) -> str:
    """The SVG charts with their colours and font as attributes (see above)."""
    return _TAG_WITH_CLASS.sub(_attributes, body)


def chart_context(sheet: Sheet) -> dict[str, Any]:
    """Server-side SVG charts: the budget trend and each target metric."""
    programmes = list(Programme.objects.order_by("start_fy", "pk"))
    series = [(code, name) for code, name in sheet.data.programmes]
    charts = [
        chart
        for result in sheet.data.targets
        for metric in result.metrics
        if (chart := target_chart(metric)) is not None
    ]
    return {
        "budget_chart": budget_chart(sheet.data.budgets, series),
        "chart_programmes": programmes,
        "target_charts": charts,
    }


def render_body(sheet: Sheet, **extra: Any) -> str:
    with translation.override(sheet.language):
        context = {"sheet": sheet, **chart_context(sheet), **extra}
        return render_to_string("sheets/partials/sheet_body.html", context)


def render_document(body: str, title: str, language: str) -> str:
    """A self-contained HTML file (the stylesheet inlined, no external links)."""
    return (
        f'<!doctype html>\n<html lang="{escape(language)}">\n<head>\n'
        f'<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
        f"<style>\n{stylesheet()}</style>\n</head>\n<body>\n{style_charts(body)}\n"
        "</body>\n</html>\n"
    )


def render_html(sheet: Sheet) -> bytes:
    return render_document(render_body(sheet), sheet.title, sheet.language).encode()
