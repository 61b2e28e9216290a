"""Streaming readers for spreadsheets that people upload: xlsx and CSV.

Regions send their annual reports as an Excel workbook or as CSV files (one per
sheet, in a zip or a folder). Files can be large (hundreds of thousands of
rows) and hostile (zip bombs, renamed binaries, giant cells), so this module:

* never materialises a whole sheet: rows are yielded one at a time;
* checks a zip's directory, declared sizes and compression ratio *before*
  handing it to a parser, and relies on :mod:`zipfile` to stop at the
  declared size;
* enforces every bound of :mod:`lib.limits` (columns, rows, cell length,
  shared strings, sizes) while it streams, raising :class:`TableError` with
  the limit and the place;
* caps the length of a cell, replacing an oversized value by a small marker so
  that the caller can still report every bad row;
* detects CSV encodings the way Japanese Excel writes them (UTF-8 with or
  without BOM, CP932) and the delimiter (comma or tab);
* reads xlsx worksheets with :mod:`lib.xlsx` (expat, streaming) rather than
  openpyxl's read-only mode, which was 2–3× slower on a 200,000-row sheet;
  formulas come back as :class:`Formula` so they can be rejected.

It knows nothing about annual reports: callers pass the accepted header
spellings. Problems with the file as a whole raise :class:`TableError`.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import lzma
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from lib.limits import DEFAULT_LIMITS, ReadLimits
from lib.table_values import (
    CellErrorValue,
    Formula,
    Oversized,
    TableError,
    limit_error,
)
from lib.text import to_halfwidth
from lib.xlsx import XlsxError, XlsxReader

__all__ = [
    "MAX_CELL_CHARS",
    "CellErrorValue",
    "Formula",
    "HeaderMatch",
    "Oversized",
    "READ_FAULTS",
    "ReadLimits",
    "Record",
    "TableError",
    "UNLABELLED",
    "TableSource",
    "ZipLimits",
    "check_row_counts",
    "check_zip",
    "check_zip_directory",
    "detect_csv_encoding",
    "is_blank",
    "limit_error",
    "match_header",
    "normalize_header",
    "open_tables",
    "read_records",
]

#: Excel's own limit for the text of one cell; anything longer did not come
#: from Excel and is replaced by an :class:`Oversized` marker.
MAX_CELL_CHARS = DEFAULT_LIMITS.max_cell_chars

#: What damaged bytes make the standard library raise while a member is
#: decompressed or decoded; readers turn them into :class:`TableError`.
READ_FAULTS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    UnicodeError,
    NotImplementedError,
    OSError,
)
_READABLE_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)

_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CHUNK = 1 << 16
#: Bytes that CP932 decodes to private-use or C1 characters: Excel never
#: writes them, so seeing one means the file is in some other encoding.
_NOT_EXCEL_CP932 = re.compile("[\x80\uf8f0-\uf8f3]")
_XLSX_MARKERS = ("[Content_Types].xml", "xl/workbook.xml")
_IGNORED_MEMBER_PREFIXES = ("__MACOSX/",)


Cell = object
#: A data row as (row number as the user sees it, {column key: raw value}).
Record = tuple[int, dict[str, Cell]]
#: Record key for values in columns that have no header (the caller must
#: report them: silently dropping typed data is worse than rejecting it).
UNLABELLED = "__unlabelled__"


class TableSource(Protocol):
    """An opened file: a set of named sheets whose rows can be streamed."""

    def sheet_names(self) -> list[str]: ...

    def rows(
        self, name: str, limits: ReadLimits | None = None
    ) -> Iterator[tuple[int, Sequence[Cell]]]: ...

    def count_rows(self, name: str, stop: int) -> int: ...

    def close(self) -> None: ...


# --- zip guard ----------------------------------------------------------------


#: The zip bounds used to be their own class; they are now part of
#: :class:`lib.limits.ReadLimits` (same field names).
ZipLimits = ReadLimits


def check_zip(archive: zipfile.ZipFile, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Reject an archive whose declared sizes betray a zip bomb, and members
    no reader could open (encrypted, unknown compression).

    Declared sizes are trustworthy enough: :mod:`zipfile` stops decompressing
    a member at its declared size and fails the CRC check if there was more.
    """
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise _zip_error("zip.too_many_members", limits.max_members, len(members))
    total = 0
    for info in members:
        _check_member(info)
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise _zip_error("zip.ratio", limits.max_ratio, info.filename)
    if total > limits.max_total_bytes:
        raise _zip_error("zip.too_large", limits.max_total_bytes, total)


def _check_member(info: zipfile.ZipInfo) -> None:
    if info.flag_bits & 0x1:
        raise TableError(
            "zip.encrypted",
            f"圧縮ファイル内の「{info.filename[:80]}」はパスワードで保護されています。"
            "パスワードを外して保存し直してください。",
            f"Member {info.filename[:80]!r} is encrypted; save it without a password.",
            info.filename[:200],
        )
    if info.compress_type not in _READABLE_METHODS:
        raise TableError(
            "zip.method",
            f"圧縮ファイル内の「{info.filename[:80]}」は対応していない圧縮方式"
            f"（{info.compress_type}）です。通常のzip（Deflate）で保存し直してください。",
            f"Member {info.filename[:80]!r} uses an unsupported compression method "
            f"({info.compress_type}); save it as an ordinary (deflate) zip.",
            info.filename[:200],
        )


def check_zip_directory(path: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
    """Refuse a zip whose central directory is too large *before*
    :class:`zipfile.ZipFile` reads it: that reading builds one object per
    entry, so a 20 MB directory of empty entries would cost gigabytes."""
    end_record = getattr(zipfile, "_EndRecData", None)
    if end_record is None:  # pragma: no cover - a future Python without it
        return
    try:
        with path.open("rb") as handle:
            record = end_record(handle)
    except (OSError, ValueError, OverflowError):
        return  # zipfile itself will say the file is damaged
    if not record:
        return
    entries, size = record[zipfile._ECD_ENTRIES_TOTAL], record[zipfile._ECD_SIZE]
    if entries > limits.max_members:
        raise _zip_error("zip.too_many_members", limits.max_members, entries)
    if size > limits.max_directory_bytes:
        raise _zip_error("zip.directory", limits.max_directory_bytes, size)


def _zip_error(code: str, limit: float, value: object) -> TableError:
    error = limit_error(code, limit, value=value)
    error.message_ja += "（zip爆弾の可能性があるため読み込みません）"
    return error


# --- opening ------------------------------------------------------------------


def open_tables(
    path: str | Path,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> TableSource:
    """Open an xlsx workbook, a zip of CSV files or a folder of CSV files.

    The format is decided by content, not by the file name, so that an upload
    saved under a random temporary name still works and a renamed file is
    caught.
    """
    target = Path(path)
    if target.is_dir():
        return CsvFolderSource(target, limits)
    with target.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise TableError(
            "file.empty",
            "ファイルが空です（0バイト）。",
            "The file is empty (0 bytes).",
            target.name,
        )
    if head.startswith(b"PK"):
        return _open_zip(target, limits)
    raise _unknown_format(target, head)


def check_row_counts(
    source: TableSource, names: Iterable[str], limits: ReadLimits = DEFAULT_LIMITS
) -> None:
    """Refuse a file with too many rows before any row is validated.

    Each source counts a sheet's rows by a cheap scan of its bytes (no
    parsing, stopping once past the limit), so a million-row file is
    refused in about a second instead of after validating 250,000 rows.
    The readers still count while they stream: this only fails early.
    """
    total = 0
    for name in names:
        count = source.count_rows(name, limits.max_rows)
        if count > limits.max_rows:
            raise limit_error("limit.rows", limits.max_rows, sheet=name, value=count)
        total += count
        if total > limits.max_file_rows:
            raise limit_error(
                "limit.file_rows", limits.max_file_rows, sheet=name, value=total
            )


def _open_zip(target: Path, limits: ReadLimits) -> TableSource:
    check_zip_directory(target, limits)
    try:
        archive = zipfile.ZipFile(target)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise TableError(
            "file.bad_zip",
            "ファイルが壊れているか、Excel（xlsx）形式ではありません。",
            "The file is damaged or is not an Excel (xlsx) workbook.",
            target.name,
        ) from exc
    try:
        check_zip(archive, limits)
        names = set(archive.namelist())
        if all(marker in names for marker in _XLSX_MARKERS):
            return XlsxSource(archive, target.name, limits)
        return CsvZipSource(archive, limits)
    except BaseException:
        archive.close()
        raise


def _unknown_format(target: Path, head: bytes) -> TableError:
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return TableError(
            "file.legacy_xls",
            "古いExcel形式（xls）は読み込めません。xlsx形式で保存し直してください。",
            "Legacy Excel (.xls) files are not supported; save it as .xlsx.",
            target.name,
        )
    if target.suffix.lower() in (".csv", ".tsv", ".txt"):
        return TableError(
            "file.single_csv",
            "CSVはシートごとのファイルを1つのzipまたはフォルダにまとめてください"
            "（例: patent_applications.csv）。",
            "CSV files must come as a zip or folder with one file per sheet "
            "(e.g. patent_applications.csv).",
            target.name,
        )
    return TableError(
        "file.unknown_format",
        "ファイルの形式を判別できません。Excel（xlsx）か、CSVをまとめたzipを"
        "指定してください。",
        "Unknown file format; upload an Excel (.xlsx) workbook or a zip of CSV files.",
        target.name,
    )


class _RowBudget:
    """Counts the rows every sheet of one file yields against the limits:
    the streaming side of :func:`check_row_counts`."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.read = 0

    def bounded(
        self,
        rows: Iterator[tuple[int, Sequence[Cell]]],
        limits: ReadLimits,
        sheet: str,
    ) -> Iterator[tuple[int, Sequence[Cell]]]:
        in_sheet = 0
        max_rows, max_file_rows = limits.max_rows, self.limits.max_file_rows
        max_columns = limits.max_columns
        for number, cells in rows:
            in_sheet += 1
            self.read += 1
            if in_sheet > max_rows:
                raise limit_error("limit.rows", max_rows, sheet=sheet, row=number)
            if self.read > max_file_rows:
                raise limit_error(
                    "limit.file_rows", max_file_rows, sheet=sheet, row=number
                )
            if len(cells) > max_columns:
                raise limit_error(
                    "limit.columns",
                    max_columns,
                    sheet=sheet,
                    row=number,
                    column=f"#{len(cells)}",
                )
            yield number, cells


# --- xlsx ---------------------------------------------------------------------


class XlsxSource:
    """An Excel workbook, its worksheets streamed by :class:`lib.xlsx.XlsxReader`.

    Formulas come back as :class:`Formula`, so that a report whose figures
    are computed (and might be stale) is rejected rather than stored.
    """

    def __init__(
        self, archive: zipfile.ZipFile, name: str, limits: ReadLimits = DEFAULT_LIMITS
    ) -> None:
        self._archive = archive
        self._name = name
        self._limits = limits
        self._budget = _RowBudget(limits)
        self._faults = (XlsxError, *READ_FAULTS)
        try:
            self._reader = XlsxReader(archive, limits)
        except self._faults as exc:
            raise _bad_xlsx(name, None) from exc

    def sheet_names(self) -> list[str]:
        return self._reader.sheet_names()

    def rows(
        self, name: str, limits: ReadLimits | None = None
    ) -> Iterator[tuple[int, Sequence[Cell]]]:
        limits = limits or self._limits
        try:
            yield from self._budget.bounded(
                self._reader.rows(name, limits), limits, name
            )
        except self._faults as exc:
            raise _bad_xlsx(self._name, name) from exc

    def count_rows(self, name: str, stop: int) -> int:
        try:
            return self._reader.count_rows(name, stop)
        except self._faults as exc:
            raise _bad_xlsx(self._name, name) from exc

    def close(self) -> None:
        self._archive.close()


def _bad_xlsx(name: str, sheet: str | None) -> TableError:
    return TableError(
        "file.bad_xlsx",
        "Excelファイルの内容を読み込めません。ファイルが壊れている可能性があります。",
        "The Excel workbook cannot be read; it may be damaged.",
        name,
        sheet=sheet,
    )


# --- CSV ----------------------------------------------------------------------


Opener = Callable[[], IO[bytes]]


class _CsvSource:
    """Sheets that are CSV files, each opened afresh for every pass."""

    def __init__(
        self, openers: Mapping[str, Opener], limits: ReadLimits = DEFAULT_LIMITS
    ) -> None:
        self._openers = dict(openers)
        self._limits = limits
        self._budget = _RowBudget(limits)

    def sheet_names(self) -> list[str]:
        return list(self._openers)

    def rows(
        self, name: str, limits: ReadLimits | None = None
    ) -> Iterator[tuple[int, Sequence[Cell]]]:
        limits = limits or self._limits
        opener = self._openers[name]
        try:
            encoding = detect_csv_encoding(opener, sheet=name)
            with opener() as raw:
                reader = _csv_reader(raw, encoding, name, limits)
                rows = _csv_rows(reader, name, limits.max_cell_chars)
                yield from self._budget.bounded(rows, limits, name)
        except READ_FAULTS as exc:
            raise _damaged_member(name) from exc

    def count_rows(self, name: str, stop: int) -> int:
        """Line ends (an upper bound on the rows); counted exactly with the
        CSV reader only when they pass ``stop`` (quoted cells may hold
        line breaks)."""
        opener = self._openers[name]
        try:
            lines = _line_ends(opener)
            if lines <= stop:
                return lines
            encoding = detect_csv_encoding(opener, sheet=name)
            with opener() as raw:
                reader = _csv_reader(raw, encoding, name, self._limits)
                return sum(1 for _ in itertools.islice(reader, stop + 1))
        except csv.Error:
            return 0  # reading the rows will report where
        except READ_FAULTS as exc:
            raise _damaged_member(name) from exc

    def close(self) -> None:
        """Nothing to release: every pass opens and closes its own file."""


def _csv_reader(
    raw: IO[bytes], encoding: str, sheet: str, limits: ReadLimits
) -> Iterator[list[str]]:
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    lines = _bounded_lines(text, limits.max_csv_line_chars, sheet)
    first = next(lines, "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return csv.reader(itertools.chain([first], lines), delimiter=delimiter)


def _bounded_lines(text: IO[str], cap: int, sheet: str) -> Iterator[str]:
    """The lines of ``text``, refusing one longer than ``cap`` characters
    before it is read whole (a file of commas without a line break would
    otherwise become one row of millions of cells)."""
    number = 0
    while line := text.readline(cap):
        number += 1
        if len(line) >= cap and line[-1] not in "\r\n":
            raise limit_error("limit.csv_line", cap, sheet=sheet, row=number)
        yield line


def _line_ends(opener: Opener) -> int:
    """Lines of a CSV member by its raw bytes (LF, CRLF or CR)."""
    lf = cr = crlf = 0
    last = b""
    with opener() as raw:
        while chunk := raw.read(_CHUNK):
            lf += chunk.count(b"\n")
            cr += chunk.count(b"\r")
            crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            last = chunk[-1:]
    return lf + cr - crlf + 1


def _damaged_member(sheet: str) -> TableError:
    return TableError(
        "file.damaged",
        "ファイルの一部が壊れているため読み込めません（展開または文字コードの"
        "誤り）。保存し直してください。",
        "Part of the file is damaged (decompression or encoding error); save it again.",
        sheet,
        sheet=sheet,
    )


def _csv_rows(
    reader: Iterator[list[str]], sheet: str, max_cell_chars: int = MAX_CELL_CHARS
) -> Iterator[tuple[int, Sequence[Cell]]]:
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):  # noqa: B007
            if cells and max(map(len, cells)) > max_cell_chars:
                yield number, [_csv_value(cell, max_cell_chars) for cell in cells]
            else:
                yield number, cells
    except csv.Error as exc:
        raise TableError(
            "csv.malformed",
            "CSVを読み込めません（セルが長すぎる、または制御文字が含まれています）: "
            f"{exc}",
            f"The CSV cannot be read (a cell is too long or contains control "
            f"characters): {exc}",
            str(exc),
            sheet=sheet,
            row=number + 1,
        ) from exc


def _csv_value(cell: str, max_cell_chars: int = MAX_CELL_CHARS) -> Cell:
    if len(cell) > max_cell_chars:
        return Oversized(len(cell), cell[:20])
    return cell


class CsvFolderSource(_CsvSource):
    """A folder holding one ``<sheet>.csv`` per sheet."""

    def __init__(self, folder: Path, limits: ReadLimits = DEFAULT_LIMITS) -> None:
        openers: dict[str, Opener] = {}
        for item in sorted(folder.iterdir()):
            if item.is_file() and item.suffix.lower() in (".csv", ".tsv", ".txt"):
                openers[item.stem] = _path_opener(item)
        super().__init__(openers, limits)


def _path_opener(path: Path) -> Opener:
    return lambda: path.open("rb")


class CsvZipSource(_CsvSource):
    """A zip holding one ``<sheet>.csv`` per sheet (sub-folders are flattened)."""

    def __init__(
        self, archive: zipfile.ZipFile, limits: ReadLimits = DEFAULT_LIMITS
    ) -> None:
        self._archive = archive
        openers: dict[str, Opener] = {}
        for info in archive.infolist():
            name = _member_name(info)
            path = PurePosixPath(name)
            if info.is_dir() or name.startswith(_IGNORED_MEMBER_PREFIXES):
                continue
            if path.name.startswith(".") or path.suffix.lower() not in (
                ".csv",
                ".tsv",
                ".txt",
            ):
                continue
            openers[path.stem] = _member_opener(archive, info)
        super().__init__(openers, limits)

    def close(self) -> None:
        self._archive.close()


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name: Windows zips store CP932 names without the
    UTF-8 flag, which :mod:`zipfile` then decodes as CP437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("cp932")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _member_opener(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Opener:
    return lambda: archive.open(info)


def detect_csv_encoding(opener: Opener, *, sheet: str | None = None) -> str:
    """Pick ``utf-8-sig``, ``utf-8`` or ``cp932`` by reading the whole stream.

    A BOM names the encoding, but the whole file is still checked against
    it: a UTF-8 file with one line pasted from a Shift_JIS file happens.
    Otherwise the bytes are decoded incrementally as strict UTF-8 and,
    failing that, as CP932; the whole file is checked so that a bad byte on
    line 90,000 is reported before any row is accepted. Memory stays at one
    chunk.
    """
    with opener() as raw:
        head = raw.read(4)
    if head.startswith(_UTF8_BOM):
        fault = _decodes(opener, "utf-8", skip=len(_UTF8_BOM))
        if fault is None:
            return "utf-8-sig"
        raise TableError(
            "encoding.bad_utf8",
            f"{fault}行目に UTF-8 として読めない文字があります（ファイルの先頭は"
            "UTF-8 の印（BOM）です。Shift_JIS の行が混ざっていないか確認し、"
            "「CSV UTF-8」で保存し直してください）。",
            f"Line {fault} is not valid UTF-8, although the file starts with a "
            "UTF-8 byte order mark (a line pasted from a Shift_JIS file?); save "
            "it again as 'CSV UTF-8'.",
            sheet=sheet,
            row=fault,
        )
    if head.startswith(_UTF16_BOMS):
        raise TableError(
            "encoding.utf16",
            "UTF-16（Unicodeテキスト）のファイルは読み込めません。"
            "「CSV UTF-8」または「CSV（コンマ区切り）」で保存してください。",
            "UTF-16 (Unicode text) files are not supported; save as "
            "'CSV UTF-8' or 'CSV (comma delimited)'.",
            sheet=sheet,
        )
    utf8_fault = _decodes(opener, "utf-8")
    if utf8_fault is None:
        return "utf-8"
    cp932_fault = _decodes(opener, "cp932")
    if cp932_fault is None:
        return "cp932"
    # The encoding that got further is most likely the one meant.
    bad_line = max(utf8_fault, cp932_fault)
    raise TableError(
        "encoding.unknown",
        f"{bad_line}行目に UTF-8 でも Shift_JIS（CP932）でもない文字があります。"
        "文字コードを UTF-8 にして保存し直してください。",
        f"Line {bad_line} contains bytes that are neither UTF-8 nor CP932; "
        "save the file as UTF-8.",
        sheet=sheet,
        row=bad_line,
    )


def _decodes(opener: Opener, encoding: str, skip: int = 0) -> int | None:
    """None if the stream decodes cleanly, else the 1-based line of the fault
    (``skip``: bytes of a BOM not to decode)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    line = 1
    with opener() as raw:
        raw.read(skip)
        while True:
            chunk = raw.read(_CHUNK)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                return line + chunk[: exc.start].count(b"\n")
            if encoding == "cp932" and (found := _NOT_EXCEL_CP932.search(text)):
                return line + text[: found.start()].count("\n")
            line += text.count("\n")
            if not chunk:
                return None


# --- headers and records -----------------------------------------------------


def normalize_header(text: object) -> str:
    """Fold a header cell for matching: full-width, spaces, case, a trailing *.

    「出願番号 」, 「出願番号＊」 and 「Application_Number」 all compare equal to
    their plain forms.
    """
    if text is None:
        return ""
    text = str(text)
    if not text.isascii():
        text = to_halfwidth(text)
    return "".join(text.split()).lower().rstrip("*")


@dataclass(frozen=True, slots=True)
class HeaderMatch:
    """How a header row maps onto the expected columns."""

    keys: tuple[str | None, ...]
    unknown: tuple[tuple[int, str], ...]
    duplicated: tuple[tuple[int, str], ...]
    missing: tuple[str, ...]
    #: 0-based positions of blank header cells (data under them is unlabelled).
    blank: tuple[int, ...] = ()


def match_header(
    cells: Sequence[Cell],
    aliases: Mapping[str, str],
    required: Iterable[str],
) -> HeaderMatch:
    """Map header cells to column keys through ``aliases`` (normalised → key).

    Blank header cells are ignored; unknown and repeated headers are returned
    (1-based column positions) for the caller to report.
    """
    keys: list[str | None] = []
    seen: set[str] = set()
    unknown: list[tuple[int, str]] = []
    duplicated: list[tuple[int, str]] = []
    for position, cell in enumerate(cells, start=1):
        key = aliases.get(normalize_header(cell))
        if is_blank(cell):
            key = None
        elif key is None:
            unknown.append((position, str(cell)))
        elif key in seen:
            duplicated.append((position, str(cell)))
            key = None
        else:
            seen.add(key)
        keys.append(key)
    missing = tuple(key for key in required if key not in seen)
    blank = tuple(i for i, cell in enumerate(cells) if is_blank(cell))
    return HeaderMatch(tuple(keys), tuple(unknown), tuple(duplicated), missing, blank)


def is_blank(value: Cell) -> bool:
    """Whether a cell is empty: None, or a string of only whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def read_records(
    rows: Iterator[tuple[int, Sequence[Cell]]],
    aliases: Mapping[str, str],
    required: Iterable[str],
) -> tuple[HeaderMatch, Iterator[Record]]:
    """Split a sheet into its header (row 1) and an iterator of data records.

    Each record maps column keys to raw cell values; cells under unknown or
    repeated headers are left out (the caller reports those headers). Blank
    rows are skipped, since spreadsheets are full of them.
    """
    first = next(rows, None)
    cells: Sequence[Cell] = () if first is None or first[0] != 1 else first[1]
    header = match_header(cells, aliases, required)
    if first is not None and first[0] != 1:
        rows = itertools.chain([first], rows)
    return header, _records(rows, header)


def _records(
    rows: Iterator[tuple[int, Sequence[Cell]]], header: HeaderMatch
) -> Iterator[Record]:
    wanted = [(i, key) for i, key in enumerate(header.keys) if key is not None]
    width = len(header.keys)
    for number, cells in rows:
        if _blank_row(cells):
            continue
        size = len(cells)
        record = {key: cells[i] if i < size else None for i, key in wanted}
        if header.blank or size > width:
            stray = _unlabelled(cells, header.blank, width)
            if stray:
                record[UNLABELLED] = stray
        yield number, record


def _blank_row(cells: Sequence[Cell]) -> bool:
    """is_blank for every cell, unrolled: this runs once per row of the file."""
    for cell in cells:
        if cell is None or (type(cell) is str and (not cell or cell.isspace())):
            continue
        return False
    return True


def _unlabelled(
    cells: Sequence[Cell], blank: tuple[int, ...], width: int
) -> list[tuple[int, Cell]]:
    """Values under a blank header or right of the last one (1-based columns)."""
    size = len(cells)
    stray = [(i + 1, cells[i]) for i in blank if i < size and not is_blank(cells[i])]
    for i in range(width, size):
        if not is_blank(cells[i]):
            stray.append((i + 1, cells[i]))
    return stray
