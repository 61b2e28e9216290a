"""The same report as xlsx and as CSV in every accepted encoding: same rows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lib.wareki import format_date_wareki
from reports.importing import import_report_file
from reports.models import AnnualReport
from reports.tests.builders import (
    FY,
    Rows,
    csv_bytes,
    csv_members,
    keys,
    stored_rows,
    valid_rows,
    write_csv_zip,
    write_xlsx,
    write_zip,
)
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def _reordered(tmp: Path, rows: Rows) -> Path:
    """English keys as headers, columns in reverse order, UTF-8 with BOM."""
    members = {
        f"{key}.csv": csv_bytes(
            list(reversed(keys(key))),
            [list(reversed(row)) for row in sheet_rows],
            encoding="utf-8-sig",
        )
        for key, sheet_rows in rows.items()
    }
    return write_zip(tmp / "reordered.zip", members)


def _folder(tmp: Path, rows: Rows) -> Path:
    folder = tmp / "folder"
    folder.mkdir()
    for name, content in csv_members(rows, encoding="cp932").items():
        (folder / name).write_bytes(content)
    return folder


_FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def _as_people_type(rows: Rows) -> Rows:
    """和暦 dates, full-width digits and thousands separators."""
    typed = {key: [list(row) for row in sheet_rows] for key, sheet_rows in rows.items()}
    for row in typed["patent_applications"]:
        row[1] = format_date_wareki(date.fromisoformat(row[1]))
        row[0] = row[0].translate(
            str.maketrans("0123456789-", "０１２３４５６７８９－")
        )
    for row in typed["activities"]:
        row[2] = "H{}.{}.{}".format(*_era_parts(row[2]))
    for row in typed["funds"]:
        row[1] = f"{int(row[1]):,}"
    return typed


def _era_parts(iso: str) -> tuple[int, int, int]:
    day = date.fromisoformat(iso)
    return day.year - 1988, day.month, day.day


FORMS = {
    "xlsx": lambda tmp, rows: write_xlsx(tmp / "r.xlsx", rows),
    "utf-8": lambda tmp, rows: write_csv_zip(tmp / "u.zip", rows),
    "utf-8 with BOM": lambda tmp, rows: write_csv_zip(
        tmp / "b.zip", rows, encoding="utf-8-sig"
    ),
    "cp932": lambda tmp, rows: write_csv_zip(tmp / "s.zip", rows, encoding="cp932"),
    "cp932, tab-separated": lambda tmp, rows: write_csv_zip(
        tmp / "t.zip", rows, encoding="cp932", delimiter="\t"
    ),
    "english keys, any order": _reordered,
    "folder of cp932 files": _folder,
    "和暦 and full-width (xlsx)": lambda tmp, rows: write_xlsx(
        tmp / "w.xlsx", _as_people_type(rows)
    ),
    "和暦 and full-width (cp932)": lambda tmp, rows: write_csv_zip(
        tmp / "w.zip", _as_people_type(rows), encoding="cp932"
    ),
}


def test_it_stores_identical_rows_whatever_the_form(tmp_path: Path) -> None:
    rows = valid_rows(40)
    stored = {}
    for index, (form, build) in enumerate(FORMS.items()):
        region = make_region(start_fy=2002)
        folder = tmp_path / str(index)
        folder.mkdir()
        result = import_report_file(build(folder, rows), region.code, FY)
        assert result.status == "imported", (form, result.errors[:3])
        assert result.warnings == [], (form, result.warnings[:3])
        report = AnnualReport.objects.get(region=region, fiscal_year=FY)
        stored[form] = stored_rows(report)
    reference = stored.pop("xlsx")
    assert len(reference["patent_applications"]) == 40
    for form, got in stored.items():
        assert got == reference, form
