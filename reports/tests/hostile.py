"""Hostile report files, built byte by byte: column and row bombs, giant
cells and string tables, damaged compression, bad encodings, numbers no
parser takes, zip tricks and files that are not reports at all.

Used by ``test_hostile_files.py`` (every file through the CLI, the API and
the web upload) and, as seeds, by ``test_import_fuzz.py``. Every file here
must be *rejected*: each carries at least one fault an import refuses. The
packages are written directly (no openpyxl) so that a 300,000-row sheet
takes a second to make, and so that the XML is exactly what a test means.
"""

from __future__ import annotations

import codecs
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

from reports.sheets import SHEETS, SHEETS_BY_KEY
from reports.tests.builders import csv_members, valid_rows

__all__ = ["HOSTILE", "Hostile", "build_all", "csv_zip_bytes", "workbook"]

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


# --- a workbook of the seven report sheets -----------------------------------


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _header(sheet_key: str) -> str:
    columns = SHEETS_BY_KEY[sheet_key].columns
    cells = "".join(
        _inline(f"{chr(65 + i)}1", c.label_ja) for i, c in enumerate(columns)
    )
    return f'<row r="1">{cells}</row>'


def workbook(
    extra: dict[str, str | Iterable[str]] | None = None,
    *,
    strings: str | Iterable[str] | None = None,
    styles: str | None = None,
    workbook_xml: str | None = None,
    tail: dict[str, str] | None = None,
    level: int = 6,
) -> bytes:
    """An xlsx of the seven sheets, each a header row plus ``extra[key]``
    (XML rows, given as one string or an iterable of pieces), with an
    optional shared-string table and sheet tails (after ``</sheetData>``)."""
    extra = extra or {}
    tail = tail or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheets = "".join(
            f'<sheet name="{s.name_ja}" sheetId="{i}" r:id="rId{i}"/>'
            for i, s in enumerate(SHEETS, start=1)
        )
        z.writestr(
            "xl/workbook.xml",
            workbook_xml
            or f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}'
            "</sheets></workbook>",
        )
        rels = [
            f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(SHEETS) + 1)
        ]
        rels.append(f'<Relationship Id="rS" Type="{_REL}/styles" Target="styles.xml"/>')
        if strings is not None:
            rels.append(
                f'<Relationship Id="rT" Type="{_REL}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
            )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}">{"".join(rels)}</Relationships>',
        )
        z.writestr(
            "xl/styles.xml",
            styles
            or f'<styleSheet xmlns="{_MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14"/></cellXfs></styleSheet>',
        )
        if strings is not None:
            _write_parts(
                z,
                "xl/sharedStrings.xml",
                [f'<sst xmlns="{_MAIN}">'],
                strings,
                ["</sst>"],
            )
        for i, sheet in enumerate(SHEETS, start=1):
            head = [f'<worksheet xmlns="{_MAIN}"><sheetData>', _header(sheet.key)]
            end = ["</sheetData>", tail.get(sheet.key, ""), "</worksheet>"]
            _write_parts(
                z, f"xl/worksheets/sheet{i}.xml", head, extra.get(sheet.key, ""), end
            )
    return buffer.getvalue()


def _write_parts(
    archive: zipfile.ZipFile,
    name: str,
    head: list[str],
    body: str | Iterable[str],
    end: list[str],
) -> None:
    with archive.open(name, "w", force_zip64=True) as out:
        for piece in head:
            out.write(piece.encode())
        if isinstance(body, str):
            out.write(body.encode())
        else:
            batch: list[str] = []
            for piece in body:
                batch.append(piece)
                if len(batch) >= 10_000:
                    out.write("".join(batch).encode())
                    batch.clear()
            out.write("".join(batch).encode())
        for piece in end:
            out.write(piece.encode())


def _rows(count: int, cell: Callable[[int], str], start: int = 2) -> Iterable[str]:
    return (f'<row r="{n}">{cell(n)}</row>' for n in range(start, start + count))


def _numbered(template: str, count: int, start: int = 2) -> Iterable[str]:
    """``template.format(n)`` for ``count`` numbers, in batches (fast)."""
    step = 50_000
    for first in range(start, start + count, step):
        last = min(first + step, start + count)
        yield "".join(map(template.format, range(first, last)))


# --- CSV zips ------------------------------------------------------------------


def csv_zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _csv_with(sheet: str, content: bytes) -> bytes:
    """The template's seven CSVs (header only), one of them replaced."""
    members = csv_members({})
    members[f"{sheet}.csv"] = content
    return csv_zip_bytes(members)


def _funds_header(encoding: str = "utf-8") -> bytes:
    labels = [c.label_ja for c in SHEETS_BY_KEY["funds"].columns]
    return (",".join(labels) + "\r\n").encode(encoding)


# --- damage to zip structures ------------------------------------------------------


def _patch_members(data: bytes, patch: Callable[[bytearray, int, bool], None]) -> bytes:
    """Apply ``patch(buffer, offset, central)`` at every local and central
    header of the zip in ``data``."""
    out = bytearray(data)
    for signature, central in ((b"PK\x03\x04", False), (b"PK\x01\x02", True)):
        at = out.find(signature)
        while at >= 0:
            patch(out, at, central)
            at = out.find(signature, at + 4)
    return bytes(out)


def _set_flag(bit: int) -> Callable[[bytearray, int, bool], None]:
    def patch(out: bytearray, at: int, central: bool) -> None:
        offset = at + (8 if central else 6)
        flags = struct.unpack_from("<H", out, offset)[0]
        struct.pack_into("<H", out, offset, flags | bit)

    return patch


def _set_method(method: int) -> Callable[[bytearray, int, bool], None]:
    def patch(out: bytearray, at: int, central: bool) -> None:
        struct.pack_into("<H", out, at + (10 if central else 8), method)

    return patch


def _declare_sizes(
    compressed: int, size: int
) -> Callable[[bytearray, int, bool], None]:
    def patch(out: bytearray, at: int, central: bool) -> None:
        if central:
            struct.pack_into("<II", out, at + 20, compressed, size)

    return patch


def _corrupt_deflate(data: bytes, member: str) -> bytes:
    """``data`` with the compressed bytes of ``member`` overwritten by junk
    that is not valid deflate (zlib.error on reading)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    out = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    # 0xff: a block of the reserved type 3, which no inflater accepts
    out[start : start + min(info.compress_size, 64)] = b"\xff" * min(
        info.compress_size, 64
    )
    return bytes(out)


def _bad_crc(data: bytes) -> bytes:
    """Every member's CRC in the central directory (the one :mod:`zipfile`
    checks) made wrong."""

    def patch(out: bytearray, at: int, central: bool) -> None:
        if central:
            value = struct.unpack_from("<I", out, at + 16)[0]
            struct.pack_into("<I", out, at + 16, value ^ 0xFFFF)

    return _patch_members(data, patch)


# --- the files -------------------------------------------------------------------


Hostile = Callable[[], bytes]


def _column_bomb(ref_letters: str) -> Hostile:
    return lambda: workbook(
        {"companies": f'<row r="2"><c r="{ref_letters}2"><v>1</v></c></row>'}
    )


def _zzzz_rows() -> bytes:
    return workbook(
        {"companies": _rows(3_000, lambda n: f'<c r="ZZZZ{n}"><v>1</v></c>')}
    )


def _wide_without_refs() -> bytes:
    cells = "<c><v>1</v></c>" * 5_000
    return workbook({"companies": f'<row r="2">{cells}</row>'})


def _huge_cell_issue() -> bytes:
    """One cell of 921 million characters in about 9 MB, inside the ratio
    guard (the issue's file). Its deflate stream is one compressed
    megabyte repeated (a full flush makes every copy identical), so making
    it costs a CRC pass, not compressing 921 MB."""
    rng = random.Random(4)
    chunk = "".join("a" * 299 + rng.choice("bcdefgh") for _ in range(3496)).encode()
    head = b'<worksheet><sheetData><row r="2"><c r="A2" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row></sheetData></worksheet>"
    packer = zlib.compressobj(1, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    repeat = 879  # 921.9 million characters
    crc = zlib.crc32(head)
    for _ in range(repeat):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * repeat + len(tail)
    data = first + block * repeat + last
    with zipfile.ZipFile(io.BytesIO(workbook())) as source:
        members = [(i.filename, source.read(i)) for i in source.infolist()]
    big = "xl/worksheets/sheet4.xml"
    return _raw_zip(
        [(n, zlib.crc32(b), len(b), _deflate(b)) for n, b in members if n != big]
        + [(big, crc, size, data)]
    )


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _raw_zip(members: list[tuple[str, int, int, bytes]]) -> bytes:
    """A zip of already deflated members: (name, CRC, size, deflated)."""
    out = io.BytesIO()
    central = []
    for name, crc, size, data in members:
        offset = out.tell()
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields))
        out.write(encoded + data)
        central.append(
            b"PK\x01\x02"
            + struct.pack(
                "<HHHHHHIIIHHHHHII",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(data),
                size,
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        b"PK\x05\x06"
        + struct.pack(
            "<HHHHIIH", 0, 0, len(central), len(central), len(directory), start, 0
        )
    )
    return out.getvalue()


def _noisy_text(size: int, seed: int = 1) -> str:
    """``size`` characters that deflate about 100× (inside the zip guard)."""
    rng = random.Random(seed)
    block = "".join(rng.choice("abcdefgh") for _ in range(4096))
    parts = []
    for _ in range(size // 4096):
        cut = rng.randrange(4096)
        parts.append(block[cut:] + block[:cut])
    return "".join(parts)


def _big_cell_within_guard() -> bytes:
    text = _noisy_text(24 << 20)
    return workbook({"companies": f'<row r="2">{_inline("A2", text)}</row>'})


def _long_cell() -> bytes:
    """A 1 MB cell: over Excel's 32,767 characters, under every other bound."""
    text = "長" * 1_000_000
    name = _inline("A2", text) + _inline("B2", "")
    return workbook({"companies": f'<row r="2">{name}</row>'})


def _huge_shared_string() -> bytes:
    text = _noisy_text(24 << 20, seed=2)
    return workbook(
        {"companies": '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'},
        strings=f"<si><t>{text}</t></si>",
    )


def _shared_strings_3m() -> bytes:
    return workbook(
        {"companies": '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'},
        strings=_numbered("<si><t>s{0}</t></si>", 3_000_000, 0),
        level=1,
    )


def _shared_chars() -> bytes:
    text = "x" * 32_000
    return workbook(
        {"companies": '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'},
        strings=(f"<si><t>{i}{text}</t></si>" for i in range(1_200)),
    )


def _too_many_rows() -> bytes:
    return workbook(
        {
            "companies": _numbered(
                '<row r="{0}"><c r="A{0}"><v>{0}</v></c></row>', 300_000
            )
        },
        level=1,
    )


def _issue_rows() -> bytes:
    """1,048,575 data rows (Excel's maximum, as in the issue)."""
    return workbook(
        {
            "funds": _numbered(
                '<row r="{0}"><c r="B{0}"><v>{0}</v></c></row>', 1_048_575
            )
        },
        level=1,
    )


def _file_rows() -> bytes:
    rows = {
        key: _numbered('<row r="{0}"><c r="B{0}"><v>{0}</v></c></row>', 200_000)
        for key in ("companies", "funds", "participants")
    }
    return workbook(rows, level=1)


def _deep_sheet() -> bytes:
    return workbook({}, tail={"companies": "<x>" * 100_000 + "</x>" * 100_000})


def _deep_styles() -> bytes:
    depth = 100_000
    return workbook(
        {},
        styles=f'<styleSheet xmlns="{_MAIN}">'
        + "<x>" * depth
        + "</x>" * depth
        + "</styleSheet>",
    )


def _many_elements() -> bytes:
    sheets = "".join(
        f'<sheet name="{s.name_ja}" sheetId="{i}" r:id="rId{i}"/>'
        for i, s in enumerate(SHEETS, start=1)
    )
    names = "<definedName name='n'>A1</definedName>" * 300_000
    return workbook(
        workbook_xml=f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheets}'
        f"</sheets><definedNames>{names}</definedNames></workbook>"
    )


def _giant_attribute() -> bytes:
    junk = _noisy_text(20 << 20, seed=3)
    return workbook(
        {"companies": f'<row r="2"><c r="A2" x="{junk}"><v>1</v></c></row>'}
    )


def _billion_laughs() -> bytes:
    data = workbook({"companies": '<row r="2"><c r="A2"><v>1</v></c></row>'})
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&lol3;</t></is></c></row></sheetData></worksheet>"
    )
    return _replace_member(data, "xl/worksheets/sheet4.xml", lol.encode())


def _external_entity() -> bytes:
    data = workbook()
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        "<is><t>&e;</t></is></c></row></sheetData></worksheet>"
    )
    return _replace_member(data, "xl/worksheets/sheet1.xml", xxe.encode())


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            body = content if info.filename == name else source.read(info)
            target.writestr(info.filename, body)
    return buffer.getvalue()


def _formula() -> bytes:
    cells = _inline("A2", "株式会社式") + '<c r="B2"><f>SUM(1,2)</f><v>3</v></c>'
    return workbook({"companies": f'<row r="2">{cells}</row>'})


def _huge_number_xlsx() -> bytes:
    cells = _inline("A2", "国の補助金") + f'<c r="B2"><v>{"9" * 5_000}</v></c>'
    return workbook({"funds": f'<row r="2">{cells}</row>'})


def _huge_amount_text_xlsx() -> bytes:
    cells = _inline("A2", "国の補助金") + _inline("B2", "1" + ",000" * 1_500)
    return workbook({"funds": f'<row r="2">{cells}</row>'})


def _bad_string_index() -> bytes:
    return workbook(
        {"companies": '<row r="2"><c r="A2" t="s"><v>99999999999</v></c></row>'},
        strings="<si><t>x</t></si>",
    )


def _bad_row_number() -> bytes:
    return workbook({"companies": '<row r="abc"><c r="A2"><v>1</v></c></row>'})


def _bad_reference() -> bytes:
    return workbook({"companies": '<row r="2"><c r="2A!"><v>1</v></c></row>'})


def _bad_style() -> bytes:
    # a comment sends the row to expat, which reads the style attribute
    return workbook(
        {"companies": '<row r="2"><!-- --><c r="A2" s="x"><v>1</v></c></row>'}
    )


def _mismatched_tags() -> bytes:
    return workbook({"companies": '<row r="2"><c r="A2"><v>1</c></v></row>'})


def _utf16_part() -> bytes:
    data = workbook()
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        f'<worksheet xmlns="{_MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c>'
        "</row></sheetData></worksheet>"
    ).encode("utf-16")
    return _replace_member(data, "xl/worksheets/sheet4.xml", sheet)


def _corrupt_xlsx_member() -> bytes:
    rows = _rows(2_000, lambda n: _inline(f"A{n}", f"会社{n}"))
    return _corrupt_deflate(workbook({"companies": rows}), "xl/worksheets/sheet4.xml")


def _corrupt_csv_member() -> bytes:
    rows = valid_rows(200)
    return _corrupt_deflate(csv_zip_bytes(csv_members(rows)), "companies.csv")


def _bad_crc_csv() -> bytes:
    return _bad_crc(csv_zip_bytes(csv_members(valid_rows(20))))


def _truncated_zip() -> bytes:
    data = csv_zip_bytes(csv_members(valid_rows(50)))
    return data[: len(data) * 2 // 3]


def _ratio_bomb() -> bytes:
    buffer = io.BytesIO(workbook())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/padding.bin", "w") as out:
            for _ in range(8):
                out.write(b"\0" * (1 << 20))
    return buffer.getvalue()


def _declared_too_large() -> bytes:
    members = csv_members(valid_rows(5))
    data = csv_zip_bytes(members)
    return _patch_members(data, _declare_sizes(3 << 20, 400 << 20))


def _too_many_members() -> bytes:
    members = csv_members({})
    members.update({f"junk/{i}.txt": b"" for i in range(1_001)})
    return csv_zip_bytes(members)


def _huge_directory() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for i in range(900):
            archive.writestr(f"{i:04d}" + "n" * 5_000 + ".txt", b"")
    return buffer.getvalue()


def _nested_zip() -> bytes:
    inner = csv_zip_bytes(csv_members(valid_rows(3)))
    return csv_zip_bytes({"report.zip": inner})


def _nested_zip_bomb() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.csv", b"0" * (16 << 20))
    layer = inner.getvalue()
    for depth in range(3):
        layer = csv_zip_bytes({f"layer{depth}.zip": layer})
    return layer


def _xlsx_in_zip() -> bytes:
    return csv_zip_bytes({"report.xlsx": workbook()})


def _encrypted() -> bytes:
    return _patch_members(csv_zip_bytes(csv_members(valid_rows(3))), _set_flag(0x1))


def _unknown_method() -> bytes:
    return _patch_members(csv_zip_bytes(csv_members(valid_rows(3))), _set_method(99))


def _empty_zip() -> bytes:
    return csv_zip_bytes({})


def _bom_then_sjis() -> bytes:
    header = codecs.BOM_UTF8 + _funds_header()
    line = "国の補助金,1000\r\n".encode("cp932")
    return _csv_with("funds", header + "地域の自主事業,2000\r\n".encode() + line)


def _bad_utf8_after_bom() -> bytes:
    return _csv_with("funds", codecs.BOM_UTF8 + _funds_header() + b"\xc3\x28,1\r\n")


def _utf16_csv() -> bytes:
    return _csv_with("funds", _funds_header("utf-16"))


def _neither_encoding() -> bytes:
    return _csv_with("funds", _funds_header() + b"\x80\x81\xff\xfe,1\r\n")


def _huge_amount_csv() -> bytes:
    line = ('国の補助金,"1' + ",000" * 1_500 + '"\r\n').encode()
    return _csv_with("funds", _funds_header() + line)


def _endless_line() -> bytes:
    return _csv_with("funds", _funds_header() + b"," * (8 << 20))


def _wide_csv() -> bytes:
    return _csv_with("funds", _funds_header() + b"a," * 200 + b"\r\n")


def _csv_rows() -> bytes:
    lines = b"".join(b"x,%d\r\n" % n for n in range(300_000))
    return _csv_with("funds", _funds_header() + lines)


def _csv_huge_field() -> bytes:
    return _csv_with("funds", _funds_header() + b'"' + b"x" * 300_000 + b'",1\r\n')


def _csv_nul() -> bytes:
    return _csv_with("funds", _funds_header() + "国の補助金,1\x0000\r\n".encode())


def _csv_unterminated_quote() -> bytes:
    return _csv_with("funds", _funds_header() + b'"open,1\r\n' * 1_000)


def _csv_only_newlines() -> bytes:
    return _csv_with("funds", b"\r\n" * 400_000)


HOSTILE: dict[str, tuple[str, Hostile]] = {
    # name: (suffix, builder)
    "column bomb ZZZZZZ2": (".xlsx", _column_bomb("ZZZZZZ")),
    "column bomb ZZZZZZZZ2": (".xlsx", _column_bomb("ZZZZZZZZ")),
    "column beyond the margin AZ2": (".xlsx", _column_bomb("AZ")),
    "3,000 rows at column ZZZZ": (".xlsx", _zzzz_rows),
    "5,000 cells without references": (".xlsx", _wide_without_refs),
    "a 921-million-character cell": (".xlsx", _huge_cell_issue),
    "a 24 MB cell inside the zip guard": (".xlsx", _big_cell_within_guard),
    "a one-million-character cell": (".xlsx", _long_cell),
    "a 24 MB shared string": (".xlsx", _huge_shared_string),
    "3 million shared strings": (".xlsx", _shared_strings_3m),
    "38 million characters of shared strings": (".xlsx", _shared_chars),
    "300,000 rows": (".xlsx", _too_many_rows),
    "1,048,575 rows": (".xlsx", _issue_rows),
    "600,000 rows over three sheets": (".xlsx", _file_rows),
    "100,000 nested elements in a sheet": (".xlsx", _deep_sheet),
    "100,000 nested elements in styles": (".xlsx", _deep_styles),
    "300,000 defined names": (".xlsx", _many_elements),
    "a 20 MB attribute": (".xlsx", _giant_attribute),
    "billion laughs": (".xlsx", _billion_laughs),
    "external entity": (".xlsx", _external_entity),
    "formula": (".xlsx", _formula),
    "5,000-digit number": (".xlsx", _huge_number_xlsx),
    "1 and 1,500 × ,000 in xlsx": (".xlsx", _huge_amount_text_xlsx),
    "bad shared string index": (".xlsx", _bad_string_index),
    "bad row number": (".xlsx", _bad_row_number),
    "bad cell reference": (".xlsx", _bad_reference),
    "bad style index": (".xlsx", _bad_style),
    "mismatched tags": (".xlsx", _mismatched_tags),
    "UTF-16 sheet part": (".xlsx", _utf16_part),
    "corrupt deflate in xlsx": (".xlsx", _corrupt_xlsx_member),
    "corrupt deflate in CSV zip": (".zip", _corrupt_csv_member),
    "bad CRC in CSV zip": (".zip", _bad_crc_csv),
    "truncated zip": (".zip", _truncated_zip),
    "zip bomb by ratio": (".xlsx", _ratio_bomb),
    "zip bomb by declared size": (".zip", _declared_too_large),
    "1,001 members": (".zip", _too_many_members),
    "4.5 MB zip directory": (".zip", _huge_directory),
    "nested zip": (".zip", _nested_zip),
    "nested zip bomb": (".zip", _nested_zip_bomb),
    "xlsx inside a zip": (".zip", _xlsx_in_zip),
    "encrypted members": (".zip", _encrypted),
    "unknown compression method": (".zip", _unknown_method),
    "empty zip": (".zip", _empty_zip),
    "empty file": (".xlsx", lambda: b""),
    "PDF renamed .xlsx": (".xlsx", lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" * 100),
    "PNG renamed .xlsx": (
        ".xlsx",
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
    ),
    "legacy xls": (".xlsx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096),
    "HTML renamed .xlsx": (".xlsx", lambda: b"<html><body>report</body></html>"),
    "a single CSV": (".csv", lambda: _funds_header() + "国の補助金,1\r\n".encode()),
    "just PK": (".xlsx", lambda: b"PK"),
    "UTF-8 BOM then a Shift_JIS line": (".zip", _bom_then_sjis),
    "invalid UTF-8 after a BOM": (".zip", _bad_utf8_after_bom),
    "UTF-16 CSV": (".zip", _utf16_csv),
    "neither UTF-8 nor CP932": (".zip", _neither_encoding),
    "1 and 1,500 × ,000 in CSV": (".zip", _huge_amount_csv),
    "8 MB line without a break": (".zip", _endless_line),
    "200 CSV columns": (".zip", _wide_csv),
    "300,000 CSV rows": (".zip", _csv_rows),
    "300,000-character CSV field": (".zip", _csv_huge_field),
    "NUL byte in CSV": (".zip", _csv_nul),
    "unterminated quotes": (".zip", _csv_unterminated_quote),
    "400,000 empty lines": (".zip", _csv_only_newlines),
}


def build_all(folder: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Write every hostile file (or those named) into ``folder``."""
    paths = {}
    for index, name in enumerate(names or HOSTILE):
        suffix, build = HOSTILE[name]
        path = folder / f"hostile-{index:02d}{suffix}"
        path.write_bytes(build())
        paths[name] = path
    return paths
