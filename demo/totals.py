"""National totals that the synthetic annual reports add up to, exactly.

Published (from the seed, so tests assert them):

* researchers in FY2003: the 15 KC regions started by FY2003 had 1,500, of them
  500 from companies; the 19 City Areas started in FY2002 had 700, of them 200
  (the seed says "約"; the demo makes the figures exact);
* patent applications in FY2003: "more than 500" — here 523;
* regions' own funds (自主事業, excluding companies) over FY2002–FY2003: 107億円;
* the subsidy spent equals the programme budgets the seed gives (KC FY2003 69億円,
  FY2004 90億円; CA FY2003 31億円, FY2004 34億円), KC FY2002 60億円 (kotobank,
  medium) and CA FY2002 19 areas × 1億円 (the standard grant; not published).

Everything else is synthetic but shaped by the seed: patents and companies grow
faster from FY2002 to FY2003 than the budget (79億円 → 100億円, +26.6 %), companies
grow every year, joint research grows about 20 % from FY2002 to FY2004 (target
6-2-3 asks 30 % by FY2006), commercialisations are few and rising. The FY2003
cohort of City Areas was selected mid-year (函館: June 2003), so its first-year
teams are small, which keeps the FY2003 total of all reports near the seed's
"約2,200 (産 約700)".
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.money import YEN_PER_MILLION, YEN_PER_OKU

__all__ = [
    "PARTICIPANT_TOTALS",
    "PUBLISHED_PATENTS_FY2003",
    "PUBLISHED_REGIONAL_FUNDS_FY2002_2003",
    "YEAR_TOTALS",
    "ParticipantTotals",
    "YearTotals",
    "participant_groups",
    "year_totals",
]

PUBLISHED_PATENTS_FY2003 = 523
PUBLISHED_REGIONAL_FUNDS_FY2002_2003 = 107 * YEN_PER_OKU


@dataclass(frozen=True)
class YearTotals:
    """What all active regions of one programme report for one fiscal year."""

    programme: str
    fiscal_year: int
    patents: int
    commercializations: int
    companies: int
    joint_research: int
    subsidy_yen: int
    regional_yen: int
    company_yen: int


@dataclass(frozen=True)
class ParticipantTotals:
    """Researchers by sector of the regions of some cohorts (start FYs) in a FY."""

    programme: str
    fiscal_year: int
    cohorts: tuple[int, ...]
    industry: int
    academia: int
    government: int


_M = YEN_PER_MILLION
_OKU = YEN_PER_OKU

YEAR_TOTALS: tuple[YearTotals, ...] = (
    YearTotals("KC", 2002, 180, 8, 310, 150, 60 * _OKU, 35 * _OKU, 600 * _M),
    YearTotals("CA", 2002, 61, 4, 220, 95, 19 * _OKU, 8 * _OKU, 250 * _M),
    YearTotals("KC", 2003, 390, 26, 430, 160, 69 * _OKU, 51 * _OKU, 900 * _M),
    YearTotals("CA", 2003, 133, 12, 290, 110, 31 * _OKU, 13 * _OKU, 400 * _M),
    YearTotals("KC", 2004, 470, 40, 520, 175, 90 * _OKU, 58 * _OKU, 1_200 * _M),
    YearTotals("CA", 2004, 178, 21, 370, 119, 34 * _OKU, 17 * _OKU, 550 * _M),
)

PARTICIPANT_TOTALS: tuple[ParticipantTotals, ...] = (
    ParticipantTotals("KC", 2002, (2002,), 330, 650, 160),
    ParticipantTotals("KC", 2003, (2002, 2003), 500, 790, 210),  # published
    ParticipantTotals("KC", 2004, (2002, 2003, 2004), 640, 1_000, 250),
    ParticipantTotals("CA", 2002, (2002,), 150, 320, 80),
    ParticipantTotals("CA", 2003, (2002,), 200, 400, 100),  # published
    ParticipantTotals("CA", 2003, (2003,), 16, 22, 8),
    ParticipantTotals("CA", 2004, (2002,), 215, 410, 100),
    ParticipantTotals("CA", 2004, (2003,), 95, 160, 45),
    ParticipantTotals("CA", 2004, (2004,), 40, 70, 20),
)


def year_totals(programme: str, fiscal_year: int) -> YearTotals:
    for totals in YEAR_TOTALS:
        if (totals.programme, totals.fiscal_year) == (programme, fiscal_year):
            return totals
    raise KeyError((programme, fiscal_year))


def participant_groups(programme: str, fiscal_year: int) -> list[ParticipantTotals]:
    return [
        group
        for group in PARTICIPANT_TOTALS
        if (group.programme, group.fiscal_year) == (programme, fiscal_year)
    ]
