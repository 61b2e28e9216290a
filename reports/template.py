"""The annual-report template, as an Excel workbook or as CSV files.

The workbook has one sheet per kind with the Japanese column labels in row 1
(frozen, bold; required columns are marked in the 説明 sheet and coloured),
drop-downs for enumerations and yes/no columns, text format for identifier
columns so Excel keeps 法人番号 digits as typed, and a 説明 sheet listing
every column's English key, type, allowed values and an example. The reader
accepts either the Japanese label or the English key as a header, so regions
may also build files with their own tools.

The CSV form is one UTF-8 (with BOM, so that Excel opens it correctly) file
per sheet, ``<sheet key>.csv``, plus ``explanation.csv``, in a zip or a folder.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from reports.sheets import (
    BOOL_LABELS,
    SHEETS,
    TYPE_LABELS_JA,
    Column,
    ColumnType,
    Sheet,
)

__all__ = [
    "EXPLANATION_HEADERS",
    "EXPLANATION_TITLE",
    "build_xlsx_template",
    "explanation_rows",
    "write_csv_template",
    "write_xlsx_template",
]

EXPLANATION_TITLE = "説明"
EXPLANATION_HEADERS = (
    "シート",
    "シートキー",
    "列名",
    "キー",
    "型",
    "必須",
    "使える値",
    "例",
    "説明",
)
#: Drop-downs and formats reach this far down; Excel's own limit is 1,048,576.
_LAST_ROW = 100_001
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")
_HEADER_FONT = Font(bold=True)
_TEXT_FORMAT = "@"
_DATE_FORMAT = "yyyy-mm-dd"
_NOTES = (
    "年次報告テンプレート（地域科学技術振興事業）",
    "各シートの1行目は見出しです。2行目から1件1行で入力してください。"
    "見出しは日本語の列名でも英語のキーでも構いません（列の順序は自由）。",
    "日付は 2004-04-01、2004/4/1、平成16年4月1日、H16.4.1 のいずれでも入力できます。"
    "数値の全角数字や「1,234」の桁区切りも使えます。",
    "数式は取り込めません。計算した値は「値の貼り付け」で入力してください。"
    "取込は全件か無しかです: 1件でも誤りがあれば何も登録されず、"
    "誤りの一覧（シート・行・列・理由）が表示されます。",
    "色付きの見出しは必須列です。データのないシートも削除せず、見出し行だけ残してください。",
)


def build_xlsx_template() -> Workbook:
    """The template workbook: the 説明 sheet first, then one sheet per kind."""
    book = Workbook()
    explanation = book.active
    explanation.title = EXPLANATION_TITLE
    _fill_explanation(explanation)
    for sheet in SHEETS:
        _fill_sheet(book.create_sheet(sheet.name_ja), sheet)
    return book


def write_xlsx_template(path: str | Path) -> Path:
    target = Path(path)
    build_xlsx_template().save(target)
    return target


def _fill_sheet(ws: Worksheet, sheet: Sheet) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.label_ja)
        cell.font = _HEADER_FONT
        cell.comment = Comment(f"{column.key}: {_type_text(column)}", "chiiki")
        if column.required:
            cell.fill = _REQUIRED_FILL
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = _width(column)
        _format_column(ws, letter, column)
        _add_drop_down(ws, letter, column)
    ws.freeze_panes = "A2"


def _width(column: Column) -> float:
    longest = max(len(column.label_ja) * 2, len(column.example) * 1.2, 10)
    return min(longest + 2, 50)


def _format_column(ws: Worksheet, letter: str, column: Column) -> None:
    """Text format keeps 13-digit numbers and 特願 numbers exactly as typed."""
    if column.type in (ColumnType.CORPORATE_NUMBER, ColumnType.PATENT_NUMBER):
        ws.column_dimensions[letter].number_format = _TEXT_FORMAT
    elif column.type is ColumnType.DATE:
        ws.column_dimensions[letter].number_format = _DATE_FORMAT


def _add_drop_down(ws: Worksheet, letter: str, column: Column) -> None:
    if column.type is ColumnType.ENUM:
        options = [label for _, label in column.pairs()]
    elif column.type is ColumnType.BOOL:
        options = [BOOL_LABELS[True], BOOL_LABELS[False]]
    else:
        return
    validation = DataValidation(
        type="list",
        formula1='"{}"'.format(",".join(options)),
        allow_blank=not column.required,
        showErrorMessage=True,
        errorTitle="入力できない値です",
        error="一覧から選んでください: {}".format("、".join(options)),
        promptTitle=column.label_ja,
        prompt="一覧から選択",
    )
    validation.add(f"{letter}2:{letter}{_LAST_ROW}")
    ws.add_data_validation(validation)


def _fill_explanation(ws: Worksheet) -> None:
    for line in _NOTES:
        ws.append([line])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    header_row = ws.max_row + 1
    ws.append(list(EXPLANATION_HEADERS))
    for cell in ws[header_row]:
        cell.font = _HEADER_FONT
    for row in explanation_rows():
        ws.append(row)
    for index, width in enumerate((16, 20, 14, 20, 22, 6, 50, 26, 50), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def explanation_rows() -> list[list[str]]:
    """One row per column of every sheet, as the 説明 sheet and CSV show them."""
    return [
        [
            sheet.name_ja,
            sheet.key,
            column.label_ja,
            column.key,
            _type_text(column),
            "必須" if column.required else "",
            column.allowed_ja(),
            column.example,
            column.help_ja or (sheet.description_ja if index == 0 else ""),
        ]
        for sheet in SHEETS
        for index, column in enumerate(sheet.columns)
    ]


def _type_text(column: Column) -> str:
    return f"{TYPE_LABELS_JA[column.type]} ({column.type.value})"


# --- CSV -----------------------------------------------------------------------


def csv_files() -> dict[str, bytes]:
    """File name → UTF-8-with-BOM content, for the zip or folder form."""
    files = {
        f"{sheet.key}.csv": _csv_bytes([[c.label_ja for c in sheet.columns]])
        for sheet in SHEETS
    }
    files["explanation.csv"] = _csv_bytes(
        [list(EXPLANATION_HEADERS), *explanation_rows()]
    )
    return files


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv_template(path: str | Path) -> Path:
    """A zip when ``path`` ends in .zip, otherwise a folder (created)."""
    target = Path(path)
    if target.suffix.lower() == ".zip":
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in csv_files().items():
                archive.writestr(name, content)
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name, content in csv_files().items():
        (target / name).write_bytes(content)
    return target
