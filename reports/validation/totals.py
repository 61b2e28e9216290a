"""Rules across sheets, checked once every sheet has been read."""

from __future__ import annotations

from reports.choices import Sector
from reports.sheets import SHEETS_BY_KEY
from reports.validation.findings import Findings, RowError
from reports.validation.rows import SheetStats

__all__ = ["check_totals"]


def check_totals(stats: dict[str, SheetStats], findings: Findings) -> None:
    """Rules across sheets; skipped where a sheet could not be read at all."""
    if not all(s.readable for s in stats.values()) or len(stats) < len(SHEETS_BY_KEY):
        return
    companies = stats["companies"].rows
    industry, industry_row = stats["participants"].researchers.get(
        Sector.INDUSTRY, (0, None)
    )
    if companies and industry < 1:
        findings.error(
            RowError(
                "participants",
                industry_row,
                "researchers",
                str(industry),
                "totals.industry_researchers",
                f"参加企業が{companies:,}社あるのに、産（企業）の研究者数が0人です。",
                f"{companies:,} companies take part but industry researchers are 0.",
            )
        )
    research = stats["joint_research"]
    if research.max_partners > companies:
        findings.error(
            RowError(
                "joint_research",
                research.max_partners_row,
                "industry_partners",
                str(research.max_partners),
                "totals.industry_partners",
                f"参加企業数 {research.max_partners:,} が参加企業シートの社数"
                f"（{companies:,}社）を超えています。",
                f"industry_partners {research.max_partners:,} exceeds the "
                f"{companies:,} companies listed in the companies sheet.",
            )
        )
    researchers = sum(n for n, _ in stats["participants"].researchers.values())
    if research.rows and researchers == 0:
        findings.warning(
            RowError(
                "participants",
                None,
                "researchers",
                "0",
                "totals.no_researchers",
                "共同研究があるのに参加研究者数が入力されていません。",
                "There is joint research but no participating researchers.",
            )
        )
