"""Unsaved sheet rows for one synthetic report, every text marked as synthetic.

Counts come from the exact splits in `synthetic.py`; this module only dresses
them as rows: dates inside the fiscal year, names such as
「参加企業（合成）kc-sapporo-2003-017」, no 法人番号 (companies get one only
from 2015, and an invented one could be someone's real number).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models

from demo.regions import THEMES, RegionSpec
from lib.wareki import fiscal_year_bounds, format_fiscal_year
from reports.choices import ActivityKind, CommercializationKind, Sector
from reports.models import (
    Activity,
    Commercialization,
    Fund,
    JointResearch,
    ParticipantCount,
    ParticipatingCompany,
    PatentApplication,
)

__all__ = ["SYNTHETIC", "RegionCounts", "build_rows", "number_patents"]

SYNTHETIC = "（合成データ）"
APPLICANTS = "中核機関・参加大学（合成）"
COMPANY = "参加企業（合成）"

_THEME_NAMES = {code: name_ja for code, name_ja, _ in THEMES}
_COMMERCIALIZATIONS = (
    (CommercializationKind.PRODUCT, "商品化", 35),
    (CommercializationKind.PROTOTYPE, "試作品", 35),
    (CommercializationKind.STARTUP, "起業", 10),
    (CommercializationKind.LICENSE, "ライセンス", 20),
)
_ACTIVITY_NAMES = {
    ActivityKind.FORUM: "フォーラム",
    ActivityKind.JOINT_PRESENTATION: "知的クラスター・産業クラスター合同成果発表会",
    ActivityKind.INTERNSHIP: "長期インターンシップ",
    ActivityKind.MOT_COURSE: "MOT講座",
    ActivityKind.INTERNATIONAL: "国際交流セミナー",
    ActivityKind.OUTREACH: "理解増進イベント",
    ActivityKind.INTER_MINISTRY_PROJECT: "関係府省連携プロジェクト",
}
#: Application serials rise through the year like real ones and stay 6 digits.
_SERIAL_BASE = 100_000
_SERIALS_PER_DAY = 2_000


@dataclass
class RegionCounts:
    """One region's share of the national totals for one fiscal year."""

    patents: int = 0
    commercializations: int = 0
    companies: int = 0
    joint_research: int = 0
    researchers: dict[str, int] = field(default_factory=dict)
    funds: dict[str, int] = field(default_factory=dict)


def build_rows(
    rng: random.Random,
    spec: RegionSpec,
    fiscal_year: int,
    counts: RegionCounts,
    presentation_held: bool,
) -> list[models.Model]:
    """All seven sheets of one report (patent numbers are set later)."""
    label = f"{spec.code}-{fiscal_year}"
    return [
        *_patents(rng, spec, fiscal_year, counts.patents),
        *_commercializations(rng, label, fiscal_year, counts),
        *_participants(counts.researchers),
        *_companies(label, counts.companies),
        *_joint_research(rng, spec, label, fiscal_year, counts.joint_research),
        *_activities(rng, spec, fiscal_year, presentation_held),
        *(Fund(source=source, amount_yen=yen) for source, yen in counts.funds.items()),
    ]


def _day_in(rng: random.Random, fiscal_year: int) -> date:
    first, last = fiscal_year_bounds(fiscal_year)
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def _topic(spec: RegionSpec) -> str:
    return _THEME_NAMES[spec.themes[0]] if spec.themes else "地域産学官共同研究"


def _patents(
    rng: random.Random, spec: RegionSpec, fiscal_year: int, count: int
) -> Iterable[PatentApplication]:
    for _ in range(count):
        yield PatentApplication(
            application_number="",
            filed_on=_day_in(rng, fiscal_year),
            title=f"{SYNTHETIC}{_topic(spec)}に関する研究成果",
            applicants=APPLICANTS,
            foreign=rng.random() < 0.12,
        )


def _commercializations(
    rng: random.Random, label: str, fiscal_year: int, counts: RegionCounts
) -> Iterable[Commercialization]:
    kinds = [(kind, name) for kind, name, _ in _COMMERCIALIZATIONS]
    weights = [weight for *_, weight in _COMMERCIALIZATIONS]
    for number in range(1, counts.commercializations + 1):
        kind, name = rng.choices(kinds, weights)[0]
        company = rng.randint(1, max(counts.companies, 1))
        yield Commercialization(
            kind=kind,
            name=f"{SYNTHETIC}{name} {label}-{number:02d}",
            company=f"{COMPANY}{label}-{company:03d}",
            date=_day_in(rng, fiscal_year),
        )


def _participants(researchers: dict[str, int]) -> Iterable[ParticipantCount]:
    for sector in Sector.values:
        yield ParticipantCount(sector=sector, researchers=researchers[sector])


def _companies(label: str, count: int) -> Iterable[ParticipatingCompany]:
    for number in range(1, count + 1):
        yield ParticipatingCompany(name=f"{COMPANY}{label}-{number:03d}")


def _joint_research(
    rng: random.Random, spec: RegionSpec, label: str, fiscal_year: int, count: int
) -> Iterable[JointResearch]:
    for number in range(1, count + 1):
        started = _day_in(rng, fiscal_year)
        ongoing = rng.random() < 0.5
        yield JointResearch(
            title=f"{SYNTHETIC}共同研究 {label}-{number:02d}",
            theme=_THEME_NAMES[spec.themes[0]] if spec.themes else "",
            # Safety-themed areas run their first two projects on that theme.
            safety_security=spec.safety_security and number <= 2,
            started_on=started,
            ended_on=None if ongoing else started + timedelta(rng.randint(180, 720)),
            industry_partners=rng.randint(1, 5),
        )


def _activity_counts(
    rng: random.Random, spec: RegionSpec, fiscal_year: int, presentation_held: bool
) -> list[tuple[ActivityKind, int]]:
    """KC regions hold a joint presentation yearly (6-2-5); others do less."""
    later = fiscal_year >= 2003
    if spec.programme != "KC":
        return [
            (ActivityKind.FORUM, rng.randint(1, 2)),
            (ActivityKind.OUTREACH, rng.randint(0, 1)),
            (ActivityKind.INTERNSHIP, rng.randint(0, 1) if later else 0),
        ]
    return [
        (ActivityKind.JOINT_PRESENTATION, int(presentation_held)),
        (ActivityKind.FORUM, rng.randint(1, 3)),
        (ActivityKind.INTERNSHIP, rng.randint(0, 2) if later else 0),
        (ActivityKind.MOT_COURSE, int(later and rng.random() < 0.3)),
        (ActivityKind.INTERNATIONAL, int(rng.random() < 0.35)),
        (ActivityKind.OUTREACH, rng.randint(0, 2)),
        (
            ActivityKind.INTER_MINISTRY_PROJECT,
            int(fiscal_year >= 2004 and rng.random() < 0.3),
        ),
    ]


def _activities(
    rng: random.Random, spec: RegionSpec, fiscal_year: int, presentation_held: bool
) -> Iterable[Activity]:
    year = format_fiscal_year(fiscal_year)
    for kind, count in _activity_counts(rng, spec, fiscal_year, presentation_held):
        name = f"{SYNTHETIC}{spec.name_ja} {_ACTIVITY_NAMES[kind]}（{year}）"
        for number in range(1, count + 1):
            yield Activity(
                kind=kind,
                title=f"{name}第{number}回",
                held_on=_activity_day(rng, kind, fiscal_year),
                participants=rng.randint(30, 300),
            )


def _activity_day(rng: random.Random, kind: str, fiscal_year: int) -> date:
    """Joint presentations fall in October–February, as the yearly event did."""
    if kind == ActivityKind.JOINT_PRESENTATION:
        return date(fiscal_year, 10, 1) + timedelta(days=rng.randrange(150))
    return _day_in(rng, fiscal_year)


def number_patents(rng: random.Random, patents: Sequence[PatentApplication]) -> None:
    """Give every application a unique 特願YYYY-NNNNNN rising with its filing date.

    YYYY is the calendar year of filing (not the fiscal year), as the JPO numbers
    them. A running number in the title makes each synthetic title unique.
    """
    last: dict[int, int] = {}
    ordered = sorted(patents, key=lambda row: row.filed_on)
    for number, row in enumerate(ordered, start=1):
        year = row.filed_on.year
        day = row.filed_on.timetuple().tm_yday - 1
        guess = _SERIAL_BASE + day * _SERIALS_PER_DAY + rng.randint(1, _SERIALS_PER_DAY)
        last[year] = max(last.get(year, 0) + 1, guess)
        row.application_number = f"特願{year}-{last[year]}"
        row.title = f"{row.title} No.{number}"
