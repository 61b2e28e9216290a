"""Formula injection: risky text gets a quote, everything else is unchanged."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from lib.csv_safety import (
    FORMULA_PREFIXES,
    csv_bytes,
    keep_as_text,
    neutralise_cell,
    neutralise_row,
    put_text,
)
from lib.tests._settings import PROPERTY


@pytest.mark.parametrize(
    "value", ["=1+1", "+81-3", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd", "=HYPERLINK()"]
)
def test_it_quotes_text_that_would_run_as_a_formula(value: str) -> None:
    assert neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-5, 3.5, None, True, "札幌", "a=b", "", "'=x"])
def test_it_leaves_numbers_and_harmless_text_alone(value: object) -> None:
    assert neutralise_cell(value) == value


def test_it_neutralises_a_whole_row() -> None:
    assert neutralise_row(["=x", 1, "ok"]) == ["'=x", 1, "ok"]


@PROPERTY
@given(st.text())
def test_it_never_leaves_a_formula_prefix_at_the_start(text: str) -> None:
    result = neutralise_cell(text)
    assert not result.startswith(FORMULA_PREFIXES)
    assert result.endswith(text)


# --- the one writer ------------------------------------------------------------


def test_the_writer_starts_with_a_bom_and_ends_lines_with_crlf() -> None:
    data = csv_bytes([["札幌", 1]], ["name", "n"])
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig") == "name,n\r\n札幌,1\r\n"


def test_the_writer_defuses_formulas_and_empties_none() -> None:
    data = csv_bytes([["=HYPERLINK(1)", None, -5]], bom=False)
    assert list(csv.reader(io.StringIO(data.decode()))) == [
        ["'=HYPERLINK(1)", "", "-5"]
    ]


@pytest.mark.parametrize(
    ("value", "written"),
    [("6-2-1", "#6-2-1"), ("2004/1/2", "#2004/1/2"), ("0123", "#0123"),
     ("1.5", "#1.5"), ("kc-sapporo", "kc-sapporo"), ("KC", "KC"), ("", "")],
)  # fmt: skip
def test_ids_a_spreadsheet_would_convert_are_marked_as_text(
    value: str, written: str
) -> None:
    assert keep_as_text(value) == written
    data = csv_bytes([[value, value]], ["id", "other"], text_columns=["id"])
    assert data.decode("utf-8-sig").splitlines()[1] == f"{written},{value}"


def test_xlsx_text_never_becomes_a_formula(tmp_path: Path) -> None:
    book = Workbook()
    put_text(book.active["A1"], '=HYPERLINK("http://x")')
    put_text(book.active["A2"], "ok")
    book.save(tmp_path / "t.xlsx")
    cell = load_workbook(tmp_path / "t.xlsx").active["A1"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://x")'
