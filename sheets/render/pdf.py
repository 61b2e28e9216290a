"""The sheet as a PDF on A4 with WeasyPrint and the IPAexGothic font.

The font comes from Debian's fonts-ipaexfont (scripts/bootstrap.sh installs
it); sheet.css (inlined in the document) names it, and WeasyPrint embeds
the subset of glyphs used, so the Japanese text extracts cleanly (pdftotext)
and prints anywhere.
"""

from __future__ import annotations

import logging

# WeasyPrint logs every layout step (from its import on): keep only errors.
for _name in ("weasyprint", "weasyprint.progress"):
    logging.getLogger(_name).setLevel(logging.ERROR)

from weasyprint import HTML  # noqa: E402 - after quietening its loggers
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from sheets.document import Sheet  # noqa: E402
from sheets.render.html import render_body, render_document  # noqa: E402

__all__ = ["html_to_pdf", "render_pdf"]


def html_to_pdf(document: str) -> bytes:
    """A standalone HTML document (see render.html) as PDF bytes."""
    fonts = FontConfiguration()
    pdf = HTML(string=document).write_pdf(font_config=fonts)
    assert pdf is not None  # write_pdf without a target returns the bytes
    return pdf


def render_pdf(sheet: Sheet) -> bytes:
    body = render_body(sheet)
    return html_to_pdf(render_document(body, sheet.title, sheet.language))
