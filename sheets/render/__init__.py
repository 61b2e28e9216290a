"""Renderings of a :class:`sheets.document.Sheet`: HTML, PDF, xlsx and Markdown.

Each module takes the same typed sheet and returns bytes; :func:`render`
picks one by format. None of them computes a figure.
"""

from __future__ import annotations

from collections.abc import Callable

from sheets.choices import SheetFormat
from sheets.document import Sheet

__all__ = ["CONTENT_TYPES", "render"]

CONTENT_TYPES = {
    SheetFormat.HTML: "text/html; charset=utf-8",
    SheetFormat.PDF: "application/pdf",
    SheetFormat.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    SheetFormat.MARKDOWN: "text/markdown; charset=utf-8",
}


def render(sheet: Sheet, fmt: str) -> bytes:
    """The sheet as a file of format ``fmt`` (a SheetFormat value)."""
    return _renderers()[SheetFormat(fmt)](sheet)


def _renderers() -> dict[SheetFormat, Callable[[Sheet], bytes]]:
    from sheets.render import html, markdown, pdf, xlsx

    return {
        SheetFormat.HTML: html.render_html,
        SheetFormat.PDF: pdf.render_pdf,
        SheetFormat.XLSX: xlsx.render_xlsx,
        SheetFormat.MARKDOWN: markdown.render_markdown,
    }
