"""A staggered-adoption panel: one outcome per unit and year, and when each unit
was first treated.

Parsing and validation live here, apart from the estimators in :mod:`lib.did`,
so that the CLI, the comparison-dataset import and the tests all refuse the
same bad input with the same Japanese message (a :class:`PanelError`).

``first_treated`` is the first *year* a unit is treated; ``0`` (or an empty
cell) means never treated, as in Callaway & Sant'Anna's ``gname`` convention.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from lib.errors import ConventionError

__all__ = [
    "PANEL_COLUMNS",
    "Panel",
    "PanelError",
    "PanelRow",
    "build_panel",
    "read_panel_csv",
]

#: The columns ``manage.py impact --panel`` expects, in this order of meaning.
PANEL_COLUMNS = ("unit", "year", "value", "first_treated")


class PanelError(ConventionError):
    """The panel cannot be estimated; ``row`` is the CSV line when known."""

    def __init__(
        self,
        code: str,
        message_ja: str,
        message_en: str,
        value: object = None,
        *,
        row: int | None = None,
    ) -> None:
        super().__init__(code, message_ja, message_en, value)
        self.row = row


@dataclass(frozen=True)
class PanelRow:
    """One observation: a unit's outcome in one year."""

    unit: str
    year: int
    value: float
    first_treated: int  # 0 = never treated


@dataclass(frozen=True)
class Panel:
    """A balanced panel as arrays: ``y[i, j]`` is unit ``units[i]`` in ``years[j]``.

    ``dropped_unbalanced`` lists units removed because a year was missing
    (the estimator needs every unit in every year, as R ``did`` does by default).
    """

    units: tuple[str, ...]
    years: np.ndarray  # sorted int64
    y: np.ndarray  # float64, shape (n_units, n_years)
    first_treated: np.ndarray  # int64, shape (n_units,)
    dropped_unbalanced: tuple[str, ...] = ()

    @property
    def n_units(self) -> int:
        return len(self.units)


def _parse_int(text: str, column: str, line: int, *, blank: int | None) -> int:
    text = text.strip()
    if not text and blank is not None:
        return blank
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number != int(number):
        raise PanelError(
            "not_integer",
            "{}行目: 列「{}」の値「{}」は整数ではありません。".format(
                line, column, text
            ),
            "line {}: column '{}' value '{}' is not an integer.".format(
                line, column, text
            ),
            text,
            row=line,
        )
    return int(number)


def _parse_value(text: str, line: int) -> float:
    try:
        number = float(text.strip().replace(",", ""))
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise PanelError(
            "not_number",
            "{}行目: 列「value」の値「{}」は数値ではありません。".format(line, text),
            "line {}: column 'value' value '{}' is not a number.".format(line, text),
            text,
            row=line,
        )
    return number


def read_panel_csv(data: bytes | str) -> list[PanelRow]:
    """Parse a CSV with the header ``unit,year,value,first_treated`` (any order).

    UTF-8 (with or without BOM) or CP932, as Excel writes it. Every line is
    checked; the first bad line stops the read with its line number.
    """
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp932")
            except UnicodeDecodeError as exc:
                raise PanelError(
                    "encoding",
                    "CSVの文字コードを判別できません（UTF-8 または Shift_JIS）。",
                    "Cannot decode the CSV (UTF-8 or Shift_JIS expected).",
                ) from exc
    else:
        text = data
    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [name for name in PANEL_COLUMNS if name not in header]
    if missing:
        raise PanelError(
            "missing_columns",
            "必要な列がありません: {}（必要な列: {}）".format(
                ", ".join(missing), ", ".join(PANEL_COLUMNS)
            ),
            "Missing columns: {} (required: {})".format(
                ", ".join(missing), ", ".join(PANEL_COLUMNS)
            ),
            missing,
            row=1,
        )
    index = {name: header.index(name) for name in PANEL_COLUMNS}
    rows: list[PanelRow] = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = cells + [""] * (len(header) - len(cells))
        unit = cells[index["unit"]].strip()
        if not unit:
            raise PanelError(
                "empty_unit",
                "{}行目: 列「unit」が空です。".format(line),
                "line {}: column 'unit' is empty.".format(line),
                row=line,
            )
        rows.append(
            PanelRow(
                unit=unit,
                year=_parse_int(cells[index["year"]], "year", line, blank=None),
                value=_parse_value(cells[index["value"]], line),
                first_treated=_parse_int(
                    cells[index["first_treated"]], "first_treated", line, blank=0
                ),
            )
        )
    return rows


def _check_rows(rows: Sequence[PanelRow]) -> None:
    if not rows:
        raise PanelError(
            "empty", "データ行がありません。", "The panel has no data rows."
        )
    seen: dict[tuple[str, int], int] = {}
    treated: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        key = (row.unit, row.year)
        if key in seen:
            raise PanelError(
                "duplicate_unit_year",
                "単位「{}」の{}年が重複しています（{}行目と{}行目）。".format(
                    row.unit, row.year, seen[key], number
                ),
                "Unit '{}' year {} appears twice (lines {} and {}).".format(
                    row.unit, row.year, seen[key], number
                ),
                key,
                row=number,
            )
        seen[key] = number
        if row.first_treated < 0:
            raise PanelError(
                "negative_first_treated",
                "{}行目: first_treated は0以上の年でなければなりません。".format(
                    number
                ),
                "line {}: first_treated must be 0 or a year.".format(number),
                row.first_treated,
                row=number,
            )
        before = treated.setdefault(row.unit, row.first_treated)
        if before != row.first_treated:
            raise PanelError(
                "inconsistent_first_treated",
                "単位「{}」の first_treated が行によって異なります（{}と{}）。".format(
                    row.unit, before, row.first_treated
                ),
                "Unit '{}' has different first_treated values ({} and {}).".format(
                    row.unit, before, row.first_treated
                ),
                row.unit,
                row=number,
            )


def build_panel(rows: Iterable[PanelRow]) -> Panel:
    """Validate the rows and shape them into a balanced panel.

    Units missing a year are dropped (and listed); if that leaves fewer than two
    years or no unit, the panel is refused.
    """
    rows = list(rows)
    _check_rows(rows)
    years = np.array(sorted({row.year for row in rows}), dtype=np.int64)
    units = sorted({row.unit for row in rows})
    unit_index = {unit: i for i, unit in enumerate(units)}
    year_index = {int(year): j for j, year in enumerate(years)}
    y = np.full((len(units), len(years)), np.nan)
    first = np.zeros(len(units), dtype=np.int64)
    for row in rows:
        i = unit_index[row.unit]
        y[i, year_index[row.year]] = row.value
        first[i] = row.first_treated
    complete = ~np.isnan(y).any(axis=1)
    dropped = tuple(unit for unit, ok in zip(units, complete, strict=True) if not ok)
    if len(years) < 2 or not complete.any():
        raise PanelError(
            "too_few_years",
            "全ての年がそろった単位が2年以上ありません。",
            "No unit is observed in at least two years with every year present.",
        )
    return Panel(
        units=tuple(unit for unit, ok in zip(units, complete, strict=True) if ok),
        years=years,
        y=y[complete],
        first_treated=first[complete],
        dropped_unbalanced=dropped,
    )
