"""Normalise what people type (full-width digits, odd dashes) before parsing.

Japanese users often enter full-width digits and letters (「２００４」), ideographic
spaces and any of several dash characters. Every parser in :mod:`lib` first runs
its input through :func:`to_halfwidth` so that each one only has to understand
plain ASCII digits, letters, spaces and ``-``.
"""

from __future__ import annotations

import re
import unicodedata

from lib.errors import ConventionError

__all__ = ["DASHES", "parse_int", "to_halfwidth"]

#: Dash-like characters that people (or IMEs) put where an ASCII hyphen is meant:
#: hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar,
#: minus sign, small and full-width hyphen-minus, and the katakana long vowel
#: mark 「ー」 (and its half-width form) that IMEs produce when typing 「-」.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u30fc\uff70"

_DASH_BETWEEN_DIGITS = re.compile(rf"(?<=[0-9])[{DASHES}](?=[0-9])")
_GROUPED_INT = re.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)")
_MAX_DIGITS = 40


def to_halfwidth(text: str) -> str:
    """Return ``text`` with full-width ASCII, spaces and digit dashes folded.

    NFKC turns 「２００４」 into ``2004``, 「ＦＹ」 into ``FY``, the ideographic space
    into a plain space and 「㍻」 into 「平成」, while leaving kanji and kana alone.
    A dash of any kind between two digits becomes ``-``: 「5ー8356」 is a corporate
    number typed with the IME's long vowel mark, not katakana. Elsewhere the
    dashes are kept, because in prose 「ー」 is a real character.
    """
    folded = unicodedata.normalize("NFKC", text)
    return _DASH_BETWEEN_DIGITS.sub("-", folded)


def parse_int(text: str | int) -> int:
    """Parse an integer written as ``1,234``, 「１，２３４」 or `` 12 ``.

    Thousands separators must sit in the right places (``12,34`` is rejected) so
    that a decimal comma typed by mistake is not silently read as a big number.
    Decimals such as ``1.5`` are rejected rather than truncated.
    """
    if isinstance(text, bool) or not isinstance(text, int | str):
        raise _not_an_integer(text)
    if isinstance(text, int):
        return text
    cleaned = to_halfwidth(text).strip()
    if not _GROUPED_INT.fullmatch(cleaned) or len(cleaned) > _MAX_DIGITS:
        raise _not_an_integer(text)
    return int(cleaned.replace(",", ""))


def _not_an_integer(value: object) -> ConventionError:
    return ConventionError(
        "integer.invalid",
        f"「{value}」は整数として解釈できません。"
        "1234 や 1,234 のように入力してください。",
        f"Cannot read {value!r} as a whole number; enter it like 1234 or 1,234.",
        value,
    )
