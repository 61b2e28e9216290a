"""What changed between two fiscal years' sheets: figures and prose.

Works on the JSON form of a sheet (``Sheet.as_dict()`` or a published
version's stored ``figures``), so a live draft, a frozen version or one of
each compare the same way. Figure keys are relative to the sheet's year
(``budget.request``, ``regions.KC`` …), so like is compared with like.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

__all__ = ["FigureChange", "ProseChange", "SheetComparison", "compare_sheets"]


@dataclass(frozen=True)
class FigureChange:
    key: str
    label: str
    before: Any
    after: Any
    before_text: str
    after_text: str

    @property
    def delta(self) -> float | None:
        if isinstance(self.before, int | float) and isinstance(self.after, int | float):
            return round(self.after - self.before, 2)
        return None


@dataclass(frozen=True)
class ProseChange:
    part: str
    diff: list[str]


@dataclass(frozen=True)
class SheetComparison:
    before_fy: int
    after_fy: int
    figures: list[FigureChange]
    prose: list[ProseChange]
    unchanged_figures: int

    @property
    def is_empty(self) -> bool:
        return not self.figures and not self.prose


def compare_sheets(before: dict[str, Any], after: dict[str, Any]) -> SheetComparison:
    """Figures whose value differs (or exist in one only), and prose diffs."""
    old, new = before.get("figures", {}), after.get("figures", {})
    changes = []
    unchanged = 0
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is not None and b is not None and a.get("value") == b.get("value"):
            unchanged += 1
            continue
        label = (b or a or {}).get("label", key)
        changes.append(
            FigureChange(
                key,
                label,
                a.get("value") if a else None,
                b.get("value") if b else None,
                a.get("text", "—") if a else "—",
                b.get("text", "—") if b else "—",
            )
        )
    prose = []
    old_prose, new_prose = before.get("prose", {}), after.get("prose", {})
    for part in sorted(set(old_prose) | set(new_prose)):
        a_text, b_text = old_prose.get(part, ""), new_prose.get(part, "")
        if a_text == b_text:
            continue
        diff = list(
            difflib.unified_diff(
                a_text.splitlines(),
                b_text.splitlines(),
                str(before.get("fiscal_year")),
                str(after.get("fiscal_year")),
                lineterm="",
            )
        )
        prose.append(ProseChange(part, diff))
    return SheetComparison(
        int(before.get("fiscal_year") or 0),
        int(after.get("fiscal_year") or 0),
        changes,
        prose,
        unchanged,
    )
