"""Real report files for the import tests: valid rows, written as xlsx or CSV.

Tests build their files with openpyxl, csv and zipfile (no mocks): a valid
data set per sheet, then the particular damage a test is about.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from lib.identifiers import corporate_number_check_digit
from reports.models import AnnualReport
from reports.sheets import SHEETS, SHEETS_BY_KEY
from reports.template import write_xlsx_template

Rows = dict[str, list[list[object]]]

FY = 2004
_KINDS = ("商品化", "試作品", "起業", "ライセンス")
_ACTIVITY_KINDS = (
    "フォーラム",
    "合同成果発表会",
    "インターンシップ",
    "MOT講座",
    "国際交流",
    "理解増進",
    "関係府省連携プロジェクト",
)
_SOURCES = ("国の補助金", "地域の自主事業", "企業負担")


def corporate_number(n: int) -> str:
    """A valid 法人番号 built from ``n`` (distinct n give distinct numbers)."""
    base = f"{n:012d}"
    return f"{corporate_number_check_digit(base)}{base}"


def day_in_year(i: int, fy: int = FY) -> date:
    """A date inside FY ``fy`` from April to December (same calendar year)."""
    return date(fy, 4 + i % 9, 1 + i % 28)


def valid_rows(n: int, fy: int = FY) -> Rows:
    """``n`` valid rows per sheet (participants: the three sectors only)."""
    return {
        "patent_applications": [
            [
                f"特願{fy}-{i + 1}",
                day_in_year(i, fy).isoformat(),
                f"発明{i}",
                "国立大学法人テスト大学",
                "いいえ",
            ]
            for i in range(n)
        ],
        "commercializations": [
            [
                _KINDS[i % 4],
                f"製品{i}",
                f"株式会社テスト{i}",
                corporate_number(i + 1),
                day_in_year(i, fy).isoformat(),
            ]
            for i in range(n)
        ],
        "participants": [["産", "120"], ["学", "200"], ["官", "30"]],
        "companies": [
            [f"株式会社テスト{i}", corporate_number(i + 1)] for i in range(n)
        ],
        "joint_research": [
            [f"共同研究{i}", "バイオ", "いいえ", f"{fy}-04-01", "", str(i % 3)]
            for i in range(n)
        ],
        "activities": [
            [
                _ACTIVITY_KINDS[i % 7],
                f"活動{i}",
                day_in_year(i, fy).isoformat(),
                str(10 + i),
            ]
            for i in range(n)
        ],
        "funds": [[_SOURCES[i % 3], str(1_000_000 + i)] for i in range(n)],
    }


def labels(sheet_key: str) -> list[str]:
    return [c.label_ja for c in SHEETS_BY_KEY[sheet_key].columns]


def keys(sheet_key: str) -> list[str]:
    return [c.key for c in SHEETS_BY_KEY[sheet_key].columns]


# --- writers ---------------------------------------------------------------------


def write_xlsx(path: Path, rows: Rows) -> Path:
    """The real template (``report_template``'s workbook) filled with ``rows``."""
    write_xlsx_template(path)
    book = load_workbook(path)
    for sheet in SHEETS:
        ws = book[sheet.name_ja]
        for row in rows.get(sheet.key, []):
            ws.append(row)
    book.save(path)
    return path


def csv_bytes(
    header: list[str],
    rows: Iterable[list[object]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def csv_members(
    rows: Rows,
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    header: str = "ja",
) -> dict[str, bytes]:
    """File name → content of one CSV per sheet, in the given encoding."""
    return {
        f"{sheet.key}.csv": csv_bytes(
            labels(sheet.key) if header == "ja" else keys(sheet.key),
            rows.get(sheet.key, []),
            encoding=encoding,
            delimiter=delimiter,
        )
        for sheet in SHEETS
    }


def write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def write_csv_zip(path: Path, rows: Rows, **options: str) -> Path:
    return write_zip(path, csv_members(rows, **options))


# --- reading back --------------------------------------------------------------


def stored_rows(report: AnnualReport) -> dict[str, list[tuple[object, ...]]]:
    """Every sheet's rows of the report's current version, sorted, comparable."""
    version = report.current_version
    result = {}
    for sheet in SHEETS:
        names = keys(sheet.key)
        rows = sheet.model.objects.filter(version=version).values_list(*names)
        result[sheet.key] = sorted(rows, key=repr)
    return result


def row_counts() -> dict[str, int]:
    """Row counts of every table an import may touch."""
    from reports.models import ReportVersion

    counts = {s.key: s.model.objects.count() for s in SHEETS}
    counts["reports"] = AnnualReport.objects.count()
    counts["versions"] = ReportVersion.objects.count()
    return counts
