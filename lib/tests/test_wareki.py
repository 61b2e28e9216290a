"""Fiscal years and era dates: the rules of domain-facts §5."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from lib.errors import ConventionError
from lib.tests._settings import PROPERTY
from lib.wareki import (
    ERA_BOUNDARIES,
    ERAS,
    Era,
    era_of_date,
    era_of_fiscal_year,
    fiscal_year_bounds,
    fiscal_year_of,
    format_date_wareki,
    format_fiscal_year,
    format_fiscal_year_en,
    parse_date,
    parse_fiscal_year,
)


def is_named(token: str, era: Era) -> bool:
    return token in (era.name, era.abbreviation, era.letter)


def every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- eras -------------------------------------------------------------------


def test_it_defines_showa_heisei_and_reiwa() -> None:
    assert [(e.name, e.letter, e.start) for e in ERAS] == [
        ("昭和", "S", date(1926, 12, 25)),
        ("平成", "H", date(1989, 1, 8)),
        ("令和", "R", date(2019, 5, 1)),
    ]


def test_it_lists_the_era_boundaries() -> None:
    assert ERA_BOUNDARIES == (
        (date(1989, 1, 7), date(1989, 1, 8)),
        (date(2019, 4, 30), date(2019, 5, 1)),
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(2004, 4, 1), "平成16年4月1日"),
        (date(2024, 12, 31), "令和6年12月31日"),
    ],
)
def test_it_formats_era_boundary_dates(day: date, expected: str) -> None:
    assert format_date_wareki(day) == expected
    assert parse_date(expected) == day


def test_it_formats_datetimes_by_their_date() -> None:
    assert format_date_wareki(datetime(2004, 4, 1, 13, 5)) == "平成16年4月1日"


def test_it_refuses_to_format_dates_before_showa() -> None:
    with pytest.raises(ConventionError) as info:
        format_date_wareki(date(1926, 12, 24))
    assert info.value.code == "date.before_showa"


def test_it_finds_the_era_of_a_date() -> None:
    assert era_of_date(date(2019, 4, 30)).name == "平成"
    assert era_of_date(date(2019, 5, 1)).name == "令和"


# --- fiscal years -----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (date(2005, 3, 31), 2004),
        (date(2005, 4, 1), 2005),
        (date(2005, 1, 1), 2004),
        (date(2005, 12, 31), 2005),
        (datetime(2019, 4, 1, 0, 0), 2019),
    ],
)
def test_it_names_the_fiscal_year_by_its_starting_year(day: date, fy: int) -> None:
    assert fiscal_year_of(day) == fy


def test_it_bounds_a_fiscal_year_from_april_to_march() -> None:
    assert fiscal_year_bounds(2005) == (date(2005, 4, 1), date(2006, 3, 31))
    assert fiscal_year_bounds(2007) == (date(2007, 4, 1), date(2008, 3, 31))


def test_it_puts_every_day_inside_its_fiscal_year_bounds() -> None:
    for day in every_day(date(1927, 1, 1), date(2150, 12, 31)):
        start, end = fiscal_year_bounds(fiscal_year_of(day))
        assert start <= day <= end


@PROPERTY
@given(st.integers(min_value=1900, max_value=2199))
def test_it_makes_fiscal_years_contiguous(fy: int) -> None:
    _, end = fiscal_year_bounds(fy)
    next_start, _ = fiscal_year_bounds(fy + 1)
    assert next_start - end == timedelta(days=1)


@pytest.mark.parametrize(
    ("fy", "name"),
    [
        (1927, "昭和"),
        (1988, "昭和"),
        (1989, "平成"),
        (2004, "平成"),
        (2018, "平成"),
        (2019, "令和"),
        (2020, "令和"),
    ],
)
def test_it_uses_the_documented_era_for_a_fiscal_year(fy: int, name: str) -> None:
    assert era_of_fiscal_year(fy).name == name


@pytest.mark.parametrize(
    ("fy", "long", "short"),
    [
        (2002, "平成14年度", "H14"),
        (2004, "平成16年度", "H16"),
        (2005, "平成17年度", "H17"),
        (2008, "平成20年度", "H20"),
        (1988, "昭和63年度", "S63"),
        (1989, "平成元年度", "H1"),
        (2018, "平成30年度", "H30"),
        (2019, "令和元年度", "R1"),
        (2024, "令和6年度", "R6"),
    ],
)
def test_it_formats_fiscal_years(fy: int, long: str, short: str) -> None:
    assert format_fiscal_year(fy) == long
    assert format_fiscal_year(fy, "long") == long
    assert format_fiscal_year(fy, style="short") == short


def test_it_formats_fiscal_years_in_english() -> None:
    assert format_fiscal_year_en(2004) == "FY2004"


def test_it_rejects_an_unknown_style() -> None:
    with pytest.raises(ConventionError) as info:
        format_fiscal_year(2004, "medium")
    assert info.value.code == "fiscal_year.style"


def test_it_refuses_to_name_fiscal_years_before_showa() -> None:
    with pytest.raises(ConventionError) as info:
        format_fiscal_year(1926)
    assert info.value.code == "fiscal_year.before_showa"


@pytest.mark.parametrize(
    ("raw", "fy"),
    [
        (2004, 2004),
        ("2004", 2004),
        ("２００４", 2004),
        ("FY2004", 2004),
        ("fy2004", 2004),
        ("ＦＹ２００４", 2004),
        ("FY 2004", 2004),
        ("2004年度", 2004),
        ("H16", 2004),
        ("h16", 2004),
        ("Ｈ１６", 2004),
        ("平成16年度", 2004),
        ("平成１６年度", 2004),
        ("平成16", 2004),
        ("平16", 2004),
        ("R6", 2024),
        ("令和6年度", 2024),
        ("令和元年度", 2019),
        ("R1", 2019),
        ("R元", 2019),
        ("H元", 1989),
        ("平成元年度", 1989),
        ("平成31年度", 2019),
        ("H31", 2019),
        ("昭和63年度", 1988),
        ("S63", 1988),
        ("昭和2年度", 1927),
        ("  平成17年度 ", 2005),
        ("\u3000H17\u3000", 2005),
        ("平成 17 年度", 2005),
        ("㍻17年度", 2005),
        ("1900", 1900),
        ("2200", 2200),
    ],
)
def test_it_parses_fiscal_years(raw: str | int, fy: int) -> None:
    assert parse_fiscal_year(raw) == fy


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (1899, "fiscal_year.out_of_range"),
        ("1899", "fiscal_year.out_of_range"),
        (2201, "fiscal_year.out_of_range"),
        ("FY2201", "fiscal_year.out_of_range"),
        ("R183", "fiscal_year.out_of_range"),
        ("H0", "era.year_zero"),
        ("平成0年度", "era.year_zero"),
        ("令和0年度", "era.year_zero"),
        ("R0", "era.year_zero"),
        ("平成32年度", "fiscal_year.not_in_era"),
        ("H32", "fiscal_year.not_in_era"),
        ("昭和64年度", "fiscal_year.not_in_era"),
        ("昭和元年度", "fiscal_year.not_in_era"),
        ("", "fiscal_year.invalid"),
        ("abc", "fiscal_year.invalid"),
        ("2004年", "fiscal_year.invalid"),
        ("04", "fiscal_year.invalid"),
        ("20045", "fiscal_year.invalid"),
        ("X16", "fiscal_year.invalid"),
        ("平成十六年度", "fiscal_year.invalid"),
        ("H16.5", "fiscal_year.invalid"),
        (True, "fiscal_year.invalid"),
        (2004.0, "fiscal_year.invalid"),
        (None, "fiscal_year.invalid"),
    ],
)
def test_it_rejects_invalid_fiscal_years(raw: object, code: str) -> None:
    with pytest.raises(ConventionError) as info:
        parse_fiscal_year(raw)  # type: ignore[arg-type]
    assert info.value.code == code
    assert info.value.value == raw


def test_it_explains_a_bad_fiscal_year_in_both_languages() -> None:
    with pytest.raises(ConventionError) as info:
        parse_fiscal_year("X")
    error = info.value
    assert error.message_ja == (
        "年度「X」を解釈できません。"
        "2004、H16、平成16年度、R6 のように入力してください。"
    )
    assert "fiscal year" in error.message_en
    assert str(error) == f"{error.message_ja} / {error.message_en}"


def test_it_round_trips_every_fiscal_year_through_both_styles() -> None:
    for fy in range(1927, 2151):
        assert parse_fiscal_year(format_fiscal_year(fy, "long")) == fy
        assert parse_fiscal_year(format_fiscal_year(fy, "short")) == fy
        assert parse_fiscal_year(format_fiscal_year_en(fy)) == fy


@PROPERTY
@given(st.integers(min_value=1927, max_value=2150), st.sampled_from(["long", "short"]))
def test_it_round_trips_fiscal_years(fy: int, style: str) -> None:
    assert parse_fiscal_year(format_fiscal_year(fy, style)) == fy


@PROPERTY
@given(st.text())
def test_it_parses_or_rejects_any_text_as_a_fiscal_year(text: str) -> None:
    try:
        assert 1900 <= parse_fiscal_year(text) <= 2200
    except ConventionError:
        pass


@PROPERTY
@given(
    st.sampled_from(["昭和", "平成", "令和", "S", "H", "R", "昭", "平", "令"]),
    st.integers(min_value=0, max_value=200),
    st.sampled_from(["", "年度"]),
)
def test_it_accepts_an_era_year_only_if_its_era_names_that_year(
    era: str, year: int, suffix: str
) -> None:
    try:
        fy = parse_fiscal_year(f"{era}{year}{suffix}")
    except ConventionError:
        return
    start, _ = fiscal_year_bounds(fy)
    assert year >= 1
    assert is_named(era, era_of_fiscal_year(fy)) or is_named(era, era_of_date(start))


# --- dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2004-04-01", date(2004, 4, 1)),
        ("2004/4/1", date(2004, 4, 1)),
        ("2004.4.1", date(2004, 4, 1)),
        ("2004年4月1日", date(2004, 4, 1)),
        ("平成16年4月1日", date(2004, 4, 1)),
        ("平成元年1月8日", date(1989, 1, 8)),
        ("H16.4.1", date(2004, 4, 1)),
        ("H16/4/1", date(2004, 4, 1)),
        ("h16-4-1", date(2004, 4, 1)),
        ("R1.5.1", date(2019, 5, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("平16.4.1", date(2004, 4, 1)),
        ("昭和64年1月7日", date(1989, 1, 7)),
        ("２００４／０４／０１", date(2004, 4, 1)),
        ("平成１６年４月１日", date(2004, 4, 1)),
        (" 2004-04-01 ", date(2004, 4, 1)),
        ("平成16年 4月 1日", date(2004, 4, 1)),
        ("2004ー04ー01", date(2004, 4, 1)),
        ("2000-02-29", date(2000, 2, 29)),
        (date(2004, 4, 1), date(2004, 4, 1)),
        (datetime(2004, 4, 1, 9, 30), date(2004, 4, 1)),
    ],
)
def test_it_parses_dates(raw: str | date, expected: date) -> None:
    parsed = parse_date(raw)
    assert parsed == expected
    assert type(parsed) is date


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("平成31年5月1日", "date.not_in_era"),
        ("H31.5.1", "date.not_in_era"),
        ("令和元年4月30日", "date.not_in_era"),
        ("昭和64年1月8日", "date.not_in_era"),
        ("平成元年1月7日", "date.not_in_era"),
        ("昭和元年12月24日", "date.not_in_era"),
        ("平成0年1月1日", "era.year_zero"),
        ("2004-02-30", "date.nonexistent"),
        ("2005-02-29", "date.nonexistent"),
        ("2004-13-01", "date.nonexistent"),
        ("平成16年4月31日", "date.nonexistent"),
        ("1899-12-31", "date.out_of_range"),
        ("2201-01-01", "date.out_of_range"),
        ("2004-4/1", "date.invalid"),
        ("2004-04", "date.invalid"),
        ("04/01/2004", "date.invalid"),
        ("", "date.invalid"),
        ("平成16年4月1", "date.invalid"),
        ("X16.4.1", "date.invalid"),
        (20040401, "date.invalid"),
        (None, "date.invalid"),
    ],
)
def test_it_rejects_invalid_dates(raw: object, code: str) -> None:
    with pytest.raises(ConventionError) as info:
        parse_date(raw)  # type: ignore[arg-type]
    assert info.value.code == code
    assert info.value.message_ja and info.value.message_en


def test_it_explains_an_out_of_era_date_in_both_languages() -> None:
    with pytest.raises(ConventionError) as info:
        parse_date("平成31年5月1日")
    assert "平成の期間" in info.value.message_ja
    assert "Heisei era" in info.value.message_en


def test_it_round_trips_every_date_through_wareki() -> None:
    for day in every_day(date(1927, 1, 1), date(2100, 12, 31)):
        assert parse_date(format_date_wareki(day)) == day


@PROPERTY
@given(st.dates(min_value=date(1926, 12, 25), max_value=date(2200, 12, 31)))
def test_it_round_trips_dates_in_every_written_form(day: date) -> None:
    era = era_of_date(day)
    year = day.year - era.offset
    assert parse_date(format_date_wareki(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.year}/{day.month}/{day.day}") == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day
    assert parse_date(f"{era.letter}{year}.{day.month}.{day.day}") == day


@PROPERTY
@given(st.text())
def test_it_parses_or_rejects_any_text_as_a_date(text: str) -> None:
    try:
        assert isinstance(parse_date(text), date)
    except ConventionError:
        pass


@PROPERTY
@given(
    st.sampled_from(["昭和", "平成", "令和", "S", "H", "R"]),
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=32),
)
def test_it_accepts_an_era_date_only_inside_its_era(
    era: str, year: int, month: int, day: int
) -> None:
    try:
        parsed = parse_date(f"{era}{year}年{month}月{day}日")
    except ConventionError:
        return
    assert is_named(era, era_of_date(parsed))
    assert format_date_wareki(parsed).endswith(f"{month}月{day}日")


# --- japanera as an outside oracle (a development dependency) ------------------

oracle_dates = st.dates(min_value=date(1927, 1, 1), max_value=date(2150, 12, 31))


@PROPERTY
@given(oracle_dates)
def test_the_era_and_its_year_agree_with_japanera(day: date) -> None:
    japanera = pytest.importorskip("japanera")
    theirs = japanera.EraDate.from_date(day)
    ours = era_of_date(day)
    assert ours.name == theirs.era.kanji
    assert day.year - ours.offset == theirs.era.calc_relative_year(day)


@PROPERTY
@given(st.dates(min_value=date(1927, 1, 1), max_value=date(2116, 12, 31)))
@example(date(2019, 5, 1))  # 令和元年
@example(date(1989, 1, 7))  # the last day of 昭和
def test_a_written_date_reads_back_the_same_in_japanera(day: date) -> None:
    """(japanera reads era years of up to two digits: 令和98年 is 2116.)"""
    japanera = pytest.importorskip("japanera")
    written = format_date_wareki(day)
    parsed = japanera.EraDate.strptime(written, "%-K%-y年%m月%d日")
    assert [d.to_date() if hasattr(d, "to_date") else d for d in parsed] == [day]


@pytest.mark.parametrize("fy", range(1927, 2101))
def test_fiscal_year_eras_agree_with_japanera(fy: int) -> None:
    """Documents name a FY by the era of its 1 April, or by an era that
    begins later in that same calendar year (FY2019 is 令和元年度)."""
    japanera = pytest.importorskip("japanera")
    april = japanera.EraDate.from_date(date(fy, 4, 1)).era
    december = japanera.EraDate.from_date(date(fy, 12, 31)).era
    era = december if december.since.year == fy else april
    expected = f"{era.kanji}{era.calc_relative_year(date(fy, 12, 31))}年度"
    assert format_fiscal_year(fy) == expected.replace(
        f"{era.kanji}1年度", f"{era.kanji}元年度"
    )
