"""lib.tables and lib.xlsx: streaming readers for uploaded xlsx and CSV files."""

from __future__ import annotations

import csv
import io
import tracemalloc
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lib.tables import (
    MAX_CELL_CHARS,
    UNLABELLED,
    CellErrorValue,
    Formula,
    Oversized,
    TableError,
    ZipLimits,
    match_header,
    normalize_header,
    open_tables,
    read_records,
)
from lib.tests._settings import PROPERTY

ALIASES = {"name": "name", "名前": "name", "count": "count", "件数": "count"}


def _rows(path: Path, sheet: str | None = None) -> list[tuple[int, list[object]]]:
    source = open_tables(path)
    try:
        name = sheet or source.sheet_names()[0]
        return [(number, list(cells)) for number, cells in source.rows(name)]
    finally:
        source.close()


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def _csv(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


# --- headers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("出願番号", "出願番号"),
        (" 出願 番号\u3000", "出願番号"),
        ("金額（円）", "金額(円)"),
        ("Application_Number", "application_number"),
        ("ｎａｍｅ", "name"),
        ("出願番号*", "出願番号"),
        (None, ""),
        (2004, "2004"),
    ],
)
def test_it_normalises_headers(raw: object, expected: str) -> None:
    assert normalize_header(raw) == expected


def test_it_matches_headers_in_any_order_and_reports_the_rest() -> None:
    header = match_header(["件数", None, "備考", "名前", "NAME"], ALIASES, ["name"])
    assert header.keys == ("count", None, None, "name", None)
    assert header.unknown == ((3, "備考"),)
    assert header.duplicated == ((5, "NAME"),)
    assert header.missing == ()
    assert header.blank == (1,)


def test_it_lists_missing_required_columns() -> None:
    assert match_header(["件数"], ALIASES, ["name", "count"]).missing == ("name",)


def test_it_yields_records_skipping_blank_rows_and_flagging_stray_values() -> None:
    rows = iter(
        [
            (1, ["名前", "件数", None]),
            (2, ["a", "1"]),
            (3, ["", "  ", None]),
            (4, ["b", "2", "extra", "more"]),
        ]
    )
    header, records = read_records(rows, ALIASES, ["name"])
    assert header.missing == ()
    got = list(records)
    assert got[0] == (2, {"name": "a", "count": "1"})
    assert got[1][0] == 4
    assert got[1][1][UNLABELLED] == [(3, "extra"), (4, "more")]


def test_it_treats_an_empty_sheet_as_missing_every_column() -> None:
    header, records = read_records(iter([]), ALIASES, ["name", "count"])
    assert header.missing == ("name", "count")
    assert list(records) == []


# --- file formats --------------------------------------------------------------


def test_it_rejects_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / "r.xlsx").write_bytes(b"")
    with pytest.raises(TableError) as caught:
        open_tables(tmp_path / "r.xlsx")
    assert caught.value.code == "file.empty"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("r.xlsx", b"name,count\na,1\n", "file.unknown_format"),
        ("r.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0", "file.unknown_format"),
        ("r.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "file.legacy_xls"),
        ("r.csv", b"name,count\na,1\n", "file.single_csv"),
        ("r.xlsx", b"PK\x03\x04broken", "file.bad_zip"),
    ],
)
def test_it_names_what_is_wrong_with_a_file(
    tmp_path: Path, name: str, content: bytes, code: str
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(TableError) as caught:
        open_tables(tmp_path / name)
    assert caught.value.code == code
    assert caught.value.message_ja and caught.value.message_en


def test_it_refuses_a_zip_bomb_before_inflating_it(tmp_path: Path) -> None:
    path = _zip(tmp_path / "bomb.zip", {"patents.csv": b"0" * (20 << 20)})
    with pytest.raises(TableError) as caught:
        open_tables(path)
    assert caught.value.code == "zip.ratio"


def test_it_refuses_archives_over_the_total_size(tmp_path: Path) -> None:
    path = _zip(tmp_path / "big.zip", {f"{i}.csv": b"a,b\n" * 300 for i in range(3)})
    with pytest.raises(TableError) as caught:
        open_tables(path, ZipLimits(max_total_bytes=2_000))
    assert caught.value.code == "zip.too_large"


def test_it_refuses_archives_with_too_many_members(tmp_path: Path) -> None:
    path = _zip(tmp_path / "many.zip", {f"{i}.csv": b"a\n" for i in range(5)})
    with pytest.raises(TableError) as caught:
        open_tables(path, ZipLimits(max_members=4))
    assert caught.value.code == "zip.too_many_members"


# --- CSV ---------------------------------------------------------------------

ROWS = [["名前", "件数"], ["株式会社テスト", "1,234"], ["ＡＢＣ工業", "５"]]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [
        ("utf-8", ","),
        ("utf-8-sig", ","),
        ("cp932", ","),
        ("utf-8", "\t"),
        ("cp932", "\t"),
    ],
)
def test_it_reads_csv_as_excel_writes_it(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = _zip(tmp_path / "r.zip", {"sheet.csv": _csv(ROWS, encoding, delimiter)})
    assert _rows(path) == [(i, row) for i, row in enumerate(ROWS, start=1)]


def test_it_reads_a_folder_of_csv_files(tmp_path: Path) -> None:
    (tmp_path / "sheet.csv").write_bytes(_csv(ROWS, "cp932"))
    (tmp_path / "notes.md").write_text("ignored")
    source = open_tables(tmp_path)
    assert source.sheet_names() == ["sheet"]
    assert [list(cells) for _, cells in source.rows("sheet")] == ROWS


def test_it_reads_cp932_member_names_from_windows_zips(tmp_path: Path) -> None:
    """Windows' built-in zip stores CP932 names without the UTF-8 flag."""
    name = "特許出願.csv".encode("cp932")
    placeholder = b"X" * (len(name) - 4) + b".csv"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(placeholder.decode(), _csv(ROWS, "cp932"))
    path = tmp_path / "r.zip"
    path.write_bytes(buffer.getvalue().replace(placeholder, name))
    assert open_tables(path).sheet_names() == ["特許出願"]


def test_it_refuses_utf16(tmp_path: Path) -> None:
    path = _zip(tmp_path / "r.zip", {"sheet.csv": _csv(ROWS, "utf-16")})
    with pytest.raises(TableError) as caught:
        _rows(path)
    assert caught.value.code == "encoding.utf16"
    assert caught.value.sheet == "sheet"


def test_it_names_the_line_with_bytes_of_no_known_encoding(tmp_path: Path) -> None:
    content = _csv(ROWS, "cp932") + b"\xff\xfe\x81,1\r\n"
    path = _zip(tmp_path / "r.zip", {"sheet.csv": content})
    with pytest.raises(TableError) as caught:
        _rows(path)
    assert caught.value.code == "encoding.unknown"
    assert caught.value.row == 4


def test_it_replaces_an_oversized_csv_cell_by_a_marker(tmp_path: Path) -> None:
    rows = [["名前", "件数"], ["x" * (MAX_CELL_CHARS + 1), "1"]]
    path = _zip(tmp_path / "r.zip", {"sheet.csv": _csv(rows)})
    cell = _rows(path)[1][1][0]
    assert isinstance(cell, Oversized)
    assert cell.length == MAX_CELL_CHARS + 1


def test_it_stops_at_a_cell_larger_than_csv_can_hold(tmp_path: Path) -> None:
    rows = [["名前", "件数"], ["a", "1"], ["x" * 200_000, "1"]]
    path = _zip(tmp_path / "r.zip", {"sheet.csv": _csv(rows)})
    with pytest.raises(TableError) as caught:
        _rows(path)
    assert caught.value.code == "csv.malformed"
    assert caught.value.row == 3


@settings(PROPERTY, max_examples=50)
@given(
    st.lists(
        st.lists(
            st.text(
                st.characters(
                    codec="cp932",
                    exclude_categories=("Cs", "Co", "Cc"),
                    # CP932 maps these to look-alikes that do not round-trip.
                    exclude_characters="¢£¬‖−〜",
                ),
                max_size=12,
            ),
            min_size=2,
            max_size=2,
        ),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["utf-8", "utf-8-sig", "cp932"]),
)
def test_it_reads_back_whatever_excel_could_write(
    rows: list[list[str]], encoding: str
) -> None:
    header = [["名前", "件数"]]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("sheet.csv", _csv(header + rows, encoding))
    source = open_tables(_write_temp(buffer.getvalue()))
    got = [list(cells) for _, cells in source.rows("sheet")]
    expected = [row for row in header + rows]
    assert _without_blank_lines(got) == _without_blank_lines(expected)


def _write_temp(content: bytes) -> Path:
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)
    handle.write(content)
    handle.close()
    return Path(handle.name)


def _without_blank_lines(rows: list[list[str]]) -> list[list[str]]:
    """csv writes an all-empty row as a line that reads back as []."""
    return [row for row in rows if any(row)]


# --- xlsx --------------------------------------------------------------------------


def test_it_reads_xlsx_cells_with_their_types(tmp_path: Path) -> None:
    book = Workbook()
    ws = book.active
    ws.title = "特許出願"
    ws.append(["出願番号", "出願日", "件数", "外国", "計"])
    ws.append(["特願2004-1", datetime(2004, 4, 1), 3, True, "=C2*2"])
    ws.append([None, None, 1.5, False, None])
    ws["E3"] = "#N/A"
    ws["E3"].data_type = "e"
    book.save(tmp_path / "r.xlsx")
    rows = _rows(tmp_path / "r.xlsx", "特許出願")
    assert rows[0] == (1, ["出願番号", "出願日", "件数", "外国", "計"])
    assert rows[1][1][:4] == ["特願2004-1", datetime(2004, 4, 1), 3, True]
    assert isinstance(rows[1][1][4], Formula) and rows[1][1][4] == "=C2*2"
    assert rows[2][1][2:4] == [1.5, False]
    assert isinstance(rows[2][1][4], CellErrorValue)


def test_it_replaces_an_oversized_xlsx_cell_by_a_marker(tmp_path: Path) -> None:
    """openpyxl and Excel stop at 32,767 characters; other tools may not."""
    text = "x" * (MAX_CELL_CHARS + 5)
    sheet = f'<row r="2"><c r="B2" t="inlineStr"><is><t>{text}</t></is></c></row>'
    strings = f"<si><t>{text}</t></si>"
    sheet += '<row r="3"><c r="A3" t="s"><v>0</v></c></row>'
    path = _zip(tmp_path / "r.xlsx", _package(sheet, strings))
    rows = _rows(path)
    assert [number for number, _ in rows] == [2, 3]
    assert rows[0][1][0] is None
    assert isinstance(rows[0][1][1], Oversized)
    assert isinstance(rows[1][1][0], Oversized)
    assert rows[1][1][0].length == MAX_CELL_CHARS + 5


def _package(sheet_xml: str, strings_xml: str | None = None, *, date1904=False) -> dict:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    rels = [
        f'<Relationship Id="rId1" Type="{rel}/worksheet" '
        'Target="worksheets/sheet1.xml"/>',
        f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>',
    ]
    if strings_xml is not None:
        rels.append(
            f'<Relationship Id="rId3" Type="{rel}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}">'
        f'<workbookPr date1904="{int(date1904)}"/>'
        '<sheets><sheet name="活動" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}">'
        + "".join(rels)
        + "</Relationships>",
        "xl/styles.xml": f'<styleSheet xmlns="{main}"><numFmts count="1">'
        '<numFmt numFmtId="176" '
        'formatCode="ggge&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/>'
        '<xf numFmtId="176"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>'
        + sheet_xml
        + "</sheetData></worksheet>",
    }
    if strings_xml is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{main}">{strings_xml}</sst>'
    return {name: text.encode() for name, text in parts.items()}


def test_it_reads_shared_strings_without_their_furigana(tmp_path: Path) -> None:
    strings = (
        "<si><t>名称</t></si>"
        "<si><r><t>株式会社</t></r><r><t>テスト</t></r>"
        '<rPh sb="0" eb="4"><t>カブシキガイシャ</t></rPh></si>'
    )
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr">'
        "<is><t>日付</t></is></c></row>"
        '<row r="3"><c r="A3" t="s"><v>1</v></c>'
        '<c r="B3" s="1"><v>38078</v></c><c r="C3" s="2"><v>38078</v></c></row>'
    )
    path = _zip(tmp_path / "r.xlsx", _package(sheet, strings))
    assert _rows(path) == [
        (1, ["名称", None, "日付"]),
        (3, ["株式会社テスト", datetime(2004, 4, 1), datetime(2004, 4, 1)]),
    ]


def test_it_honours_the_1904_date_system(tmp_path: Path) -> None:
    sheet = '<row r="1"><c r="A1" s="1"><v>36616</v></c></row>'
    path = _zip(tmp_path / "r.xlsx", _package(sheet, date1904=True))
    assert _rows(path) == [(1, [datetime(2004, 4, 1)])]


def test_it_refuses_xml_with_a_doctype(tmp_path: Path) -> None:
    parts = _package(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>'
    )
    parts["xl/worksheets/sheet1.xml"] = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
        + parts["xl/worksheets/sheet1.xml"]
    )
    path = _zip(tmp_path / "r.xlsx", parts)
    with pytest.raises(TableError) as caught:
        _rows(path)
    assert caught.value.code == "file.bad_xlsx"


def test_it_reports_a_damaged_worksheet(tmp_path: Path) -> None:
    parts = _package('<row r="1"><c r="A1"><v>1</v></c></row>')
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-20]
    path = _zip(tmp_path / "r.xlsx", parts)
    with pytest.raises(TableError) as caught:
        _rows(path)
    assert caught.value.sheet == "活動"


def test_it_streams_a_large_sheet_in_bounded_memory(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet("s")
    for i in range(10_000):
        ws.append([f"特願2004-{i}", f"発明の名称 {i}", i])
    book.save(tmp_path / "r.xlsx")
    source = open_tables(tmp_path / "r.xlsx")
    tracemalloc.start()
    count = sum(1 for _ in source.rows("s"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 10_000
    # The rows held as Python objects would take about 3 MB.
    assert peak < 1024 * 1024
