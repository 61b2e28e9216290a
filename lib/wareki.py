"""Japanese fiscal years (年度) and era names (和暦).

Government documents name fiscal years by era (平成16年度) while spreadsheets and
the database use Western years (2004). Both forms arrive from users, so this
module converts between them and rejects the impossible ones (平成32年度,
令和元年4月30日) instead of guessing.

Rules (see domain-facts §5):

* The fiscal year runs 1 April to 31 March (財政法第11条, 地方自治法第208条) and is
  named by the calendar year in which it starts.
* 昭和 began 1926-12-25, 平成 1989-01-08 and 令和 2019-05-01. Era year 1 is
  written 「元」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from lib.errors import ConventionError
from lib.text import to_halfwidth

__all__ = [
    "ERAS",
    "ERA_BOUNDARIES",
    "MAX_FISCAL_YEAR",
    "MIN_FISCAL_YEAR",
    "Era",
    "era_of_date",
    "era_of_fiscal_year",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_date_wareki",
    "format_fiscal_year",
    "format_fiscal_year_en",
    "parse_date",
    "parse_fiscal_year",
]

MIN_FISCAL_YEAR = 1900
MAX_FISCAL_YEAR = 2200
_FISCAL_YEAR_START_MONTH = 4


@dataclass(frozen=True, slots=True)
class Era:
    """One Japanese era: its names, its first and last day."""

    name: str
    letter: str
    name_en: str
    start: date
    end: date | None

    @property
    def offset(self) -> int:
        """Add an era year to this to get the Western year (平成: 1988)."""
        return self.start.year - 1

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside this era."""
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def abbreviation(self) -> str:
        """The one-kanji short form used in tables and patent numbers (平)."""
        return self.name[0]


ERAS: tuple[Era, ...] = (
    Era("昭和", "S", "Showa", date(1926, 12, 25), date(1989, 1, 7)),
    Era("平成", "H", "Heisei", date(1989, 1, 8), date(2019, 4, 30)),
    Era("令和", "R", "Reiwa", date(2019, 5, 1), None),
)

_ERA_BY_TOKEN: dict[str, Era] = {
    token: era for era in ERAS for token in (era.name, era.abbreviation, era.letter)
}
_ERA_TOKEN = "|".join(sorted(_ERA_BY_TOKEN, key=len, reverse=True))
_YEAR = r"[0-9]{1,3}|元"

_WESTERN_FY = re.compile(r"(?:FY)?([0-9]{4})(?:年度)?")
_ERA_FY = re.compile(rf"({_ERA_TOKEN})({_YEAR})(?:年度)?")
_WESTERN_DATE = re.compile(r"([0-9]{4})([-/.])([0-9]{1,2})\2([0-9]{1,2})")
_WESTERN_DATE_KANJI = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日")
_MONTH_DAY = r"([0-9]{1,2})\3([0-9]{1,2})"
_ERA_DATE = re.compile(rf"({_ERA_TOKEN})({_YEAR})([-/.]){_MONTH_DAY}")
_ERA_DATE_KANJI = re.compile(
    rf"({_ERA_TOKEN})({_YEAR})年([0-9]{{1,2}})月([0-9]{{1,2}})日"
)
_SPACES = re.compile(r"\s+")

_FY_HINT_JA = "2004、H16、平成16年度、R6 のように入力してください。"
_FY_HINT_EN = "enter it like 2004, H16, 平成16年度 or R6."
_DATE_HINT_JA = (
    "2004-04-01、2004/4/1、平成16年4月1日、H16.4.1 のように入力してください。"
)
_DATE_HINT_EN = "enter it like 2004-04-01, 2004/4/1, 平成16年4月1日 or H16.4.1."


# --- fiscal years -----------------------------------------------------------


def fiscal_year_of(d: date) -> int:
    """The fiscal year containing ``d``: 2005-03-31 is FY2004, 2005-04-01 FY2005."""
    return d.year if d.month >= _FISCAL_YEAR_START_MONTH else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of fiscal year ``fy`` (1 April fy, 31 March fy+1)."""
    _check_fiscal_year(fy)
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def era_of_date(d: date) -> Era:
    """The era in force on ``d``; dates before 昭和 are not supported."""
    for era in ERAS:
        if era.contains(d):
            return era
    raise ConventionError(
        "date.before_showa",
        f"{d.isoformat()} は昭和より前の日付のため和暦に変換できません。",
        f"{d.isoformat()} is before the Showa era and cannot be written in wareki.",
        d,
    )


def era_of_fiscal_year(fy: int) -> Era:
    """The era that government documents use to name fiscal year ``fy``.

    Normally that is the era in force on 1 April. The exception is an era that
    begins during the fiscal year in the same calendar year: FY2019 started under
    平成 but documents call it 令和元年度. (FY1989 is 平成元年度 by the normal
    rule, since 平成 began in January 1989.)
    """
    _check_fiscal_year(fy)
    in_force = _era_in_force_for_fiscal_year(fy, date(fy, 4, 1))
    for era in ERAS:
        if era.start > in_force.start and era.start.year == fy:
            return era
    return in_force


def _era_in_force_for_fiscal_year(fy: int, start: date) -> Era:
    for era in ERAS:
        if era.contains(start):
            return era
    raise ConventionError(
        "fiscal_year.before_showa",
        f"{fy}年度は昭和2年度（1927年度）より前のため和暦に変換できません。",
        f"FY{fy} is before FY1927 (昭和2年度) and cannot be written in wareki.",
        fy,
    )


def format_fiscal_year(fy: int, style: str = "long") -> str:
    """Write ``fy`` in era form: ``long`` → 「平成16年度」, ``short`` → 「H16」."""
    era = era_of_fiscal_year(fy)
    year = fy - era.offset
    if style == "long":
        return f"{era.name}{_era_year_text(year)}年度"
    if style == "short":
        return f"{era.letter}{year}"
    raise ConventionError(
        "fiscal_year.style",
        f"年度の表記形式「{style}」は使えません。long か short を指定してください。",
        f"Unknown fiscal year style {style!r}; use 'long' or 'short'.",
        style,
    )


def format_fiscal_year_en(fy: int) -> str:
    """Write ``fy`` the way English documents do: ``FY2004``."""
    _check_fiscal_year(fy)
    return f"FY{fy}"


def parse_fiscal_year(value: str | int) -> int:
    """Read a fiscal year typed as 2004, FY2004, 2004年度, H16, 平成16年度 or R元.

    平成31年度 and 令和元年度 both mean FY2019: the year began under 平成 and
    documents of the time use both names. Era years that never existed as a
    fiscal year (平成32年度, 昭和64年度, 令和0年度) are rejected.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _bad_fiscal_year(value)
    if isinstance(value, int):
        _check_fiscal_year(value)
        return value
    text = _SPACES.sub("", to_halfwidth(value)).upper()
    if match := _WESTERN_FY.fullmatch(text):
        fy = int(match.group(1))
        _check_fiscal_year(fy, value)
        return fy
    if match := _ERA_FY.fullmatch(text):
        return _fiscal_year_from_era(match.group(1), match.group(2), value)
    raise _bad_fiscal_year(value)


def _fiscal_year_from_era(token: str, year_text: str, raw: object) -> int:
    era = _ERA_BY_TOKEN[token]
    year = _era_year(year_text, raw)
    fy = era.offset + year
    _check_fiscal_year(fy, raw)
    if era not in _eras_naming_fiscal_year(fy):
        name = f"{era.name}{_era_year_text(year)}年度"
        raise ConventionError(
            "fiscal_year.not_in_era",
            f"{name}という年度はありません（{fy}年度は{era.name}の期間外です）。",
            f"{name} does not exist: FY{fy} is outside the {era.name_en} era.",
            raw,
        )
    return fy


def _eras_naming_fiscal_year(fy: int) -> set[Era]:
    """Eras under which ``fy`` may be named: the documented one and, for a year
    in which the era changed, the era in force on 1 April as well."""
    try:
        named = era_of_fiscal_year(fy)
        in_force = _era_in_force_for_fiscal_year(fy, date(fy, 4, 1))
    except ConventionError:
        return set()
    return {named, in_force}


def _check_fiscal_year(fy: object, raw: object = None) -> None:
    if isinstance(fy, bool) or not isinstance(fy, int):
        raise _bad_fiscal_year(fy if raw is None else raw)
    if not MIN_FISCAL_YEAR <= fy <= MAX_FISCAL_YEAR:
        raise ConventionError(
            "fiscal_year.out_of_range",
            f"年度「{fy}」は範囲外です。{MIN_FISCAL_YEAR}〜{MAX_FISCAL_YEAR}年度の"
            "範囲で入力してください。",
            f"Fiscal year {fy} is out of range; it must be between "
            f"{MIN_FISCAL_YEAR} and {MAX_FISCAL_YEAR}.",
            fy if raw is None else raw,
        )


def _bad_fiscal_year(value: object) -> ConventionError:
    return ConventionError(
        "fiscal_year.invalid",
        f"年度「{value}」を解釈できません。{_FY_HINT_JA}",
        f"Cannot read {value!r} as a fiscal year; {_FY_HINT_EN}",
        value,
    )


# --- era years --------------------------------------------------------------


def _era_year(text: str, raw: object) -> int:
    year = 1 if text == "元" else int(text)
    if year == 0:
        raise ConventionError(
            "era.year_zero",
            f"「{raw}」: 和暦に0年はありません。1年目は「元年」です。",
            f"{raw!r}: Japanese eras have no year 0; the first year is 元年 (1).",
            raw,
        )
    return year


def _era_year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


# --- dates ------------------------------------------------------------------


def parse_date(value: str | date | datetime) -> date:
    """Read a date typed in Western or era form, or taken from a spreadsheet.

    openpyxl hands over ``datetime`` objects; their time part is dropped. Era
    dates must fall inside the era: 平成31年5月1日 and 令和元年4月30日 never
    existed, so they are errors rather than being shifted into the other era.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise _bad_date(value)
    text = _SPACES.sub("", to_halfwidth(value)).upper()
    return _parse_date_text(text, value)


def _parse_date_text(text: str, raw: str) -> date:
    if match := _WESTERN_DATE.fullmatch(text):
        year, _, month, day = match.groups()
        return _western_date(year, month, day, raw)
    if match := _WESTERN_DATE_KANJI.fullmatch(text):
        return _western_date(*match.groups(), raw)
    if match := _ERA_DATE.fullmatch(text):
        token, year, _, month, day = match.groups()
        return _era_date(token, year, month, day, raw)
    if match := _ERA_DATE_KANJI.fullmatch(text):
        return _era_date(*match.groups(), raw)
    raise _bad_date(raw)


def _western_date(year: str, month: str, day: str, raw: str) -> date:
    return _make_date(int(year), int(month), int(day), raw)


def _era_date(token: str, year_text: str, month: str, day: str, raw: str) -> date:
    era = _ERA_BY_TOKEN[token]
    year = era.offset + _era_year(year_text, raw)
    result = _make_date(year, int(month), int(day), raw)
    if not era.contains(result):
        raise _outside_era(era, result, raw)
    return result


def _make_date(year: int, month: int, day: int, raw: str) -> date:
    if not MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR:
        raise ConventionError(
            "date.out_of_range",
            f"日付「{raw}」は範囲外です。{MIN_FISCAL_YEAR}年〜{MAX_FISCAL_YEAR}年の"
            "日付を入力してください。",
            f"The date {raw!r} is out of range; use a date between "
            f"{MIN_FISCAL_YEAR} and {MAX_FISCAL_YEAR}.",
            raw,
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ConventionError(
            "date.nonexistent",
            f"日付「{raw}」は存在しません（月または日が正しくありません）。",
            f"The date {raw!r} does not exist (check the month and day).",
            raw,
        ) from None


def _outside_era(era: Era, day: date, raw: str) -> ConventionError:
    last = era.end.isoformat() if era.end else ""
    span_ja = f"{era.start.isoformat()}〜{last}"
    return ConventionError(
        "date.not_in_era",
        f"日付「{raw}」は{era.name}の期間（{span_ja}）外です。",
        f"The date {raw!r} ({day.isoformat()}) is outside the {era.name_en} era "
        f"({era.start.isoformat()} to {last or 'now'}).",
        raw,
    )


def _bad_date(value: object) -> ConventionError:
    return ConventionError(
        "date.invalid",
        f"日付「{value}」を解釈できません。{_DATE_HINT_JA}",
        f"Cannot read {value!r} as a date; {_DATE_HINT_EN}",
        value,
    )


def format_date_wareki(d: date) -> str:
    """Write ``d`` in era form: 2004-04-01 → 「平成16年4月1日」, 元年 for year 1."""
    if isinstance(d, datetime):
        d = d.date()
    era = era_of_date(d)
    return f"{era.name}{_era_year_text(d.year - era.offset)}年{d.month}月{d.day}日"


#: Used by tests and docs: the last day of each era and the first of the next.
ERA_BOUNDARIES: tuple[tuple[date, date], ...] = tuple(
    (later.start - timedelta(days=1), later.start) for later in ERAS[1:]
)
