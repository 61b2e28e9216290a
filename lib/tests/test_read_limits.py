"""lib.limits through the readers: each bound is refused with its code, the
place and a Japanese message, before the reader's memory grows."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from lib.limits import DEFAULT_LIMITS, ReadLimits, describe
from lib.tables import TableError, check_row_counts, open_tables
from lib.tests.test_tables import _package, _zip

HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>名称</t></is></c></row>'


def _sheet_rows(tmp_path: Path, rows: str, limits: ReadLimits = DEFAULT_LIMITS) -> list:
    path = _zip(tmp_path / "r.xlsx", _package(HEADER + rows))
    source = open_tables(path, limits)
    try:
        return list(source.rows("活動", limits))
    finally:
        source.close()


@pytest.mark.parametrize("ref", ["ZZZZZZ2", "ZZZZZZZZ2", "CA2"])
def test_it_refuses_a_cell_beyond_the_column_limit(tmp_path: Path, ref: str) -> None:
    with pytest.raises(TableError) as caught:
        _sheet_rows(tmp_path, f'<row r="2"><c r="{ref}"><v>1</v></c></row>')
    error = caught.value
    assert (error.code, error.row, error.column) == ("limit.columns", 2, ref)
    assert "1シートの列数の上限（64）" in error.message_ja


def test_it_narrows_the_columns_to_the_template_width(tmp_path: Path) -> None:
    limits = DEFAULT_LIMITS.for_width(5)
    assert limits.max_columns == 25
    assert (
        len(_sheet_rows(tmp_path, '<row r="2"><c r="Y2"><v>1</v></c></row>', limits))
        == 2
    )
    with pytest.raises(TableError) as caught:
        _sheet_rows(tmp_path, '<row r="2"><c r="Z2"><v>1</v></c></row>', limits)
    assert caught.value.code == "limit.columns"


def test_it_counts_cells_without_references(tmp_path: Path) -> None:
    with pytest.raises(TableError) as caught:
        _sheet_rows(tmp_path, '<row r="2">' + "<c><v>1</v></c>" * 65 + "</row>")
    assert caught.value.code == "limit.columns"


def test_it_stops_at_the_row_limit_while_streaming(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 12)
    )
    limits = ReadLimits(max_rows=5)
    with pytest.raises(TableError) as caught:
        _sheet_rows(tmp_path, rows, limits)
    assert (caught.value.code, caught.value.row) == ("limit.rows", 6)


def test_it_counts_rows_before_reading_them(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(2, 12)
    )
    path = _zip(tmp_path / "r.xlsx", _package(HEADER + rows))
    source = open_tables(path)
    assert source.count_rows("活動", 100) == 11
    with pytest.raises(TableError) as caught:
        check_row_counts(source, ["活動"], ReadLimits(max_rows=10))
    source.close()
    assert caught.value.code == "limit.rows"


def test_it_keeps_only_the_length_of_a_huge_cell(tmp_path: Path) -> None:
    text = "x" * 100_000
    rows = _sheet_rows(
        tmp_path,
        f'<row r="2"><!-- x --><c r="A2" t="inlineStr"><is><t>{text}</t></is></c>'
        "</row>",
    )
    assert rows[1][1][0].length == 100_000
    assert len(rows[1][1][0].head) == 20


def test_it_refuses_too_many_shared_strings(tmp_path: Path) -> None:
    strings = "".join(f"<si><t>s{i}</t></si>" for i in range(20))
    path = _zip(
        tmp_path / "r.xlsx",
        _package('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', strings),
    )
    source = open_tables(path, ReadLimits(max_shared_strings=10))
    with pytest.raises(TableError) as caught:
        list(source.rows("活動"))
    source.close()
    assert caught.value.code == "limit.shared_strings"


def test_it_refuses_deep_nesting(tmp_path: Path) -> None:
    parts = _package(HEADER)
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", b"</sheetData>" + b"<x>" * 100 + b"</x>" * 100
    )
    source = open_tables(_zip(tmp_path / "r.xlsx", parts))
    with pytest.raises(TableError) as caught:
        list(source.rows("活動"))
    source.close()
    assert caught.value.code == "limit.xml_depth"


def test_it_reads_a_number_of_5000_digits_as_infinity(tmp_path: Path) -> None:
    rows = _sheet_rows(tmp_path, f'<row r="2"><c r="A2"><v>{"9" * 5_000}</v></c></row>')
    assert rows[1][1][0] == float("inf")


def _csv_zip(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "r.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("funds.csv", content)
    return path


def test_it_checks_every_line_of_a_file_with_a_bom(tmp_path: Path) -> None:
    content = codecs.BOM_UTF8 + "区分,金額\r\n".encode() + "国,1\r\n".encode("cp932")
    source = open_tables(_csv_zip(tmp_path, content))
    with pytest.raises(TableError) as caught:
        list(source.rows("funds"))
    assert (caught.value.code, caught.value.row) == ("encoding.bad_utf8", 2)


def test_it_refuses_an_endless_csv_line(tmp_path: Path) -> None:
    source = open_tables(_csv_zip(tmp_path, b"a,b\r\n" + b"," * 50_000))
    limits = ReadLimits(max_csv_line_chars=10_000)
    with pytest.raises(TableError) as caught:
        list(source.rows("funds", limits))
    assert (caught.value.code, caught.value.row) == ("limit.csv_line", 2)


def test_it_refuses_a_corrupt_member_as_a_damaged_file(tmp_path: Path) -> None:
    path = _csv_zip(tmp_path, b"a,b\r\n" * 1000)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("funds.csv")
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename)
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    source = open_tables(path)
    with pytest.raises(TableError) as caught:
        list(source.rows("funds"))
    assert caught.value.code == "file.damaged"


def test_it_words_every_limit_in_japanese() -> None:
    ja, en = describe("limit.rows", 250_001, "シート「資金」", "sheet 'funds'")
    assert ja.startswith("シート「資金」で1シートの行数の上限（250,001）を超えました")
    assert "rows per sheet (250,001)" in en
