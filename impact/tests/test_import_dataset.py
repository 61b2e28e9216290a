"""Comparison datasets: all-or-nothing import with provenance."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from audit.models import AuditEntry
from impact.importing import ImportRejected
from impact.models import ComparisonDataset, ComparisonValue
from impact.services import import_dataset

RETRIEVED = datetime.date(2026, 12, 1)


def _import(path: Path, **overrides: object) -> ComparisonDataset:
    values: dict[str, object] = {
        "key": "test-patents",
        "title": "テスト（合成）",
        "outcome": "patent_applications",
        "source_url": "https://example.org/table.csv",
        "retrieved_on": RETRIEVED,
        "provenance": "テスト用の合成データ",
        "synthetic": True,
    }
    values.update(overrides)
    return import_dataset(path, **values)  # type: ignore[arg-type]


def test_it_imports_csv_with_japanese_headers_and_provenance(db, tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "単位コード,単位名,年度,値\n01,北海道,H14,12\n01,北海道,2003,13.5\n"
    )
    dataset = _import(path)
    assert list(dataset.values.values_list("fiscal_year", "value")) == [
        (2002, 12.0), (2003, 13.5),
    ]  # fmt: skip
    assert dataset.source_url == "https://example.org/table.csv"
    assert dataset.retrieved_on == RETRIEVED
    assert len(dataset.file_sha256) == 64
    assert dataset.file_name == "t.csv"
    assert AuditEntry.objects.filter(object_repr__startswith="テスト").exists()


def test_it_imports_xlsx(db, tmp_path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["unit_code", "fiscal_year", "value"])
    sheet.append(["13", 2004, 99])
    path = tmp_path / "t.xlsx"
    book.save(path)
    assert _import(path).values.get().value == 99.0


def test_it_lists_every_bad_row_and_writes_nothing(db, tmp_path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("unit_code,fiscal_year,value\n01,2002,1\n")
    _import(good)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "unit_code,fiscal_year,value\n01,2002,1\n01,2002,2\n,2003,1\n02,令和X,1\n03,2004,abc\n"
    )
    with pytest.raises(ImportRejected) as caught:
        _import(bad, title="変更後")
    errors = caught.value.errors
    assert [e.split("行目")[0] for e in errors] == ["3", "4", "5", "6"]
    assert "重複" in errors[0]
    assert "数値ではありません" in errors[3]
    dataset = ComparisonDataset.objects.get()
    assert dataset.title == "テスト（合成）"
    assert ComparisonValue.objects.count() == 1


def test_it_refuses_missing_columns(db, tmp_path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("unit_code,value\n01,1\n")
    with pytest.raises(ImportRejected) as caught:
        _import(path)
    assert "年度" in caught.value.errors[0]
    assert not ComparisonDataset.objects.exists()


def test_it_replaces_an_earlier_import_of_the_same_key(db, tmp_path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("unit_code,fiscal_year,value\n01,2002,1\n01,2003,2\n")
    second = tmp_path / "b.csv"
    second.write_text("unit_code,fiscal_year,value\n02,2002,5\n")
    _import(first)
    dataset = _import(second)
    assert list(dataset.values.values_list("unit_code", flat=True)) == ["02"]
    assert ComparisonDataset.objects.count() == 1


def _command(path: Path, *extra: str) -> str:
    out = StringIO()
    call_command(
        "import_comparison", str(path), "--key", "cmd", "--title", "コマンド",
        "--outcome", "joint_research", "--retrieved-on", "2026-12-01",
        "--provenance", "テスト", *extra, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def test_the_command_imports_and_refuses_all_or_nothing(db, tmp_path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("unit_code,fiscal_year,value\n01,2002,1\n02,2002,2\n")
    assert "2行" in _command(good, "--source-url", "https://example.org/x")
    bad = tmp_path / "bad.csv"
    bad.write_text("unit_code,fiscal_year,value\n01,2002,x\n02,2002,y\n")
    with pytest.raises(CommandError) as caught:
        _command(bad)
    assert caught.value.returncode == 1
    assert "2行目" in str(caught.value) and "3行目" in str(caught.value)
    assert ComparisonValue.objects.count() == 2
