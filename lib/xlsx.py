"""A streaming reader for xlsx worksheets, built on expat.

openpyxl's read-only mode was measured at about 50,000 cells per second on a
report sheet (it builds an object per inline string); this reader parses the
same 200,000-row sheet several times faster by handing expat the bytes as
they come out of the zip and keeping only the row being assembled. Rows (and
shared strings) in the shape Excel, LibreOffice and openpyxl write are read
by a regex fast path that skips expat's per-element Python callbacks, which
made reading a 200,000-row sheet 2–2.5× faster again; see "fast path" below
for why that is as strict as expat. openpyxl is still used for its date
helpers, and for writing the template.

What it understands: shared strings (skipping the phonetic 振り仮名 runs that
Japanese Excel stores next to the text), inline strings, numbers, booleans,
error values, ISO dates and numbers formatted as dates (cell styles), the
1904 date system, and formulas (returned as :class:`lib.tables.Formula` so
the caller can reject them). Documents with a DOCTYPE or entity declarations
are refused: a workbook never needs them, and they are how XML bombs work.

Every bound of :class:`lib.limits.ReadLimits` is checked as the bytes go by:
a cell reference beyond the column limit is refused before the row is padded
to it, a cell's text stops being collected at the cell limit (its length is
still counted), the shared-string table stops growing at its limits, and no
row's XML (nor a small part's tree) may grow past its bound. A bound that is
exceeded raises :class:`lib.tables.TableError` naming the limit and the place.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import IO
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import (
    CALENDAR_MAC_1904,
    CALENDAR_WINDOWS_1900,
    from_excel,
)

from lib.limits import DEFAULT_LIMITS, ReadLimits
from lib.table_values import CellErrorValue, Formula, Oversized, limit_error

__all__ = ["XlsxError", "XlsxReader"]

_CHUNK = 1 << 16
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "/officeDocument"
_SHARED_STRINGS = "/sharedStrings"
_STYLES = "/styles"

Cell = object
Row = tuple[int, list[Cell]]


class XlsxError(Exception):
    """The package or one of its XML parts is not a readable workbook."""


class _Refused(Exception):
    """Raised from inside expat when a document declares a DOCTYPE."""


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


class _Depth:
    """Counts open elements of a part read by expat: deep nesting is how an
    XML part makes the parser's own stack grow without bound."""

    __slots__ = ("depth", "limit", "part")

    def __init__(self, limit: int, part: str) -> None:
        self.depth = 0
        self.limit = limit
        self.part = part

    def enter(self) -> None:
        self.depth += 1
        if self.depth > self.limit:
            raise limit_error(
                "limit.xml_depth", self.limit, column=None, value=self.part
            )


def _parser() -> expat.XMLParserType:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    return parser


def _refuse(*args: object) -> None:
    raise _Refused("DOCTYPE or entity declarations are not allowed")


class _TokenWatch:
    """Refuses a single piece of markup (a tag, comment, CDATA section)
    longer than :data:`_MAX_TOKEN` bytes before expat sees more of it.

    expat 2.5 re-scans an unfinished token from its start on every call, so
    a 20 MB attribute fed in 64 KB chunks costs minutes of CPU; no tag of a
    real workbook comes near a megabyte.
    """

    __slots__ = ("open", "since")

    def __init__(self) -> None:
        self.since = 0  # bytes since the last ">"
        self.open = False  # whether a "<" came after it

    def see(self, block: bytes) -> None:
        end = block.rfind(b">")
        if end >= 0:
            self.since = len(block) - end - 1
            self.open = block.rfind(b"<") > end
        else:
            self.since += len(block)
            self.open = self.open or b"<" in block
        if self.open and self.since > _MAX_TOKEN:
            raise limit_error("limit.xml_markup", _MAX_TOKEN, value="markup")


def _feed(parser: expat.XMLParserType, stream: IO[bytes]) -> Iterator[None]:
    """Parse ``stream`` chunk by chunk, yielding after each chunk."""
    watch = _TokenWatch()
    try:
        while chunk := stream.read(_CHUNK):
            watch.see(chunk)
            parser.Parse(chunk, False)
            yield
        parser.Parse(b"", True)
        yield
    except (expat.ExpatError, _Refused, zipfile.BadZipFile, EOFError) as exc:
        raise XlsxError(str(exc)) from exc


class XlsxReader:
    """The sheets of one workbook; rows are streamed, sheet by sheet."""

    def __init__(
        self, archive: zipfile.ZipFile, limits: ReadLimits | int = DEFAULT_LIMITS
    ) -> None:
        if isinstance(limits, int):  # the cell limit alone, as it used to be
            limits = ReadLimits(max_cell_chars=limits)
        self._archive = archive
        self._limits = limits
        self._cell_limit = limits.max_cell_chars
        workbook = self._office_document()
        rels = self._relationships(workbook)
        self._sheets, self._epoch = self._read_workbook(workbook, rels)
        self._strings_path = _first_target(rels, _SHARED_STRINGS)
        self._date_styles = self._read_styles(_first_target(rels, _STYLES))
        self._strings: list[str] | None = None

    def sheet_names(self) -> list[str]:
        return list(self._sheets)

    def rows(self, name: str, limits: ReadLimits | None = None) -> Iterator[Row]:
        """(row number, cell values by column position) for non-empty rows."""
        path = self._sheets[name]
        limits = limits or self._limits
        handler = _SheetHandler(self._shared_strings(), self._date_styles, self)
        handler.bound(name, limits)
        parser = handler.attach(_parser())
        with self._open(path) as stream:
            yield from _scan_rows(stream, parser, handler, limits.max_xml_span_bytes)

    def count_rows(self, name: str, stop: int) -> int:
        """How many rows the sheet has, by a scan of its bytes for row start
        tags (no parsing); stops counting once past ``stop``."""
        found = 0
        tail = b""
        with self._open(self._sheets[name]) as stream:
            while chunk := stream.read(_CHUNK * 4):
                block = tail + chunk
                found += len(_ROW_START.findall(block))
                if found > stop:
                    break
                # a tag is 5 bytes: one cut by the chunk end is whole next time
                tail = block[-4:]
        return found

    # --- package structure -------------------------------------------------

    def _open(self, path: str) -> IO[bytes]:
        try:
            return self._archive.open(path)
        except KeyError as exc:
            raise XlsxError(f"missing part {path}") from exc

    def _xml(self, path: str) -> ElementTree.Element:
        """A small part (workbook, rels, styles) as a tree, DOCTYPE refused."""
        builder = ElementTree.TreeBuilder()
        parser = _parser()
        count = [0]
        depth = _Depth(self._limits.max_xml_depth, path)

        def start(tag: str, attrs: dict[str, str]) -> None:
            count[0] += 1
            if count[0] > self._limits.max_part_elements:
                raise limit_error(
                    "limit.xml_elements", self._limits.max_part_elements, value=path
                )
            depth.enter()
            builder.start(tag, attrs)

        def end(tag: str) -> None:
            depth.depth -= 1
            builder.end(tag)

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = builder.data
        with self._open(path) as stream:
            for _ in _feed(parser, stream):
                pass
        return builder.close()

    def _office_document(self) -> str:
        try:
            root = self._xml("_rels/.rels")
        except XlsxError:
            return "xl/workbook.xml"
        for rel in root:
            if rel.get("Type", "").endswith(_OFFICE_DOCUMENT):
                return rel.get("Target", "xl/workbook.xml").lstrip("/")
        return "xl/workbook.xml"

    def _relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, absolute part path) of ``part``."""
        folder, name = posixpath.split(part)
        root = self._xml(posixpath.join(folder, "_rels", f"{name}.rels"))
        rels = {}
        for rel in root:
            target = rel.get("Target", "")
            path = (
                target.lstrip("/")
                if target.startswith("/")
                else (posixpath.normpath(posixpath.join(folder, target)))
            )
            rels[rel.get("Id", "")] = (rel.get("Type", ""), path)
        return rels

    def _read_workbook(
        self, part: str, rels: dict[str, tuple[str, str]]
    ) -> tuple[dict[str, str], datetime]:
        root = self._xml(part)
        sheets: dict[str, str] = {}
        epoch = CALENDAR_WINDOWS_1900
        for element in root.iter():
            tag = _local(element.tag)
            if tag == "workbookPr" and element.get("date1904") in ("1", "true"):
                epoch = CALENDAR_MAC_1904
            elif tag == "sheet":
                rel_id = element.get(f"{_REL_NS} id", "")
                if rel_id in rels:
                    sheets[element.get("name", "")] = rels[rel_id][1]
        return sheets, epoch

    def _read_styles(self, path: str | None) -> frozenset[int]:
        """Indexes of the cell styles whose number format shows a date.

        Streamed rather than built as a tree: Excel files bloated with tens
        of thousands of styles exist, and the tree of one costs far more
        than the list of number formats kept here.
        """
        if path is None:
            return frozenset()
        custom: dict[int, str] = {}
        formats: list[int] = []
        depth = _Depth(self._limits.max_xml_depth, path)
        in_xfs = [0]  # depth of the cellXfs element, 0 outside it

        def start(name: str, attrs: dict[str, str]) -> None:
            depth.enter()
            tag = _local(name)
            if tag == "numFmt":
                custom[_int(attrs.get("numFmtId", "0"))] = attrs.get("formatCode", "")
            elif tag == "cellXfs":
                in_xfs[0] = depth.depth
            elif tag == "xf" and in_xfs[0] and depth.depth == in_xfs[0] + 1:
                formats.append(_int(attrs.get("numFmtId", "0")))
                if len(formats) > self._limits.max_part_elements:
                    raise limit_error(
                        "limit.xml_elements", self._limits.max_part_elements, value=path
                    )

        def end(name: str) -> None:
            if depth.depth == in_xfs[0]:
                in_xfs[0] = 0
            depth.depth -= 1

        parser = _parser()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        with self._open(path) as stream:
            for _ in _feed(parser, stream):
                pass
        dates = set()
        for index, number_format in enumerate(formats):
            code = custom.get(number_format, BUILTIN_FORMATS.get(number_format))
            if code and is_date_format(code):
                dates.add(index)
        return frozenset(dates)

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = (
                _read_shared_strings(self._open(self._strings_path), self._limits)
                if self._strings_path and self._strings_path in self._names()
                else []
            )
        return self._strings

    def _names(self) -> set[str]:
        return set(self._archive.namelist())

    def as_date(self, value: float) -> datetime | float:
        try:
            return from_excel(value, self._epoch)
        except (ValueError, OverflowError):
            return value


def _int(text: str) -> int:
    """An integer attribute; a damaged one makes the part unreadable."""
    try:
        return int(text)
    except ValueError as exc:
        raise XlsxError(f"bad integer attribute {text[:20]!r}") from exc


def _first_target(rels: dict[str, tuple[str, str]], suffix: str) -> str | None:
    for kind, path in rels.values():
        if kind.endswith(suffix):
            return path
    return None


# --- shared strings ---------------------------------------------------------------


class _StringTable:
    """The shared strings as they are read, within the table's limits."""

    def __init__(self, limits: ReadLimits) -> None:
        self.strings: list[str] = []
        self.chars = 0
        self.limits = limits

    def add(self, text: str, length: int | None = None) -> None:
        size = len(text) if length is None else length
        limits = self.limits
        self.chars += min(size, limits.max_cell_chars)
        if size > limits.max_cell_chars:
            text = _Long(text, size)
        self.strings.append(text)
        if len(self.strings) > limits.max_shared_strings:
            raise limit_error(
                "limit.shared_strings",
                limits.max_shared_strings,
                sheet="sharedStrings.xml",
                row=len(self.strings),
            )
        if self.chars > limits.max_shared_chars:
            raise limit_error(
                "limit.shared_chars",
                limits.max_shared_chars,
                sheet="sharedStrings.xml",
                row=len(self.strings),
            )


def _read_shared_strings(stream: IO[bytes], limits: ReadLimits) -> list[str]:
    """The text of every <si>, without its phonetic (rPh) runs."""
    table = _StringTable(limits)
    parts: list[str] = []
    size = [0]
    depth = {"rPh": 0, "t": 0}
    nesting = _Depth(limits.max_xml_depth, "sharedStrings.xml")
    cap = limits.max_cell_chars

    def start(name: str, attrs: object) -> None:
        nesting.enter()
        tag = _local(name)
        if tag in depth:
            depth[tag] += 1

    def end(name: str) -> None:
        nesting.depth -= 1
        tag = _local(name)
        if tag in depth:
            depth[tag] -= 1
        elif tag == "si":
            table.add("".join(parts), size[0])
            parts.clear()
            size[0] = 0

    def data(text: str) -> None:
        if depth["t"] and not depth["rPh"]:
            # past the cell limit only the length is kept, not the text
            if size[0] <= cap:
                parts.append(text)
            size[0] += len(text)

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    with stream:
        try:
            for piece in _pieces(stream, parser, "</si>", limits.max_xml_span_bytes):
                text = None if piece is None else _fast_string(piece, parser)
                if text is not None:
                    table.add(text)
                elif piece is not None:
                    parser.Parse((piece + "</si>").encode(), False)
        except (
            expat.ExpatError,
            _Refused,
            zipfile.BadZipFile,
            EOFError,
            UnicodeDecodeError,
        ) as exc:
            raise XlsxError(str(exc)) from exc
    return table.strings


def _fast_string(piece: str, parser: expat.XMLParserType) -> str | None:
    """The text of the <si> ending ``piece`` if it is plain text (with
    furigana runs at most), else None: the caller hands it to expat."""
    start = piece.find("<si>")
    if start < 0:
        return None
    found = _PLAIN_STRING.fullmatch(piece, start + 4)
    if found is None:
        return None
    glue = piece[:start]
    if glue and not glue.isspace():
        parser.Parse(glue.encode(), False)
    return found[1]


class _Long(str):
    """A string over the cell limit, kept short; the reader marks it."""

    __slots__ = ("length",)

    def __new__(cls, text: str, length: int) -> _Long:
        self = super().__new__(cls, text[:20])
        self.length = length
        return self


# --- worksheet ------------------------------------------------------------


class _SheetHandler:
    """expat callbacks that assemble one row at a time."""

    def __init__(
        self, strings: list[str], date_styles: frozenset[int], reader: XlsxReader
    ) -> None:
        self.strings = strings
        self.date_styles = date_styles
        self.reader = reader
        self.done: list[Row] = []
        self.row_number = 0
        self.cells: list[Cell] = []
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text: list[str] = []
        self.value: str | None = None
        self.formula: str | None = None
        self.capture = False
        self.captured = 0
        self.inline: list[str] = []
        self.phonetic = 0
        self._names: dict[str, str] = {}
        self.sheet = ""
        self.max_columns = DEFAULT_LIMITS.max_columns
        self.cell_cap = reader._cell_limit
        self.depth = _Depth(DEFAULT_LIMITS.max_xml_depth, "")

    def bound(self, sheet: str, limits: ReadLimits) -> None:
        """Read the sheet ``sheet`` within ``limits``."""
        self.sheet = sheet
        self.max_columns = limits.max_columns
        self.cell_cap = limits.max_cell_chars
        self.depth = _Depth(limits.max_xml_depth, sheet)

    def column_of(self, ref: str, row: int) -> int:
        """The 1-based column of a cell reference, refused past the limit
        before anything is padded to it."""
        index = _column_index(ref)
        if index > self.max_columns:
            raise limit_error(
                "limit.columns",
                self.max_columns,
                sheet=self.sheet,
                row=row,
                column=ref,
                value=ref[:40],
            )
        return index

    def attach(self, parser: expat.XMLParserType) -> expat.XMLParserType:
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.data
        return parser

    def take(self) -> list[Row]:
        done, self.done = self.done, []
        return done

    def _tag(self, name: str) -> str:
        tag = self._names.get(name)
        if tag is None:
            tag = self._names[name] = _local(name)
        return tag

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.depth.enter()
        tag = self._tag(name)
        if tag == "c":
            self._start_cell(attrs)
        elif tag == "row":
            number = attrs.get("r")
            self.row_number = _int(number) if number else self.row_number + 1
            self.cells = []
            self.column = 0
        elif tag in ("v", "f") or (tag == "t" and not self.phonetic):
            self.capture = True
            self.text = []
        elif tag == "rPh":
            self.phonetic += 1

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        row = self.row_number
        self.column = self.column_of(ref, row) if ref else self.column + 1
        if self.column > self.max_columns:  # cells without references
            raise limit_error(
                "limit.columns",
                self.max_columns,
                sheet=self.sheet,
                row=row,
                column=f"#{self.column}",
            )
        self.kind = attrs.get("t", "n")
        style = attrs.get("s")
        self.style = _int(style) if style else 0
        self.value = None
        self.formula = None
        self.inline = []
        self.captured = 0

    def data(self, text: str) -> None:
        if self.capture:
            # past the cell limit only the length is counted, not kept
            if self.captured <= self.cell_cap:
                self.text.append(text)
            self.captured += len(text)

    def _captured(self) -> str:
        text = "".join(self.text)
        return _Long(text, self.captured) if self.captured > self.cell_cap else text

    def end(self, name: str) -> None:
        self.depth.depth -= 1
        tag = self._tag(name)
        if tag == "v":
            self.value = self._captured()
            self.capture = False
        elif tag == "t" and self.capture:
            self.inline.append(self._captured())
            self.capture = False
        elif tag == "f":
            self.formula = self._captured()
            self.capture = False
        elif tag == "rPh":
            self.phonetic -= 1
        elif tag == "c":
            self._end_cell()
        elif tag == "row":
            self.done.append((self.row_number, self.cells))

    def _end_cell(self) -> None:
        if self.formula is not None:
            value: Cell = Formula(f"={self.formula}")
        else:
            value = self._value()
        limit = self.reader._cell_limit
        if isinstance(value, _Long):
            value = Oversized(value.length, str(value))
        elif isinstance(value, str) and len(value) > limit:
            value = Oversized(len(value), value[:20])
        elif self.kind == "e" and value is not None:
            value = CellErrorValue(value)
        index = self.column - 1
        missing = index - len(self.cells)
        if missing > 0:
            self.cells.extend([None] * missing)
        if index < len(self.cells):
            self.cells[index] = value
        else:
            self.cells.append(value)

    def _value(self) -> Cell:
        kind, raw = self.kind, self.value
        if kind == "inlineStr":
            return _joined(self.inline, self.cell_cap)
        if raw is None:
            return None
        if isinstance(raw, _Long) and kind != "s":
            return raw  # never read a number from the head of a huge value
        converter = _CONVERTERS.get(kind)
        if converter is not None:
            return converter(self, raw)
        return _number(self, raw)


def _joined(runs: list[str], cap: int) -> str:
    """The runs of a rich-text cell as one string, marked if too long."""
    text = "".join(runs)
    length = sum(run.length if isinstance(run, _Long) else len(run) for run in runs)
    return _Long(text, length) if length > cap else text


def _shared(handler: _SheetHandler, raw: str) -> Cell:
    try:
        return handler.strings[int(raw)]
    except (ValueError, IndexError) as exc:
        raise XlsxError(f"bad shared string index {raw!r}") from exc


def _number(handler: _SheetHandler, raw: str) -> Cell:
    return _number_value(raw, handler.style in handler.date_styles, handler.reader)


def _number_value(raw: str, dated: bool, reader: XlsxReader) -> Cell:
    try:
        # a long run of digits is read as a float (inf past 1e308): int()
        # refuses more than 4,300 digits, and no figure in a report has 20
        number: int | float = (
            int(raw) if len(raw) <= 20 and raw.lstrip("-").isdigit() else float(raw)
        )
    except ValueError as exc:
        raise XlsxError(f"bad number {raw!r}") from exc
    return reader.as_date(number) if dated else number


def _iso_date(handler: _SheetHandler, raw: str) -> Cell:
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return raw


_CONVERTERS: dict[str, Callable[[_SheetHandler, str], Cell]] = {
    "s": _shared,
    "str": lambda handler, raw: raw,
    "b": lambda handler, raw: raw.strip() in ("1", "true"),
    "e": lambda handler, raw: raw,
    "d": _iso_date,
}

_COLUMNS: dict[str, int] = {}
#: What a reference with more than three letters (past Excel's XFD) counts as.
_BEYOND = 1 << 20


def _column_index(ref: str) -> int:
    """1-based column of a cell reference: "B2" → 2, "AA10" → 27.

    A reference with more than three letters is past any sheet Excel can
    make; its column is only known to be huge (the caller's limit refuses
    it), never computed: ``ZZZZZZZZ`` would be 217 billion.
    """
    letters = ref.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    if index is not None:
        return index
    if not (letters.isascii() and letters.isalpha()):
        raise XlsxError(f"bad cell reference {ref[:40]!r}")
    if len(letters) > 3:
        return _BEYOND
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    _COLUMNS[letters] = index  # at most 3 × 18,278 spellings
    return index


# --- fast path -----------------------------------------------------------------------
#
# Calling Python for every expat event (three or four per cell) was most of an
# xlsx import's time. Rows and shared strings written the way Excel,
# LibreOffice and openpyxl write them are therefore read with regular
# expressions, and only what does not fit that shape exactly (the part before
# the first row, formulas, rich text, entities, comments, prefixed names…)
# goes through expat. A row is taken by the fast path only if its cells'
# grammar accounts for every "<" in it and it holds no "&", "<!", "<?", "]]>"
# or CR: such a row is well-formed XML on its own, so leaving it out of what
# expat sees leaves a document that is well-formed exactly when the original
# was. Expat still reads the skeleton (and refuses a DOCTYPE), so damaged or
# hostile parts are rejected as before. One difference: a control character
# inside a fast-path cell value reaches the caller (expat would refuse the
# whole part); the importer rejects it in every column type with the cell's
# place named, which is the clearer message.

_CARRY_LIMIT = 1 << 22
_MAX_TOKEN = DEFAULT_LIMITS.max_markup_bytes
_XML_ENCODING = re.compile(rb'^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding=["\']([^"\']+)')
_SUSPECT_TEXT = ("&", "\r", "<!", "<?", "]]>")
_SUSPECT_BYTES = tuple(marker.encode() for marker in _SUSPECT_TEXT)

_ATTRIBUTES = r'(?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<&]*")*\s*'
_PLAIN_STRING = re.compile(
    rf'<t(?: xml:space="preserve")?>([^<]*)</t>(?:<rPh\b{_ATTRIBUTES}><t>[^<]*</t>'
    rf"</rPh>)*(?:<phoneticPr\b{_ATTRIBUTES}/>)?"
)
_ROW_ATTRIBUTES = re.compile(_ATTRIBUTES)
_ROW_NUMBER = re.compile(r'\sr\s*=\s*"([0-9]+)"')
#: A row's start tag, prefixed or not, for counting rows without parsing.
_ROW_START = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?row[\s/>]")
_CELL = re.compile(
    r'<c r="([A-Z]{1,3})[0-9]{1,7}"(?: s="([0-9]{1,6})")?(?: t="([a-zA-Z]{1,9})")?'
    r'(?:(/)>|>(<)v>([^<]*)</v></c>|>(<)is><t(?: xml:space="preserve")?>([^<]*)'
    r"</t></is></c>)"
)


def _scan_rows(
    stream: IO[bytes],
    parser: expat.XMLParserType,
    handler: _SheetHandler,
    max_span: int = DEFAULT_LIMITS.max_xml_span_bytes,
) -> Iterator[Row]:
    """The worksheet's rows: the fast path where it applies, expat elsewhere."""
    try:
        for piece in _pieces(stream, parser, "</row>", max_span):
            row = None if piece is None else _fast_row(piece, parser, handler)
            if row is None and piece is not None:
                parser.Parse((piece + "</row>").encode(), False)
            yield from handler.take()  # rows expat read, before this one
            if row is not None:
                yield row
    except (
        expat.ExpatError,
        _Refused,
        zipfile.BadZipFile,
        EOFError,
        UnicodeDecodeError,
    ) as exc:
        raise XlsxError(str(exc)) from exc


def _pieces(
    stream: IO[bytes],
    parser: expat.XMLParserType,
    close: str,
    max_span: int = DEFAULT_LIMITS.max_xml_span_bytes,
) -> Iterator[str | None]:
    """The text before each ``close`` tag, for the fast path to try.

    None means bytes went straight to ``parser`` instead (a part that is
    not UTF-8, a piece longer than :data:`_CARRY_LIMIT`, a piece with
    something only expat should read, and the end of the part) and the
    caller should collect what its handlers produced.

    No more than ``max_span`` bytes may pass without a ``close`` tag: expat
    keeps an unfinished tag (a 200 MB attribute, say) whole in memory.
    """
    fast = _is_utf8(stream.peek(256) if hasattr(stream, "peek") else b"")
    close_bytes = close.encode()
    carry = b""
    span = 0  # bytes since the last close tag, once expat reads alone
    watch = _TokenWatch()
    while chunk := stream.read(_CHUNK):
        if not fast:
            last = chunk.rfind(close_bytes)
            span = len(chunk) - last if last >= 0 else span + len(chunk) + len(carry)
            if span > max_span:
                raise limit_error("limit.xml_span", max_span, value=close)
            watch.see(carry + chunk)
            parser.Parse(carry + chunk, False)
            carry = b""
            yield None
            continue
        carry += chunk
        end = carry.rfind(close_bytes)
        if end < 0:
            if len(carry) > max_span:
                raise limit_error("limit.xml_span", max_span, value=close)
            if len(carry) > _CARRY_LIMIT:
                fast = False
                watch.see(carry)
                parser.Parse(carry, False)
                carry = b""
                yield None
            continue
        end += len(close_bytes)
        segment, carry = carry[:end], carry[end:]
        suspect = _suspect(segment)
        pieces = segment.decode("utf-8").split(close)
        pieces.pop()  # what follows the last close tag: nothing
        for piece in pieces:
            if not fast or (suspect and _suspect(piece)):
                parser.Parse((piece + close).encode(), False)
                # A comment, CDATA section or processing instruction may hide
                # a close tag, so a later piece could start inside one: after
                # any (but the XML declaration) expat reads the rest alone.
                fast = fast and not _may_hide_markup(piece)
                yield None
            else:
                yield piece
    parser.Parse(carry, True)
    yield None


def _is_utf8(head: bytes) -> bool:
    """Whether the part is UTF-8 (as every producer writes it) by its prolog."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    declared = _XML_ENCODING.match(head)
    return declared is None or declared[1].lower() in (b"utf-8", b"utf8")


def _may_hide_markup(piece: str) -> bool:
    """Whether ``piece`` opens a comment, CDATA or processing instruction
    (other than the XML declaration at the start of the part)."""
    rest = piece.lstrip("\ufeff")
    if rest.startswith("<?xml"):
        rest = rest[rest.find("?>") + 2 :]
    return "<!" in rest or "<?" in rest


def _suspect(text: str | bytes) -> bool:
    """Whether ``text`` holds anything the fast path leaves to expat."""
    markers = _SUSPECT_BYTES if type(text) is bytes else _SUSPECT_TEXT
    return any(marker in text for marker in markers)  # type: ignore[operator]


def _fast_row(
    piece: str, parser: expat.XMLParserType, handler: _SheetHandler
) -> Row | None:
    """The row ending ``piece`` if it has the common shape, else None
    (then nothing was consumed and the caller hands the piece to expat)."""
    start = piece.find("<row")
    close = piece.find(">", start)
    if start < 0 or close < 0 or piece[start + 4] not in " \t\n>":
        return None
    head = piece[start + 4 : close]
    if not _ROW_ATTRIBUTES.fullmatch(head):
        return None
    content = piece[close + 1 :]
    if head.startswith(' r="') and (end := head.find('"', 4)) > 4:
        number = head[4:end]
    else:
        found = _ROW_NUMBER.search(head)
        number = found[1] if found else ""
    row = _int(number) if number else handler.row_number + 1
    cells = _fast_cells(_CELL.findall(content), content.count("<"), handler, row)
    if cells is None:
        return None
    glue = piece[:start]
    if glue and not glue.isspace():
        parser.Parse(glue.encode(), False)  # markup before the row: the skeleton
    handler.row_number = row
    return row, cells


def _fast_cells(
    found: list[tuple[str, ...]], markup: int, handler: _SheetHandler, row: int = 0
) -> list[Cell] | None:
    """Cell values by position; None unless the cells account for all
    ``markup`` (the number of "<" in the row)."""
    cells: list[Cell] = []
    append = cells.append
    strings, dates, reader = handler.strings, handler.date_styles, handler.reader
    limit = handler.cell_cap
    max_columns = handler.max_columns
    columns = _COLUMNS
    for column, style, kind, _empty, has_value, raw, has_inline, text in found:
        value: Cell
        if has_inline:
            markup -= 6
            value = text if kind == "inlineStr" else None
        elif has_value:
            markup -= 4
            if kind == "s":
                try:
                    value = strings[int(raw)]
                except (ValueError, IndexError) as exc:
                    raise XlsxError(f"bad shared string index {raw!r}") from exc
            elif not kind or kind == "n":
                value = _number_value(raw, bool(style) and int(style) in dates, reader)
            elif kind == "inlineStr":
                value = ""
            elif kind == "e":
                value = CellErrorValue(raw)
            else:
                converter = _CONVERTERS.get(kind)
                value = raw if converter is None else converter(handler, raw)
        else:
            markup -= 1
            value = "" if kind == "inlineStr" else None
        if type(value) is str:
            if len(value) > limit:
                value = Oversized(len(value), value[:20])
        elif isinstance(value, _Long):
            value = Oversized(value.length, str(value))
        index = columns.get(column) or _column_index(column)
        if index > max_columns:
            handler.column_of(f"{column}{row}", row)
        size = len(cells)
        if index == size + 1:
            append(value)
        elif index > size:
            cells.extend([None] * (index - size - 1))
            append(value)
        else:
            cells[index - 1] = value
    return cells if markup == 0 else None
