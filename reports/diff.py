"""What changed between two versions of a report, sheet by sheet, cell by cell.

Rows have no identity across versions (every import writes new rows), so
they are matched by each sheet's natural key: the patent's application
number, the company's name and 法人番号, the sector of a researcher count,
and so on. Within one key, rows equal in every column are unchanged; the
rest are paired in order and each pair is a *changed* row whose differing
cells are listed old → new (学 researchers 95 → 140, an edited patent title).
Rows left over are added (only in the new version) or removed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reports.models import ReportVersion
from reports.sheets import BOOL_LABELS, SHEETS, Column, ColumnType, Sheet

__all__ = [
    "NATURAL_KEYS",
    "CellChange",
    "RowChange",
    "SheetDiff",
    "diff_versions",
    "display_value",
    "sheet_counts",
]

#: Sheet key → the columns (sheets.py keys) that identify a row to people.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "patent_applications": ("application_number",),
    "commercializations": ("kind", "name", "date"),
    "participants": ("sector",),
    "companies": ("name", "corporate_number"),
    "joint_research": ("title", "started_on"),
    "activities": ("kind", "title", "held_on"),
    "funds": ("source",),
}

Key = tuple[object, ...]
Row = tuple[object, ...]


@dataclass(frozen=True)
class CellChange:
    """One cell whose value differs: the column's label, old and new as shown."""

    column: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """A row present in both versions (same natural key) with edited cells."""

    key: tuple[str, ...]
    cells: tuple[CellChange, ...]


@dataclass
class SheetDiff:
    """One sheet's difference: counts, added/removed keys and changed cells.

    ``added`` and ``removed`` hold the raw natural keys (as stored);
    ``added_shown`` and ``removed_shown`` the same rows as people read them
    (Japanese labels for codes, はい/いいえ, digit grouping).
    """

    key: str
    name_ja: str
    columns: tuple[str, ...]
    old_count: int
    new_count: int
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    added_shown: list[tuple[str, ...]] = field(default_factory=list)
    removed_shown: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.added
            or self.removed
            or self.changes
            or self.old_count != self.new_count
        )

    @property
    def changed_cells(self) -> int:
        return sum(len(change.cells) for change in self.changes)


def sheet_counts(version: ReportVersion | None) -> dict[str, int]:
    """Rows per sheet of ``version`` (all zero for None), in SHEETS order."""
    if version is None:
        return {sheet.key: 0 for sheet in SHEETS}
    return {
        sheet.key: sheet.model._default_manager.filter(version=version).count()
        for sheet in SHEETS
    }


def diff_versions(old: ReportVersion, new: ReportVersion) -> list[SheetDiff]:
    """One :class:`SheetDiff` per sheet, in the template's sheet order."""
    return [_diff_sheet(sheet, old, new) for sheet in SHEETS]


def display_value(column: Column, value: Any) -> str:
    """A stored cell as the report pages show it (never an internal code)."""
    if value is None or value == "":
        return "—"
    if column.type is ColumnType.ENUM:
        return dict(column.pairs()).get(str(value), str(value))
    if column.type is ColumnType.BOOL:
        return BOOL_LABELS[bool(value)]
    if column.type in (ColumnType.INT, ColumnType.YEN) and isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _diff_sheet(sheet: Sheet, old: ReportVersion, new: ReportVersion) -> SheetDiff:
    names = tuple(column.key for column in sheet.columns)
    key_positions = tuple(names.index(k) for k in NATURAL_KEYS[sheet.key])
    old_groups = _groups(sheet, old, names, key_positions)
    new_groups = _groups(sheet, new, names, key_positions)
    diff = SheetDiff(
        key=sheet.key,
        name_ja=sheet.name_ja,
        columns=tuple(sheet.by_key[k].label_ja for k in NATURAL_KEYS[sheet.key]),
        old_count=sum(len(rows) for rows in old_groups.values()),
        new_count=sum(len(rows) for rows in new_groups.values()),
    )
    for key in sorted(set(old_groups) | set(new_groups), key=repr):
        _diff_key(diff, sheet, key, old_groups.get(key, []), new_groups.get(key, []))
    diff.added_shown = [_shown_key(sheet, key) for key in diff.added]
    diff.removed_shown = [_shown_key(sheet, key) for key in diff.removed]
    return diff


def _groups(
    sheet: Sheet,
    version: ReportVersion,
    names: tuple[str, ...],
    key_positions: tuple[int, ...],
) -> dict[Key, list[Row]]:
    rows = sheet.model._default_manager.filter(version=version).order_by("pk")
    groups: dict[Key, list[Row]] = defaultdict(list)
    for row in rows.values_list(*names):
        groups[tuple(row[i] for i in key_positions)].append(row)
    return groups


def _diff_key(
    diff: SheetDiff, sheet: Sheet, key: Key, old_rows: list[Row], new_rows: list[Row]
) -> None:
    """Drop rows equal in both, pair the rest as changes, the surplus is
    added or removed."""
    old_left = list(old_rows)
    new_left: list[Row] = []
    for row in new_rows:
        if row in old_left:
            old_left.remove(row)
        else:
            new_left.append(row)
    pairs = min(len(old_left), len(new_left))
    for before, after in zip(old_left[:pairs], new_left[:pairs], strict=True):
        diff.changes.append(
            RowChange(_shown_key(sheet, key), _cells(sheet, before, after))
        )
    diff.added.extend([key] * (len(new_left) - pairs))
    diff.removed.extend([key] * (len(old_left) - pairs))


def _cells(sheet: Sheet, before: Row, after: Row) -> tuple[CellChange, ...]:
    return tuple(
        CellChange(column.label_ja, display_value(column, a), display_value(column, b))
        for column, a, b in zip(sheet.columns, before, after, strict=True)
        if a != b
    )


def _shown_key(sheet: Sheet, key: Key) -> tuple[str, ...]:
    columns = [sheet.by_key[k] for k in NATURAL_KEYS[sheet.key]]
    return tuple(display_value(c, v) for c, v in zip(columns, key, strict=True))
