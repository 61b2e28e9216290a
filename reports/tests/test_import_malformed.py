"""Malformed files: each is rejected (exit 1), the place is named, nothing changes.

Every file is real, written here with openpyxl, csv and zipfile. The region
already has a draft with rows, so "nothing changes" also means a rejected
import does not clear the draft.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from reports.choices import ReportStatus
from reports.importing import import_report_file
from reports.models import PatentApplication
from reports.tests.builders import (
    FY,
    Rows,
    csv_members,
    row_counts,
    valid_rows,
    write_csv_zip,
    write_xlsx,
    write_zip,
)
from tests.factories import make_region, make_report

pytestmark = pytest.mark.django_db

REGION = "kc-malformed"


@dataclass(frozen=True)
class Case:
    """A damaged file and where the error must point."""

    build: Callable[[Path, Rows], Path]
    code: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None


def _xlsx_edit(edit: Callable[..., None]) -> Callable[[Path, Rows], Path]:
    """A template-made xlsx, changed with openpyxl by ``edit(book)``."""

    def build(tmp: Path, rows: Rows) -> Path:
        path = write_xlsx(tmp / "report.xlsx", rows)
        book = load_workbook(path)
        edit(book)
        book.save(path)
        return path

    return build


def _rows_edit(edit: Callable[[Rows], None], form: str = "csv") -> Callable:
    """Valid rows changed by ``edit(rows)``, written as a CSV zip or xlsx."""

    def build(tmp: Path, rows: Rows) -> Path:
        edit(rows)
        if form == "xlsx":
            return write_xlsx(tmp / "report.xlsx", rows)
        return write_csv_zip(tmp / "report.zip", rows, encoding="cp932")

    return build


def _members_edit(edit: Callable[[dict[str, bytes]], None]) -> Callable:
    def build(tmp: Path, rows: Rows) -> Path:
        members = csv_members(rows)
        edit(members)
        return write_zip(tmp / "report.zip", members)

    return build


def _bytes(name: str, content: bytes) -> Callable[[Path, Rows], Path]:
    def build(tmp: Path, rows: Rows) -> Path:
        (tmp / name).write_bytes(content)
        return tmp / name

    return build


def _set(sheet: str, row: int, column: int, value: object) -> Callable[[Rows], None]:
    def edit(rows: Rows) -> None:
        rows[sheet][row][column] = value

    return edit


def _truncated_xlsx(tmp: Path, rows: Rows) -> Path:
    path = write_xlsx(tmp / "report.xlsx", rows)
    content = path.read_bytes()
    path.write_bytes(content[: len(content) // 2])
    return path


def _zip_bomb(tmp: Path, rows: Rows) -> Path:
    path = write_xlsx(tmp / "report.xlsx", rows)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (30 << 20))
    return path


def _oversized_xlsx_cell(tmp: Path, rows: Rows) -> Path:
    """Excel stops at 32,767 characters; a generated file may not."""
    rows["activities"][1][1] = "PLACEHOLDER"
    path = write_xlsx(tmp / "source.xlsx", rows)
    target = tmp / "report.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            data = data.replace(b"PLACEHOLDER", b"x" * 40_000)
            out.writestr(info, data, zipfile.ZIP_DEFLATED)
    return target


def _doctype_xlsx(tmp: Path, rows: Rows) -> Path:
    path = write_xlsx(tmp / "source.xlsx", rows)
    target = tmp / "report.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(
                    b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1
                )
            out.writestr(info, data)
    return target


def _drop_column(sheet: str, label: str) -> Callable[..., None]:
    def edit(book) -> None:  # noqa: ANN001 - an openpyxl Workbook
        ws = book[sheet]
        for cell in ws[1]:
            if cell.value == label:
                ws.delete_cols(cell.column)
                return

    return edit


def _header(sheet_key: str, header: list[str], encoding: str = "utf-8") -> Callable:
    def edit(members: dict[str, bytes]) -> None:
        text = members[f"{sheet_key}.csv"].decode("utf-8").split("\r\n", 1)[1]
        members[f"{sheet_key}.csv"] = (",".join(header) + "\r\n" + text).encode(
            encoding
        )

    return edit


def _encoded(sheet_key: str, encoding: str) -> Callable[[dict[str, bytes]], None]:
    def edit(members: dict[str, bytes]) -> None:
        text = members[f"{sheet_key}.csv"].decode("utf-8")
        members[f"{sheet_key}.csv"] = text.encode(encoding)

    return edit


def _garbage_line(members: dict[str, bytes]) -> None:
    members["activities.csv"] += b"\x82\xa0\xff\xfe,1,2004-05-01,3\r\n"


def _repeat_first_patent(rows: Rows) -> None:
    rows["patent_applications"].append(list(rows["patent_applications"][0]))


CASES: dict[str, Case] = {
    "empty file": Case(_bytes("report.xlsx", b""), "file.empty"),
    "text renamed .xlsx": Case(
        _bytes("report.xlsx", "出願番号,出願日\n".encode()), "file.unknown_format"
    ),
    "png renamed .xlsx": Case(
        _bytes("report.xlsx", b"\x89PNG\r\n\x1a\n" + b"\0" * 100), "file.unknown_format"
    ),
    "legacy .xls": Case(
        _bytes("report.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        "file.legacy_xls",
    ),
    "truncated xlsx": Case(_truncated_xlsx, "file.bad_zip"),
    "zip bomb": Case(_zip_bomb, "zip.ratio"),
    "xml with a DOCTYPE": Case(_doctype_xlsx, "file.bad_xlsx", "patent_applications"),
    "zip without report files": Case(
        lambda tmp, rows: write_zip(tmp / "r.zip", {"readme.md": b"hello"}),
        "sheet.missing",
        "patent_applications",
    ),
    "missing sheet (xlsx)": Case(
        _xlsx_edit(lambda book: book.remove(book["資金"])), "sheet.missing", "funds"
    ),
    "missing sheet (csv)": Case(
        _members_edit(lambda members: members.pop("companies.csv")),
        "sheet.missing",
        "companies",
    ),
    "missing column (xlsx)": Case(
        _xlsx_edit(_drop_column("特許出願", "出願日")),
        "column.missing",
        "patent_applications",
        1,
        "filed_on",
    ),
    "missing column (cp932 csv)": Case(
        _members_edit(_header("activities", ["区分", "名称", "参加者数"], "cp932")),
        "column.missing",
        "activities",
        1,
        "held_on",
    ),
    "unknown column": Case(
        _members_edit(_header("funds", ["財源", "金額（円）", "備考"])),
        "column.unknown",
        "funds",
        1,
        "備考",
    ),
    "repeated column": Case(
        _members_edit(_header("companies", ["企業名", "name"])),
        "column.duplicated",
        "companies",
        1,
        "name",
    ),
    "value without a header": Case(
        _rows_edit(lambda rows: rows["funds"][2].append("メモ")),
        "column.unlabelled",
        "funds",
        4,
        "#3",
    ),
    "text in a number column": Case(
        _rows_edit(_set("participants", 0, 1, "多数")),
        "integer.invalid",
        "participants",
        2,
        "researchers",
    ),
    "decimal in a number column (xlsx)": Case(
        _rows_edit(_set("activities", 2, 3, 12.5), "xlsx"),
        "integer.invalid",
        "activities",
        4,
        "participants",
    ),
    "not a date": Case(
        _rows_edit(_set("patent_applications", 3, 1, "来週")),
        "date.invalid",
        "patent_applications",
        5,
        "filed_on",
    ),
    "date outside its era": Case(
        _rows_edit(_set("commercializations", 0, 4, "平成31年5月1日")),
        "date.not_in_era",
        "commercializations",
        2,
        "date",
    ),
    "not yes or no": Case(
        _rows_edit(_set("joint_research", 1, 2, "たぶん")),
        "bool.invalid",
        "joint_research",
        3,
        "safety_security",
    ),
    "unknown kind": Case(
        _rows_edit(_set("commercializations", 4, 0, "寄付")),
        "enum.invalid",
        "commercializations",
        6,
        "kind",
    ),
    "negative amount": Case(
        _rows_edit(_set("funds", 1, 1, "-5")),
        "number.negative",
        "funds",
        3,
        "amount_yen",
    ),
    "bad 法人番号 check digit": Case(
        _rows_edit(_set("companies", 2, 1, "1234567890123")),
        "corporate_number.check_digit",
        "companies",
        4,
        "corporate_number",
    ),
    "bad 法人番号 length": Case(
        _rows_edit(_set("commercializations", 1, 3, "12345")),
        "corporate_number.length",
        "commercializations",
        3,
        "corporate_number",
    ),
    "bad patent number": Case(
        _rows_edit(_set("patent_applications", 0, 0, "特開2004-123")),
        "patent_application_number.invalid",
        "patent_applications",
        2,
        "application_number",
    ),
    "foreign number marked domestic": Case(
        _rows_edit(_set("patent_applications", 1, 0, "PCT/JP2004/000001")),
        "patent.not_domestic",
        "patent_applications",
        3,
        "application_number",
    ),
    "duplicate patent rows": Case(
        _rows_edit(_repeat_first_patent),
        "duplicate.in_file",
        "patent_applications",
        7,
        "application_number",
    ),
    "duplicate sector rows": Case(
        _rows_edit(lambda rows: rows["participants"].append(["学", "5"])),
        "duplicate.in_file",
        "participants",
        5,
        "sector",
    ),
    "patent filed after the year": Case(
        _rows_edit(_set("patent_applications", 2, 1, "2005-04-01")),
        "date.outside_fiscal_year",
        "patent_applications",
        4,
        "filed_on",
    ),
    "activity before the year (xlsx date cell)": Case(
        _rows_edit(_set("activities", 0, 2, date(2004, 3, 31)), "xlsx"),
        "date.outside_fiscal_year",
        "activities",
        2,
        "held_on",
    ),
    "research ending before it starts": Case(
        _rows_edit(_set("joint_research", 3, 4, "2004-03-01")),
        "date.end_before_start",
        "joint_research",
        5,
        "ended_on",
    ),
    "formula": Case(
        _rows_edit(_set("funds", 0, 1, "=1000*3"), "xlsx"),
        "cell.formula",
        "funds",
        2,
        "amount_yen",
    ),
    "excel error value": Case(
        _xlsx_edit(lambda book: _error_cell(book["参加研究者数"]["B3"])),
        "cell.error_value",
        "participants",
        3,
        "researchers",
    ),
    "huge cell (xlsx, Excel's maximum)": Case(
        _rows_edit(_set("patent_applications", 0, 2, "長" * 32_767), "xlsx"),
        "text.too_long",
        "patent_applications",
        2,
        "title",
    ),
    "huge cell (xlsx, beyond Excel)": Case(
        _oversized_xlsx_cell, "cell.too_long", "activities", 3, "title"
    ),
    "huge cell (csv)": Case(
        _rows_edit(_set("companies", 1, 0, "x" * 300_000)),
        "csv.malformed",
        "companies",
        3,
    ),
    "control character": Case(
        _rows_edit(_set("companies", 0, 0, "株式会社\x07テスト")),
        "text.control_character",
        "companies",
        2,
        "name",
    ),
    "required value missing": Case(
        _rows_edit(_set("activities", 1, 1, "")),
        "value.required",
        "activities",
        3,
        "title",
    ),
    "text too long": Case(
        _rows_edit(_set("commercializations", 0, 1, "製" * 301)),
        "text.too_long",
        "commercializations",
        2,
        "name",
    ),
    "utf-16 csv": Case(
        _members_edit(_encoded("joint_research", "utf-16")),
        "encoding.utf16",
        "joint_research",
    ),
    "bytes of no known encoding": Case(
        _members_edit(_garbage_line), "encoding.unknown", "activities", 7
    ),
    "companies without industry researchers": Case(
        _rows_edit(lambda rows: rows["participants"].pop(0)),
        "totals.industry_researchers",
        "participants",
        None,
        "researchers",
    ),
    "more partners than companies": Case(
        _rows_edit(_set("joint_research", 2, 5, "99")),
        "totals.industry_partners",
        "joint_research",
        4,
        "industry_partners",
    ),
    "patent counted in an accepted year": Case(
        _rows_edit(_set("patent_applications", 4, 0, "特願2003-777")),
        "duplicate.accepted_year",
        "patent_applications",
        6,
        "application_number",
    ),
}


def _error_cell(cell) -> None:  # noqa: ANN001 - an openpyxl cell
    cell.value = "#DIV/0!"
    cell.data_type = "e"


@pytest.fixture
def region():  # noqa: ANN201 - a Region with an accepted FY2003 and a FY2004 draft
    region = make_region(code=REGION, start_fy=2002)
    accepted = make_report(
        region=region, fiscal_year=2003, status=ReportStatus.ACCEPTED
    )
    PatentApplication.objects.create(
        version=accepted.current_version,
        application_number="特願2003-777",
        filed_on=date(2003, 6, 1),
        title="既出の発明",
        applicants="テスト大学",
    )
    return region


def test_it_has_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", list(CASES))
def test_it_rejects_the_file_and_names_the_place(
    region, tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    draft = write_csv_zip(tmp_path / "draft.zip", valid_rows(3))
    assert import_report_file(draft, REGION, FY).ok
    path = case.build(tmp_path, valid_rows(5))
    before = row_counts()
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_reports", str(path), "--region", REGION,
            "--fiscal-year", str(FY), "--format", "json", stdout=out,
        )  # fmt: skip
    assert caught.value.returncode == 1
    payload = json.loads(out.getvalue())
    assert payload["status"] == "rejected"
    places = [(e["sheet"], e["row"], e["column"], e["code"]) for e in payload["errors"]]
    assert (case.sheet, case.row, case.column, case.code) in places, places
    assert all(e["message_ja"] and e["message_en"] for e in payload["errors"])
    assert row_counts() == before


def test_it_reads_the_same_file_fine_before_it_is_damaged(
    region, tmp_path: Path
) -> None:
    """The control: the undamaged builders' output imports."""
    for form in ("csv", "xlsx"):
        path = _rows_edit(lambda rows: None, form)(tmp_path, valid_rows(5))
        result = import_report_file(path, REGION, FY)
        assert result.ok, result.errors
