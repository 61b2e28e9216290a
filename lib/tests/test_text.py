"""to_halfwidth and parse_int: the normalisation every parser relies on."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.errors import ConventionError
from lib.tests._settings import PROPERTY
from lib.text import DASHES, parse_int, to_halfwidth


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２００４", "2004"),
        ("ＦＹ２００４", "FY2004"),
        ("ａｂｃ", "abc"),
        ("東京\u3000都", "東京 都"),
        ("特願２００４－１２３４５６", "特願2004-123456"),
        ("㍻16", "平成16"),
        ("ﾄｳｷｮｳ", "トウキョウ"),
    ],
)
def test_it_folds_fullwidth_forms(raw: str, expected: str) -> None:
    assert to_halfwidth(raw) == expected


@pytest.mark.parametrize("dash", list(DASHES))
def test_it_turns_any_dash_between_digits_into_a_hyphen(dash: str) -> None:
    assert to_halfwidth(f"5{dash}8356") == "5-8356"


def test_it_keeps_the_long_vowel_mark_inside_words() -> None:
    assert to_halfwidth("コーディネータ") == "コーディネータ"
    assert to_halfwidth("センター1") == "センター1"


def test_it_keeps_kanji_and_kana() -> None:
    assert to_halfwidth("知的クラスター創成事業") == "知的クラスター創成事業"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,234", 1234),
        ("１，２３４", 1234),
        (" 12 ", 12),
        ("0", 0),
        ("-5", -5),
        ("1,234,567", 1234567),
        (42, 42),
    ],
)
def test_it_parses_integers(raw: str | int, expected: int) -> None:
    assert parse_int(raw) == expected


@pytest.mark.parametrize(
    "raw", ["1.5", "", " ", "abc", "12,34", "1,2345", ",123", "1 2", True, 1.0, None]
)
def test_it_rejects_non_integers(raw: object) -> None:
    with pytest.raises(ConventionError) as info:
        parse_int(raw)  # type: ignore[arg-type]
    assert info.value.code == "integer.invalid"
    assert "整数" in info.value.message_ja
    assert "whole number" in info.value.message_en


@PROPERTY
@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_it_round_trips_grouped_integers(number: int) -> None:
    assert parse_int(f"{number:,}") == number
    assert parse_int(str(number)) == number


@PROPERTY
@given(st.text())
def test_it_parses_or_raises_convention_error_on_any_text(text: str) -> None:
    try:
        assert isinstance(parse_int(text), int)
    except ConventionError:
        pass


@PROPERTY
@given(st.text())
def test_it_folds_idempotently(text: str) -> None:
    once = to_halfwidth(text)
    assert to_halfwidth(once) == once
