"""report_template: the xlsx and CSV templates, and the sheet schema behind them."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import models
from openpyxl import load_workbook

from reports.importing import import_report_file
from reports.sheets import SHEETS, ColumnType
from reports.template import EXPLANATION_HEADERS, EXPLANATION_TITLE
from tests.factories import make_region

_FIELD_TYPES = {
    ColumnType.TEXT: models.CharField,
    ColumnType.INT: models.PositiveIntegerField,
    ColumnType.BOOL: models.BooleanField,
    ColumnType.DATE: models.DateField,
    ColumnType.ENUM: models.CharField,
    ColumnType.YEN: models.BigIntegerField,
    ColumnType.CORPORATE_NUMBER: models.CharField,
    ColumnType.PATENT_NUMBER: models.CharField,
}


@pytest.fixture
def xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "template.xlsx"
    call_command("report_template", "--format", "xlsx", "--output", str(path))
    return path


def test_it_matches_the_models_column_for_column() -> None:
    """The schema is the contract; the models must be able to hold it."""
    for sheet in SHEETS:
        for column in sheet.columns:
            field = sheet.model._meta.get_field(column.key)
            assert isinstance(field, _FIELD_TYPES[column.type]), column.key
            assert column.max_length == getattr(field, "max_length", None) or (
                column.type not in (ColumnType.TEXT,)
            ), column.key
            if column.type is ColumnType.ENUM:
                assert [v for v, _ in column.pairs()] == [v for v, _ in field.choices]
            assert column.required == (
                not field.blank and not field.null and not field.has_default()
            ), column.key


def test_it_uses_the_contract_keys() -> None:
    assert [s.key for s in SHEETS] == [
        "patent_applications",
        "commercializations",
        "participants",
        "companies",
        "joint_research",
        "activities",
        "funds",
    ]
    assert [c.key for c in SHEETS[0].columns] == [
        "application_number",
        "filed_on",
        "title",
        "applicants",
        "foreign",
    ]


def test_it_writes_one_sheet_per_kind_with_japanese_labels(xlsx: Path) -> None:
    book = load_workbook(xlsx)
    assert book.sheetnames == [EXPLANATION_TITLE, *(s.name_ja for s in SHEETS)]
    for sheet in SHEETS:
        ws = book[sheet.name_ja]
        assert [c.value for c in ws[1]] == [c.label_ja for c in sheet.columns]
        assert ws.freeze_panes == "A2"
        assert ws.max_row == 1


def test_it_explains_every_column(xlsx: Path) -> None:
    ws = load_workbook(xlsx)[EXPLANATION_TITLE]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header_at = rows.index(list(EXPLANATION_HEADERS))
    explained = {(r[1], r[3]): r for r in rows[header_at + 1 :]}
    for sheet in SHEETS:
        for column in sheet.columns:
            row = explained[(sheet.key, column.key)]
            assert column.type.value in row[4]
            assert (row[5] == "必須") == column.required
    assert "商品化（product）" in explained[("commercializations", "kind")][6]


def test_it_offers_drop_downs_for_enumerations_and_yes_no(xlsx: Path) -> None:
    ws = load_workbook(xlsx)["活動"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    assert lists["A2:A100001"] == (
        '"フォーラム,合同成果発表会,インターンシップ,MOT講座,国際交流,理解増進,'
        '関係府省連携プロジェクト"'
    )
    patents = load_workbook(xlsx)["特許出願"]
    formulas = [dv.formula1 for dv in patents.data_validations.dataValidation]
    assert formulas == ['"はい,いいえ"']


def test_it_writes_a_csv_zip_and_a_csv_folder(tmp_path: Path) -> None:
    call_command(
        "report_template", "--format", "csv", "--output", str(tmp_path / "t.zip")
    )
    call_command("report_template", "--format", "csv", "--output", str(tmp_path / "t"))
    with zipfile.ZipFile(tmp_path / "t.zip") as archive:
        names = sorted(archive.namelist())
        content = archive.read("funds.csv")
    assert names == sorted([f"{s.key}.csv" for s in SHEETS] + ["explanation.csv"])
    assert content.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert header == ["財源", "金額（円）"]
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == names


@pytest.mark.django_db
@pytest.mark.parametrize("form", ["xlsx", "zip", "folder"])
def test_it_imports_an_empty_template_as_an_empty_report(
    tmp_path: Path, form: str
) -> None:
    region = make_region(start_fy=2004)
    path = tmp_path / {"xlsx": "t.xlsx", "zip": "t.zip", "folder": "t"}[form]
    call_command(
        "report_template",
        "--format",
        "xlsx" if form == "xlsx" else "csv",
        "--output",
        str(path),
    )
    result = import_report_file(path, region.code, 2004)
    assert result.status == "imported", result.errors
    assert result.warnings == []
    assert set(result.counts.values()) == {0}
