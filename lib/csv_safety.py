"""The one formula-safe writer of every CSV and xlsx cell Chiiki exports.

Excel and LibreOffice run a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula, and a leading tab or carriage return can hide such a prefix.
Every CSV/XLSX export passes its text cells through :func:`neutralise_cell`,
which prefixes a single quote, the convention both programs show as text.
Numbers are left alone so that ``-5`` stays a number.

:class:`SafeCsvWriter` is the CSV side: every cell neutralised, ``None`` as
an empty cell, UTF-8 with a byte-order mark (without it Excel reads a UTF-8
CSV as Shift_JIS and shows 文字化け) and CRLF line ends. Columns named in
``text_columns`` hold identifiers: a value a spreadsheet would read as a
number or a date (``6-2-1`` becomes 2001/6/2 in Excel, ``0123`` loses its
zero) gets :data:`TEXT_MARK` in front, so it stays the text it is.

:func:`put_text` is the xlsx side: openpyxl turns any string starting with
``=`` into a live formula; the cell is written as a string instead.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from typing import IO, Any, TypeVar

__all__ = [
    "BOM",
    "FORMULA_PREFIXES",
    "TEXT_MARK",
    "SafeCsvWriter",
    "csv_bytes",
    "keep_as_text",
    "neutralise_cell",
    "neutralise_row",
    "put_text",
]

#: UTF-8's byte-order mark, as text (the writer's first character).
BOM = "\ufeff"
#: In front of an identifier a spreadsheet would otherwise convert.
TEXT_MARK = "#"
#: Digits with separators of numbers, dates or times (and nothing else).
_CONVERTIBLE = re.compile(r"[0-9][0-9\-/.:, ]*")

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def neutralise_cell(value: T) -> T | str:
    """The value, with a ``'`` in front when it is text that would run as code."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_row(values: Iterable[T]) -> list[T | str]:
    return [neutralise_cell(value) for value in values]


def keep_as_text(value: Any) -> Any:
    """An identifier a spreadsheet would read as a number or date, marked as text.

    ``6-2-1`` → ``#6-2-1``; ``KC`` and ``kc-sapporo`` stay as they are.
    """
    if isinstance(value, str) and _CONVERTIBLE.fullmatch(value.strip()):
        return TEXT_MARK + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose every cell is formula-safe (see the module docstring)."""

    def __init__(
        self,
        stream: IO[str],
        header: Sequence[str] | None = None,
        *,
        bom: bool = True,
        text_columns: Iterable[str] = (),
    ) -> None:
        self._writer = csv.writer(stream, lineterminator="\r\n")
        self._header = list(header or [])
        self._text = {self._header.index(name) for name in text_columns}
        if bom:
            stream.write(BOM)
        if self._header:
            self._writer.writerow(neutralise_row(self._header))

    def cells(self, row: Iterable[Any]) -> list[Any]:
        """One row as it is written: ids marked, formulas defused, None empty."""
        out = []
        for index, value in enumerate(row):
            if value is None:
                value = ""
            elif index in self._text:
                value = keep_as_text(str(value))
            out.append(neutralise_cell(value))
        return out

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow(self.cells(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_bytes(
    rows: Iterable[Iterable[Any]],
    header: Sequence[str] | None = None,
    *,
    bom: bool = True,
    text_columns: Iterable[str] = (),
) -> bytes:
    """A whole CSV file, UTF-8 (with BOM by default), through :class:`SafeCsvWriter`."""
    buffer = io.StringIO()
    SafeCsvWriter(buffer, header, bom=bom, text_columns=text_columns).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def put_text(cell: Any, value: Any) -> None:
    """Write ``value`` into an openpyxl cell; text never becomes a formula."""
    cell.value = value
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"  # shown as typed, not run (Excel and LibreOffice)
