"""Read a comparison table (CSV or xlsx) into checked rows, listing every bad row.

Headers may be the English keys or the Japanese labels:
``unit_code``/単位コード, ``unit_name``/単位名 (optional), ``fiscal_year``/年度
(2004, H16, 平成16年度), ``value``/値. Nothing is written here; the service
stores the rows in one transaction only when this found no error at all.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lib.errors import ConventionError
from lib.tables import open_tables
from lib.wareki import parse_fiscal_year

__all__ = ["ComparisonRow", "ImportRejected", "read_comparison_file"]

HEADERS = {
    "unit_code": ("unit_code", "単位コード"),
    "unit_name": ("unit_name", "単位名"),
    "fiscal_year": ("fiscal_year", "年度"),
    "value": ("value", "値"),
}
REQUIRED = ("unit_code", "fiscal_year", "value")


@dataclass(frozen=True)
class ComparisonRow:
    """One checked line of the table."""

    line: int
    unit_code: str
    unit_name: str
    fiscal_year: int
    value: float


class ImportRejected(Exception):
    """The file was refused; ``errors`` lists every problem in Japanese."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _lines(path: Path) -> Iterator[tuple[int, Sequence[object]]]:
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(b"PK"):
        source = open_tables(path)
        try:
            first = source.sheet_names()[0]
            yield from source.rows(first)
        finally:
            source.close()
        return
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp932")
        except UnicodeDecodeError as exc:
            message = "文字コードを判別できません（UTF-8 または Shift_JIS）。"
            raise ImportRejected([message]) from exc
    yield from enumerate(csv.reader(io.StringIO(text)), start=1)


def _columns(header: Sequence[object]) -> dict[str, int]:
    names = [str(cell or "").strip().lower() for cell in header]
    found: dict[str, int] = {}
    for key, labels in HEADERS.items():
        for label in labels:
            if label in names:
                found[key] = names.index(label)
    missing = [
        HEADERS[key][1] + "（" + key + "）" for key in REQUIRED if key not in found
    ]
    if missing:
        raise ImportRejected(["必要な列がありません: " + "、".join(missing)])
    return found


def _row(line: int, cells: Sequence[object], cols: dict[str, int]) -> ComparisonRow:
    def cell(key: str) -> str:
        index = cols.get(key)
        if index is None or index >= len(cells) or cells[index] is None:
            return ""
        return str(cells[index]).strip()

    code = cell("unit_code")
    if not code:
        raise ValueError("単位コードが空です。")
    try:
        fiscal_year = parse_fiscal_year(cell("fiscal_year"))
    except ConventionError as error:
        raise ValueError(error.message_ja) from error
    try:
        value = float(cell("value").replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError("値「{}」は数値ではありません。".format(cell("value")))
    return ComparisonRow(line, code, cell("unit_name"), fiscal_year, value)


def read_comparison_file(path: Path) -> list[ComparisonRow]:
    """Every row, or :class:`ImportRejected` with every bad row (line and reason)."""
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise ImportRejected(["ファイルが空です。"])
    cols = _columns(first[1])
    rows: list[ComparisonRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, int], int] = {}
    for line, cells in lines:
        if not any(str(c or "").strip() for c in cells):
            continue
        try:
            row = _row(line, cells, cols)
        except ValueError as error:
            errors.append("{}行目: {}".format(line, error))
            continue
        key = (row.unit_code, row.fiscal_year)
        if key in seen:
            errors.append(
                "{}行目: 単位「{}」の{}年度は{}行目と重複しています。".format(
                    line, row.unit_code, row.fiscal_year, seen[key]
                )
            )
        seen[key] = line
        rows.append(row)
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected(["データ行がありません。"])
    return rows
