"""Integer yen and the 百万円/億円/兆円 notations of budget documents."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.errors import ConventionError
from lib.money import (
    YEN_PER_CHO,
    YEN_PER_MILLION,
    YEN_PER_OKU,
    format_million_yen,
    format_oku_yen,
    format_yen,
    format_yen_japanese,
    parse_yen,
)
from lib.tests._settings import PROPERTY

FORMATTERS = [format_yen, format_million_yen, format_oku_yen, format_yen_japanese]


def test_it_defines_the_units() -> None:
    assert YEN_PER_MILLION == 10**6
    assert YEN_PER_OKU == 10**8
    assert YEN_PER_CHO == 10**12


@pytest.mark.parametrize(
    ("yen", "text"),
    [
        (12_400_000_000, "12,400百万円"),
        (8_400_000_000, "8,400百万円"),
        (0, "0百万円"),
        (499_999, "0百万円"),
        (500_000, "1百万円"),
        (1_499_999, "1百万円"),
        (1_500_000, "2百万円"),
        (-1_000_000_000, "△1,000百万円"),
        (-1_500_000, "△2百万円"),
        (-400_000, "0百万円"),
    ],
)
def test_it_formats_millions_rounding_half_up(yen: int, text: str) -> None:
    assert format_million_yen(yen) == text


@pytest.mark.parametrize(
    ("yen", "text"),
    [
        (9_000_000_000, "90億円"),
        (10_700_000_000, "107億円"),
        (150_000_000, "1.5億円"),
        (100_000_000, "1億円"),
        (6_900_000_000, "69億円"),
        (104_999_999, "1億円"),
        (105_000_000, "1.1億円"),
        (1_000_000_000_000, "10,000億円"),
        (-500_000_000, "△5億円"),
        (0, "0億円"),
    ],
)
def test_it_formats_oku_with_at_most_one_decimal(yen: int, text: str) -> None:
    assert format_oku_yen(yen) == text


@pytest.mark.parametrize(
    ("yen", "text"),
    [
        (1_000_000_000_000, "1兆円"),
        (1_200_000_000_000, "1.2兆円"),
        (999_999_999_999, "1兆円"),
        (9_000_000_000, "90億円"),
        (150_000_000, "1.5億円"),
        (100_000_000, "1億円"),
        (99_999_999, "99,999,999円"),
        (1_234_567, "1,234,567円"),
        (0, "0円"),
        (-1_234, "△1,234円"),
        (-2_000_000_000_000, "△2兆円"),
    ],
)
def test_it_formats_in_the_best_unit(yen: int, text: str) -> None:
    assert format_yen_japanese(yen) == text


def test_it_formats_exact_yen() -> None:
    assert format_yen(1_234_567) == "1,234,567円"
    assert format_yen(0) == "0円"
    assert format_yen(-5) == "△5円"


@pytest.mark.parametrize("formatter", FORMATTERS)
@pytest.mark.parametrize("bad", [1.0, 1.5, True, False, Decimal(1), "100", None])
def test_it_refuses_non_int_amounts_when_formatting(
    formatter: Callable[[int], str], bad: object
) -> None:
    with pytest.raises(ConventionError) as info:
        formatter(bad)  # type: ignore[arg-type]
    assert info.value.code == "money.not_integer"
    assert "整数" in info.value.message_ja
    assert "whole number" in info.value.message_en


@pytest.mark.parametrize(
    ("text", "yen"),
    [
        ("12,400百万円", 12_400_000_000),
        ("12,400百万", 12_400_000_000),
        ("１２，４００百万円", 12_400_000_000),
        ("90億円", 9_000_000_000),
        ("90億", 9_000_000_000),
        ("1.5億円", 150_000_000),
        ("1兆円", 1_000_000_000_000),
        ("1.2兆円", 1_200_000_000_000),
        ("1兆2000億円", 1_200_000_000_000),
        ("1兆2,000億円", 1_200_000_000_000),
        ("34億円", 3_400_000_000),
        ("1,234円", 1_234),
        ("１２３４", 1_234),
        ("1234", 1_234),
        ("約800億円", 80_000_000_000),
        ("約 800 億円", 80_000_000_000),
        ("1億2345万6789円", 123_456_789),
        ("5千万円", 50_000_000),
        ("12,345千円", 12_345_000),
        ("500万円", 5_000_000),
        ("¥1,234", 1_234),
        ("￥1,234", 1_234),
        ("1.0", 1),
        ("0円", 0),
        ("-5", -5),
        ("−5", -5),
        ("△1,000百万円", -1_000_000_000),
        ("▲3億円", -300_000_000),
        ("△約3億円", -300_000_000),
        (1_234, 1_234),
        (-7, -7),
    ],
)
def test_it_parses_amounts(text: str | int, yen: int) -> None:
    assert parse_yen(text) == yen


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1.5", "money.fraction"),
        ("1.5円", "money.fraction"),
        ("0.000000001億円", "money.fraction"),
        ("", "money.invalid"),
        ("円", "money.invalid"),
        ("約", "money.invalid"),
        ("百万円", "money.invalid"),
        ("abc", "money.invalid"),
        ("1,23", "money.invalid"),
        ("1億2億", "money.invalid"),
        ("1万1億", "money.invalid"),
        ("1億円2万", "money.invalid"),
        ("1e5", "money.invalid"),
        ("--5", "money.invalid"),
        ("1.", "money.invalid"),
        ("1" * 70, "money.invalid"),
        (1.0, "money.not_integer"),
        (1.5, "money.not_integer"),
        (True, "money.not_integer"),
        (Decimal(5), "money.not_integer"),
        (None, "money.not_integer"),
    ],
)
def test_it_rejects_invalid_amounts(text: object, code: str) -> None:
    with pytest.raises(ConventionError) as info:
        parse_yen(text)  # type: ignore[arg-type]
    assert info.value.code == code
    assert "金額" in info.value.message_ja
    assert "yen" in info.value.message_en


@PROPERTY
@given(st.integers(min_value=-(10**9), max_value=10**9))
def test_it_round_trips_millions(millions: int) -> None:
    yen = millions * YEN_PER_MILLION
    assert parse_yen(format_million_yen(yen)) == yen


@PROPERTY
@given(st.integers(min_value=-(10**16), max_value=10**16))
def test_it_round_trips_exact_yen(yen: int) -> None:
    assert parse_yen(format_yen(yen)) == yen
    assert parse_yen(str(yen)) == yen
    assert parse_yen(f"{yen:,}円") == yen


@PROPERTY
@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_it_round_trips_tenths_of_oku(tenths: int) -> None:
    yen = tenths * YEN_PER_OKU // 10
    assert parse_yen(format_oku_yen(yen)) == yen


@PROPERTY
@given(st.integers(min_value=-(10**16), max_value=10**16))
def test_it_rounds_to_within_half_a_unit(yen: int) -> None:
    assert abs(parse_yen(format_million_yen(yen)) - yen) <= YEN_PER_MILLION // 2
    assert abs(parse_yen(format_oku_yen(yen)) - yen) <= YEN_PER_OKU // 20
    unit = YEN_PER_CHO if abs(yen) >= YEN_PER_OKU * 9_999 else YEN_PER_OKU
    assert abs(parse_yen(format_yen_japanese(yen)) - yen) <= unit // 20


@PROPERTY
@given(
    st.integers(min_value=0, max_value=9_999),
    st.integers(min_value=0, max_value=9_999),
    st.integers(min_value=0, max_value=9_999),
    st.integers(min_value=0, max_value=9_999),
)
def test_it_adds_up_mixed_units(cho: int, oku: int, man: int, yen: int) -> None:
    text = f"{cho}兆{oku}億{man}万{yen}円"
    assert parse_yen(text) == cho * 10**12 + oku * 10**8 + man * 10**4 + yen


@PROPERTY
@given(st.text())
def test_it_parses_or_rejects_any_text_as_an_amount(text: str) -> None:
    try:
        assert isinstance(parse_yen(text), int)
    except ConventionError:
        pass


@PROPERTY
@given(st.text(alphabet="0123456789,.兆億万千百円約△-¥ ", max_size=20))
def test_it_parses_or_rejects_amount_like_text(text: str) -> None:
    try:
        assert isinstance(parse_yen(text), int)
    except ConventionError:
        pass
