"""ConventionError carries a code and bilingual messages for the UI."""

from __future__ import annotations

import pickle

import pytest

from lib.errors import ConventionError


def make_error() -> ConventionError:
    return ConventionError("x.code", "日本語の説明", "English text", value="v")


def test_it_exposes_code_messages_and_value() -> None:
    error = make_error()
    assert error.code == "x.code"
    assert error.message_ja == "日本語の説明"
    assert error.message_en == "English text"
    assert error.value == "v"


def test_it_renders_both_languages_in_str() -> None:
    assert str(make_error()) == "日本語の説明 / English text"


def test_it_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        raise make_error()


def test_it_defaults_value_to_none() -> None:
    assert ConventionError("c", "ja", "en").value is None


def test_it_survives_pickling() -> None:
    copy = pickle.loads(pickle.dumps(make_error()))
    assert (copy.code, copy.message_ja, copy.message_en, copy.value) == (
        "x.code",
        "日本語の説明",
        "English text",
        "v",
    )
