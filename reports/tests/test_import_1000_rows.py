"""Acceptance: the template filled with 1,000 rows per sheet imports exactly,
and GET /api/v1/reports/{code}/{fy} gives the same counts.

The participants sheet holds one row per sector (産・学・官), so it has 3 rows:
the model allows no more (constraint participants_unique_sector).
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from accounts.models import User
from accounts.tokens import issue_token
from reports.importing import import_report_file
from reports.models import AnnualReport
from reports.sheets import SHEETS
from reports.tests.builders import FY, stored_rows, valid_rows, write_csv_zip
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db

ROWS = 1_000


@pytest.fixture(scope="module")
def rows():  # noqa: ANN201 - Rows
    return valid_rows(ROWS)


def _filled_template(tmp_path: Path, rows) -> Path:  # noqa: ANN001
    path = tmp_path / "report.xlsx"
    call_command("report_template", "--format", "xlsx", "--output", str(path))
    book = load_workbook(path)
    for sheet in SHEETS:
        for row in rows[sheet.key]:
            book[sheet.name_ja].append(row)
    book.save(path)
    return path


def test_it_imports_the_filled_template_with_exact_counts(tmp_path: Path, rows) -> None:
    region = make_region(start_fy=2002)
    out = StringIO()
    call_command(
        "import_reports", str(_filled_template(tmp_path, rows)),
        "--region", region.code, "--fiscal-year", str(FY),
        "--format", "json", stdout=out,
    )  # fmt: skip
    payload = json.loads(out.getvalue())
    expected = {sheet.key: len(rows[sheet.key]) for sheet in SHEETS}
    assert payload["status"] == "imported"
    assert payload["counts"] == expected
    assert expected["patent_applications"] == ROWS
    report = AnnualReport.objects.get(region=region, fiscal_year=FY)
    stored = stored_rows(report)
    assert {key: len(value) for key, value in stored.items()} == expected
    for sheet in SHEETS:
        assert sheet.model.objects.count() == expected[sheet.key]
    officer = make_user(User.Role.OFFICER)
    api = Client().get(
        f"/api/v1/reports/{region.code}/{FY}",
        HTTP_AUTHORIZATION=f"Bearer {issue_token(officer).plaintext}",
    )
    assert api.status_code == 200
    assert api.json()["counts"] == expected


def test_it_gives_identical_results_from_cp932_and_utf8_bom_csv(
    tmp_path: Path, rows
) -> None:
    stored = []
    for encoding in ("cp932", "utf-8-sig"):
        region = make_region(start_fy=2002)
        path = write_csv_zip(tmp_path / f"{encoding}.zip", rows, encoding=encoding)
        result = import_report_file(path, region.code, FY)
        assert result.status == "imported", result.errors[:3]
        assert result.counts["companies"] == ROWS
        stored.append(stored_rows(AnnualReport.objects.get(region=region)))
    assert stored[0] == stored[1]
    assert len(stored[0]["activities"]) == ROWS
