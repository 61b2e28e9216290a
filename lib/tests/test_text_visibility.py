"""Invisible characters shown in messages; bidi and control characters refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.errors import ConventionError
from lib.text import BIDI_CONTROLS, check_text, odd_character, parse_int, visible


def test_a_zero_width_space_is_shown_as_an_escape() -> None:
    assert visible("1\u200b20") == "1〈U+200B〉20"


def test_ordinary_japanese_and_both_spaces_are_unchanged() -> None:
    text = "札幌 テスト　地域（合成）ー123"
    assert visible(text) == text


@pytest.mark.parametrize(
    "char", ["\u00a0", "\ufeff", "\u202e", "\u2066", "\x00", "\t", "\u2028", "\ue000"]
)
def test_each_kind_of_invisible_character_is_escaped(char: str) -> None:
    assert visible(f"a{char}b") == f"a〈U+{ord(char):04X}〉b"


def test_an_integer_error_marks_the_invisible_character() -> None:
    with pytest.raises(ConventionError) as refused:
        parse_int("1\u200b20")
    assert "「1〈U+200B〉20」" in refused.value.message_ja
    assert "\u200b" not in refused.value.message_ja


@given(st.text())
def test_the_escaped_text_has_nothing_invisible_left(text: str) -> None:
    shown = visible(text)
    assert all(char.isprintable() or char in " \u3000" for char in shown)


@pytest.mark.parametrize("char", list(BIDI_CONTROLS))
def test_bidi_controls_are_refused_with_a_japanese_message(char: str) -> None:
    with pytest.raises(ConventionError) as refused:
        check_text(f"評価{char}コメント")
    assert refused.value.code == "text.bidi_control"
    assert f"〈U+{ord(char):04X}〉" in refused.value.message_ja
    assert "表示方向" in refused.value.message_ja


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\ud800"])
def test_control_characters_and_lone_surrogates_are_refused(char: str) -> None:
    with pytest.raises(ConventionError) as refused:
        check_text(f"a{char}b")
    assert refused.value.code == "text.control_character"


def test_prose_with_line_breaks_tabs_and_marks_passes() -> None:
    text = "第1段落\r\n\t第2段落\u200f（合成）"
    assert check_text(text) == text


@pytest.mark.parametrize("char", ["\x00", "\x1f", "\x85", "\udfff"])
def test_odd_character_finds_controls_and_surrogates(char: str) -> None:
    assert odd_character(f"ok{char}") == char


def test_odd_character_passes_ordinary_text() -> None:
    assert odd_character("札幌 a-b_c.d") is None
