"""What both spreadsheet readers (:mod:`lib.tables`, :mod:`lib.xlsx`) hand
back besides plain values: the marker types for formulas, error values and
oversized cells, and the file-level error with its place.

Its own module so the xlsx reader and the table layer above it share these
without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.errors import ConventionError
from lib.limits import describe

__all__ = ["CellErrorValue", "Formula", "Oversized", "TableError", "limit_error"]


class TableError(ConventionError):
    """The file (or one sheet of it) cannot be read at all.

    ``sheet``, ``row`` and ``column`` say where, as far as that is known, so the
    user can be pointed at the place even for file-level problems.
    """

    def __init__(
        self,
        code: str,
        message_ja: str,
        message_en: str,
        value: object = None,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(code, message_ja, message_en, value)
        self.sheet = sheet
        self.row = row
        self.column = column


def limit_error(
    code: str,
    limit: float,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    value: object = None,
) -> TableError:
    """A :class:`TableError` for a bound of :mod:`lib.limits`, worded with
    the place (sheet, row, cell) as far as it is known."""
    where_ja, where_en = _place(sheet, row, column)
    ja, en = describe(code, limit, where_ja, where_en)
    return TableError(code, ja, en, value, sheet=sheet, row=row, column=column)


def _place(sheet: str | None, row: int | None, column: str | None) -> tuple[str, str]:
    ja: list[str] = []
    en: list[str] = []
    if sheet is not None:
        ja.append(f"シート「{sheet}」")
        en.append(f"sheet {sheet!r}")
    if row is not None:
        ja.append(f"{row:,}行目")
        en.append(f"row {row:,}")
    if column is not None:
        ja.append(f"セル{column[:40]}")
        en.append(f"cell {column[:40]}")
    if not ja:
        return "ファイル", "The file"
    return " ".join(ja), ", ".join(en)


class Formula(str):
    """The text of a formula cell (``=SUM(A1:A3)``); reports must hold values."""

    __slots__ = ()


class CellErrorValue(str):
    """An Excel error value such as ``#N/A`` or ``#DIV/0!``."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Oversized:
    """Stands in for a cell longer than :data:`MAX_CELL_CHARS` characters."""

    length: int
    head: str

    def __str__(self) -> str:
        return f"{self.head}…（{self.length:,}文字）"
