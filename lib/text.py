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

__all__ = [
    "BIDI_CONTROLS",
    "DASHES",
    "check_text",
    "odd_character",
    "parse_int",
    "to_halfwidth",
    "visible",
]

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
        f"「{visible(str(value))}」は整数として解釈できません。"
        "1234 や 1,234 のように入力してください。",
        f"Cannot read {value!r} as a whole number; enter it like 1234 or 1,234.",
        value,
    )


# --- Characters a reader cannot see ------------------------------------------
# A zero-width space inside 「1〈U+200B〉20」 made an error message quote a value that
# looked right; a right-to-left override (U+202E) in a name or a comment shows
# its text reversed to every later reader (and can disguise a file name).

#: Bidirectional embedding, override and isolate controls (U+202A–U+202E,
#: U+2066–U+2069). Refused in text people enter: they change how *other*
#: text is displayed. (The marks U+200E/U+200F only affect neutral characters
#: next to them and are left alone.)
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
#: Control characters (C0, DEL, C1) and lone surrogates: never meaningful in a
#: URL parameter, and PostgreSQL refuses NUL in text outright.
_ODD = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
#: Like _ODD, but tab, line feed and carriage return belong in prose.
_ODD_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})
_VISIBLE_SPACES = frozenset(" \u3000")


def visible(text: str) -> str:
    """``text`` with each character a reader cannot see written as 〈U+200B〉.

    For quoting a value in an error message: 「1〈U+200B〉20」 explains why
    a value that looks like 「120」 was refused. Controls, format characters
    (zero-width spaces and joiners, bidi controls, BOM), surrogates,
    private-use and unassigned code points and every space except the ASCII
    and the ideographic one are escaped; everything else is unchanged.
    """
    return "".join(
        f"〈U+{ord(char):04X}〉" if _is_invisible(char) else char for char in text
    )


def _is_invisible(char: str) -> bool:
    if char in _VISIBLE_SPACES:
        return False
    return unicodedata.category(char) in _INVISIBLE_CATEGORIES


def odd_character(text: str) -> str | None:
    """The first control character or lone surrogate of ``text``, if any."""
    match = _ODD.search(text)
    return match.group() if match else None


def check_text(text: str) -> str:
    """Return ``text`` if people may enter it, else raise :class:`ConventionError`.

    Refused: bidi embedding/override/isolate controls and control characters
    other than tab and line breaks (NUL among them), and lone surrogates.
    Shared by the forms (through a Django validator) and the API schemas
    (pydantic turns the ``ValueError`` into a 422).
    """
    match = _BIDI.search(text)
    if match:
        raise ConventionError(
            "text.bidi_control",
            f"文字の表示方向を変える制御文字 {visible(match.group())} は使えません。"
            "この文字を削除してから入力し直してください。",
            f"The direction control {visible(match.group())} is not allowed; "
            "remove it and enter the text again.",
            text,
        )
    match = _ODD_IN_TEXT.search(text)
    if match:
        raise ConventionError(
            "text.control_character",
            f"使えない制御文字 {visible(match.group())} が含まれています。"
            "この文字を削除してから入力し直してください。",
            f"The control character {visible(match.group())} is not allowed; "
            "remove it and enter the text again.",
            text,
        )
    return text
