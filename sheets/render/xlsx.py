"""The sheet as a government office keeps it in Excel: one sheet, the form's
layout with merged cells, figures as numbers with number formats.

Columns: A the section heading (merged down the section's rows), B–E the
content (prose merged across; figure rows: label B–C, value D as a number,
unit E), F the 達成年度 column of 得ようとする効果. Every figure cell holds an
int or float, never text, so the office can sum and chart it.
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from lib.csv_safety import put_text
from sheets.document import Line, Section, Sheet
from sheets.figures import Cell, Figure, Table, Unit

__all__ = ["NUMBER_FORMATS", "render_xlsx"]

FONT = "IPAexGothic"
THIN = Side(style="thin", color="333333")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
HEAD_FILL = PatternFill("solid", fgColor="F1F3F6")

NUMBER_FORMATS = {
    Unit.MILLION_YEN: '#,##0"百万円"',
    Unit.OKU_YEN: '#,##0.#"億円"',
    Unit.PEOPLE: '#,##0"人"',
    Unit.COUNT: '#,##0"件"',
    Unit.REGIONS: '#,##0"地域"',
    Unit.FISCAL_YEAR: "0",
    Unit.RATIO: '0.00"倍"',
    Unit.PER_OKU: '#,##0.00"件"',
    Unit.PERCENT: '0.0"%"',
    Unit.METRIC: "#,##0.0#",
}
ENGLISH_FORMATS = {
    Unit.MILLION_YEN: '"¥"#,##0" million"',
    Unit.OKU_YEN: '"¥"#,##0.#"00 million"',
    Unit.PEOPLE: "#,##0",
    Unit.COUNT: "#,##0",
    Unit.REGIONS: "#,##0",
    Unit.RATIO: '"×"0.00',
    Unit.PER_OKU: "#,##0.00",
}


def render_xlsx(sheet: Sheet) -> bytes:
    with translation.override(sheet.language):
        book = Workbook()
        ws = book.active
        assert ws is not None
        ws.title = _("事業評価書")
        _layout(ws, sheet)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _layout(ws: Worksheet, sheet: Sheet) -> None:
    for column, width in zip("ABCDEF", (20, 30, 16, 16, 14, 14), strict=True):
        ws.column_dimensions[column].width = width
    ws.merge_cells("A1:F1")
    put_text(ws["A1"], sheet.title)
    ws["A1"].font = Font(name=FONT, size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:F2")
    generated = f"{sheet.version.generated_at:%Y-%m-%d %H:%M}"
    ws["A2"] = f"{_('データ版')}: {sheet.version.label} {generated}"
    ws["A2"].font = Font(name=FONT, size=8, color="555555")
    row = 3
    for section in sheet.sections:
        row = _section(ws, section, row, sheet.language)
    ws.print_options.gridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0


def _section(ws: Worksheet, section: Section, start: int, language: str) -> int:
    row = start
    last_column = "E" if section.side is not None else "F"
    texts: list[str] = [_text(line) for line in section.lines]
    texts += [f"{o.code} {o.text}".strip() for o in section.objectives]
    for prose in section.prose:
        texts += prose.paragraphs
    texts += section.notes
    for text in texts:
        ws.merge_cells(f"B{row}:{last_column}{row}")
        _put(ws, f"B{row}", text)
        ws.row_dimensions[row].height = max(15, 15 * (len(text) // 40 + 1))
        row += 1
    for figure in _line_figures(section):
        row = _figure_row(ws, figure, row, last_column, language)
    for table in section.tables:
        row = _table(ws, table, row, last_column, language)
    if row == start:
        ws.merge_cells(f"B{row}:{last_column}{row}")
        _put(ws, f"B{row}", "")
        row += 1
    ws.merge_cells(f"A{start}:A{row - 1}")
    head = ws[f"A{start}"]
    put_text(head, section.heading)
    head.font = Font(name=FONT, bold=True)
    head.fill = HEAD_FILL
    head.alignment = WRAP
    for r in range(start, row):
        for column in "ABCDEF":
            ws[f"{column}{r}"].border = BOX
    if section.side is not None:
        put_text(ws[f"F{start}"], section.side.label)
        ws[f"F{start}"].font = Font(name=FONT, bold=True)
        value = ws[f"F{start + 1}"] if row - start > 1 else ws[f"F{start}"]
        if row - start > 1:
            put_text(value, section.side.text)
        value.alignment = Alignment(horizontal="center", vertical="top")
    return row


def _line_figures(section: Section) -> list[Figure]:
    """The figures quoted in the section's sentences, each once, as numbers."""
    seen: dict[str, Figure] = {}
    for line in section.lines:
        for part in line:
            if isinstance(part, Figure):
                seen.setdefault(part.key, part)
    if section.side is not None:
        seen.setdefault(section.side.key, section.side)
    return list(seen.values())


def _figure_row(
    ws: Worksheet, figure: Figure, row: int, last_column: str, language: str
) -> int:
    ws.merge_cells(f"B{row}:C{row}")
    _put(ws, f"B{row}", figure.label)
    _number(ws, f"D{row}", figure, language)
    if figure.unit == Unit.FISCAL_YEAR:  # 和暦 beside the number: 「平成18年度」
        _put(ws, f"E{row}", figure.text)
    return row + 1


def _table(
    ws: Worksheet, table: Table, row: int, last_column: str, language: str
) -> int:
    ws.merge_cells(f"B{row}:{last_column}{row}")
    _put(ws, f"B{row}", table.caption)
    ws[f"B{row}"].font = Font(name=FONT, bold=True)
    row += 1
    columns = ["B", "C", "D", "E", "F"][: 4 if last_column == "E" else 5]
    width = len(columns)
    for chunk_start in range(0, len(table.columns), width):
        header = table.columns[chunk_start : chunk_start + width]
        for column, text in zip(columns, header, strict=False):
            _put(ws, f"{column}{row}", text)
            ws[f"{column}{row}"].fill = HEAD_FILL
        row += 1
        for values in table.rows:
            part = values[chunk_start : chunk_start + width]
            for column, value in zip(columns, part, strict=False):
                _cell(ws, f"{column}{row}", value, language)
            row += 1
    return row


def _cell(ws: Worksheet, ref: str, value: Cell, language: str) -> None:
    if isinstance(value, Figure):
        _number(ws, ref, value, language)
    else:
        _put(ws, ref, str(value))


def _number(ws: Worksheet, ref: str, figure: Figure, language: str) -> None:
    cell = ws[ref]
    cell.value = figure.value
    formats = ENGLISH_FORMATS if language == "en" else {}
    if figure.unit == Unit.METRIC:
        cell.number_format = (
            f'#,##0.0#"{figure.suffix}"' if figure.suffix else "#,##0.0#"
        )
        if isinstance(figure.value, int):
            cell.number_format = f'#,##0"{figure.suffix}"'
    else:
        cell.number_format = formats.get(figure.unit, NUMBER_FORMATS[figure.unit])
    cell.font = Font(name=FONT)
    cell.alignment = Alignment(horizontal="right", vertical="top")


def _put(ws: Worksheet, ref: str, text: str) -> None:
    cell = ws[ref]
    put_text(cell, text)  # officer prose starting with "=" stays text
    cell.font = Font(name=FONT)
    cell.alignment = WRAP


def _text(line: Line) -> str:
    return "".join(
        part.text if isinstance(part, Figure) else str(part) for part in line
    )
