"""lib.xlsx: the regex fast path reads exactly what expat alone would read.

The fast path takes only rows (and shared strings) of the common shape; the
rest goes to expat. These tests mix both shapes in one sheet and compare the
result with a reading by expat alone, and check that damage inside a row that
looks fast is still refused.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from lib.tables import CellErrorValue, Formula, TableError
from lib.tests.test_tables import _package, _rows, _zip
from lib.xlsx import XlsxReader, _feed, _parser, _SheetHandler

MIXED_ROWS = (
    '<row r="1" spans="1:3"><c r="A1" t="inlineStr"><is><t>見出し</t></is></c>'
    '<c r="C1" t="s"><v>0</v></c></row>\r\n'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>A&amp;B &#x4E00;</t></is></c>'
    '<c r="B2"><f>SUM(C2:C3)</f><v>3</v></c></row>'
    "<!-- a comment between rows -->"
    '<row r="3"><c r="A3" s="1"><v>38078</v></c><c r="B3" t="b"><v>1</v></c>'
    '<c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="str"><v>text</v></c></row>'
    "\n  "
    '<row><c r="B4" t="inlineStr"><is><r><t>rich </t></r><r><t>text</t></r></is>'
    "</c></row>"
    '<row r="6"><c t="inlineStr"><is><t>no ref</t></is></c><c><v>2.5</v></c></row>'
    '<row r="7" ht="20" customHeight="1"/>'
    '<row r="8"><c r="A8" t="s"><v>1</v></c><c r="B8" t="inlineStr"/>'
    '<c r="C8" t="d"><v>2004-04-01T00:00:00</v></c><c r="AA8"><v>-7</v></c></row>'
    '<row r="9"><c r="A9" t="inlineStr"><is><t xml:space="preserve"> two\nlines </t>'
    "</is></c></row>"
)
STRINGS = (
    "<si><t>名称</t></si>"
    '<si><t>株式会社</t><rPh sb="0" eb="4"><t>カブシキガイシャ</t></rPh>'
    '<phoneticPr fontId="1"/></si>'
)


def _expat_only(path: Path) -> list[tuple[int, list[object]]]:
    """The rows as the plain expat handler reads them, with no fast path."""
    with zipfile.ZipFile(path) as archive:
        reader = XlsxReader(archive, 32_767)
        handler = _SheetHandler(reader._shared_strings(), reader._date_styles, reader)
        parser = handler.attach(_parser())
        found: list[tuple[int, list[object]]] = []
        with archive.open("xl/worksheets/sheet1.xml") as stream:
            for _ in _feed(parser, stream):
                found.extend(handler.take())
    return found


def test_fast_and_expat_readings_agree_on_a_mixed_sheet(tmp_path: Path) -> None:
    path = _zip(tmp_path / "r.xlsx", _package(MIXED_ROWS, STRINGS))
    rows = _rows(path)
    assert rows == _expat_only(path)
    assert [number for number, _ in rows] == [1, 2, 3, 4, 6, 7, 8, 9]
    assert rows[0][1] == ["見出し", None, "名称"]
    assert rows[1][1][0] == "A&B 一"
    assert isinstance(rows[1][1][1], Formula)
    assert rows[2][1][:3] == [datetime(2004, 4, 1), True, None]
    assert isinstance(rows[2][1][3], CellErrorValue)
    assert rows[3][1] == [None, "rich text"]
    assert rows[4][1] == ["no ref", 2.5]
    assert rows[5][1] == []
    assert rows[6][1][:3] == ["株式会社", "", datetime(2004, 4, 1)]
    assert rows[6][1][26] == -7 and len(rows[6][1]) == 27
    assert rows[7][1] == [" two\nlines "]


def test_prefixed_elements_are_read_by_expat(tmp_path: Path) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    parts = _package("")
    parts["xl/worksheets/sheet1.xml"] = (
        f'<x:worksheet xmlns:x="{main}"><x:sheetData>'
        '<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:t>前</x:t></x:is></x:c>'
        "</x:row>"
        '<row r="2"><c r="A2"><v>1</v></c></row>'
        "</x:sheetData></x:worksheet>"
    ).encode()
    path = _zip(tmp_path / "r.xlsx", parts)
    assert _rows(path) == _expat_only(path) == [(1, [None, "前"]), (2, [1])]


@pytest.mark.parametrize(
    "bad_row",
    [
        '<row r="2"><c r="A2"><v>1</v></row>',
        '<row r="2"><c r="A2"><v>1</v></c><bogus></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&undefined;</t></is></c></row>',
        '<row r="2 ><c r="A2"><v>1</v></c></row>',
    ],
)
def test_damage_inside_a_row_is_still_refused(tmp_path: Path, bad_row: str) -> None:
    sheet = '<row r="1"><c r="A1"><v>1</v></c></row>' + bad_row
    path = _zip(tmp_path / "r.xlsx", _package(sheet))
    with pytest.raises(TableError) as caught:
        _rows(path)
    assert caught.value.code == "file.bad_xlsx"


def test_many_rows_across_chunk_boundaries_agree(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>名前{i}'
        f"{'&amp;' if i % 97 == 0 else ''}</t></is></c>"
        f'<c r="C{i}"><v>{i}</v></c></row>'
        for i in range(1, 5_001)
    )
    path = _zip(tmp_path / "r.xlsx", _package(rows))
    found = _rows(path)
    assert found == _expat_only(path)
    assert len(found) == 5_000 and found[96][1] == ["名前97&", None, 97]


def test_rows_inside_a_comment_are_not_read(tmp_path: Path) -> None:
    """A comment can hide a close tag and a whole row; expat reads on from there."""
    sheet = (
        '<row r="1"><c r="A1"><v>1</v></c></row><!-- x</row>'
        '<row r="2"><c r="A2"><v>2</v></c></row> -->'
        '<row r="3"><c r="A3"><v>3</v></c></row>'
    )
    path = _zip(tmp_path / "r.xlsx", _package(sheet))
    assert _rows(path) == _expat_only(path) == [(1, [1]), (3, [3])]


def test_rows_after_a_comment_across_chunks_keep_their_order(tmp_path: Path) -> None:
    rows = "".join(
        f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>'
        + ("<!-- note -->" if i == 10 else "")
        for i in range(1, 8_001)
    )
    path = _zip(tmp_path / "r.xlsx", _package(rows))
    found = _rows(path)
    assert found == _expat_only(path)
    assert [number for number, _ in found] == list(range(1, 8_001))
