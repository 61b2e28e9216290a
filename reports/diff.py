"""What changed between two versions of a report, sheet by sheet.

Rows have no identity across versions (every import writes new rows), so
they are matched by each sheet's natural key: the patent's application
number, the company's name and 法人番号, and so on. A row whose key appears
only in the new version was added; only in the old one, removed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from reports.models import ReportVersion
from reports.sheets import SHEETS, Sheet

__all__ = ["NATURAL_KEYS", "SheetDiff", "diff_versions", "sheet_counts"]

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


@dataclass
class SheetDiff:
    """Counts and added/removed natural keys of one sheet."""

    key: str
    name_ja: str
    columns: tuple[str, ...]
    old_count: int
    new_count: int
    added: list[Key] = field(default_factory=list)
    removed: list[Key] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.old_count != self.new_count)


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


def _diff_sheet(sheet: Sheet, old: ReportVersion, new: ReportVersion) -> SheetDiff:
    columns = NATURAL_KEYS[sheet.key]
    old_keys = _keys(sheet, old, columns)
    new_keys = _keys(sheet, new, columns)
    # Multisets: two identical rows in one version and one in the other is a change.
    added = sorted((new_keys - old_keys).elements(), key=repr)
    removed = sorted((old_keys - new_keys).elements(), key=repr)
    return SheetDiff(
        key=sheet.key,
        name_ja=sheet.name_ja,
        columns=tuple(sheet.by_key[c].label_ja for c in columns),
        old_count=old_keys.total(),
        new_count=new_keys.total(),
        added=added,
        removed=removed,
    )


def _keys(sheet: Sheet, version: ReportVersion, columns: tuple[str, ...]) -> Counter:
    rows = sheet.model._default_manager.filter(version=version)
    return Counter(rows.values_list(*columns))
