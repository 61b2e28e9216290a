"""Reading one cell of an annual-report sheet into a model field value.

Cells arrive as strings (CSV) or as typed values from the xlsx reader (str,
int, float, datetime, bool). Each column type has one reader that returns the
value to store or raises :class:`lib.errors.ConventionError` with a Japanese
and an English message. The common spellings get a fast path, because a 200,000-row
file runs through here a million times; the fast paths accept only input
whose result the general parser would give too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from lib.errors import ConventionError
from lib.identifiers import (
    normalize_corporate_number,
    normalize_patent_application_number,
)
from lib.money import parse_yen
from lib.tables import CellErrorValue, Formula, Oversized, normalize_header
from lib.text import parse_int, to_halfwidth
from lib.wareki import MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, parse_date
from reports.sheets import BOOL_LABELS, Column, ColumnType

__all__ = ["is_domestic_patent", "read_cell", "reader_for", "string_reader"]

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_CANONICAL_PATENT = re.compile(r"特願([0-9]{4})-([1-9][0-9]{0,5})")
_FOREIGN_PATENT = re.compile(
    r"PCT/[A-Z]{2}[0-9]{4}/[0-9]{6}|[A-Z]{2}[0-9][0-9/,.-]{3,21}"
)
#: Up to 18 digits (with or without separators): longer text goes to the
#: general parser, which refuses it with a message (int() of 4,300+ digits
#: raises a bare ValueError).
_PLAIN_INT = re.compile(r"[0-9]{1,3}(?:,[0-9]{3}){1,5}|[0-9]{1,18}")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TRUE = {"はい", "true", "1", "yes", "y", "○", "〇", "あり", "有", "t"}
_FALSE = {"いいえ", "false", "0", "no", "n", "×", "なし", "無", "f", "-"}
_BOOLS: dict[str, bool] = {
    **{normalize_header(word): True for word in _TRUE},
    **{normalize_header(word): False for word in _FALSE},
    **{normalize_header(label): value for value, label in BOOL_LABELS.items()},
}


def read_cell(column: Column, raw: object) -> object:
    """The stored value of ``raw`` in ``column``; raises ConventionError.

    A blank cell gives the column's default, or an error if it is required.
    """
    if type(raw) is not str and isinstance(raw, str | Oversized):
        _refuse_markers(raw)
    if raw is None or (type(raw) is str and (not raw or raw.isspace())):
        if column.required:
            raise ConventionError(
                "value.required",
                f"「{column.label_ja}」は必須です。値を入力してください。",
                f"'{column.key}' is required; enter a value.",
                "",
            )
        return column.default
    return _READERS[column.type](column, raw)


def reader_for(column: Column) -> Callable[[object], object]:
    """:func:`read_cell` for one column, with the plain-text case up front:
    this runs for every cell of the file."""
    read = _READERS[column.type]

    def reader(raw: object) -> object:
        if type(raw) is str and raw and not raw.isspace():
            return read(column, raw)
        return read_cell(column, raw)

    return reader


def string_reader(column: Column) -> Callable[[Column, object], object]:
    """The reader of ``column``'s type for a plain, non-blank ``str`` only
    (callers check that, and call :func:`read_cell` for anything else): one
    call per cell fewer than :func:`reader_for` in the validator's loop."""
    return _READERS[column.type]


def _refuse_markers(raw: object) -> None:
    if isinstance(raw, Formula):
        raise ConventionError(
            "cell.formula",
            f"数式「{raw}」は取り込めません。値に変換して（値の貼り付け）"
            "保存してください。",
            f"Formula {raw!r} cannot be imported; paste it as a value.",
            raw,
        )
    if isinstance(raw, CellErrorValue):
        raise ConventionError(
            "cell.error_value",
            f"セルがエラー値「{raw}」です。",
            f"The cell holds the Excel error value {raw!r}.",
            raw,
        )
    if isinstance(raw, Oversized):
        raise ConventionError(
            "cell.too_long",
            f"セルが長すぎます（{raw.length:,}文字）。1セルは32,767文字までです。",
            f"The cell is too long ({raw.length:,} characters; the limit is 32,767).",
            str(raw),
        )


# --- one reader per column type ----------------------------------------------


def _read_text(column: Column, raw: object) -> str:
    text = raw.strip() if type(raw) is str else _as_text(raw).strip()
    if _CONTROL.search(text):
        raise ConventionError(
            "text.control_character",
            "制御文字（表示されない特殊文字）が含まれています。削除してください。",
            "The text contains control characters; remove them.",
            raw,
        )
    if column.max_length is not None and len(text) > column.max_length:
        raise ConventionError(
            "text.too_long",
            f"「{column.label_ja}」は{column.max_length}文字以内です"
            f"（{len(text)}文字あります）。",
            f"'{column.key}' is limited to {column.max_length} characters "
            f"(this has {len(text)}).",
            text,
        )
    return text


def _as_text(raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat() if raw.time() == datetime.min.time() else str(raw)
    return str(raw)


def _read_int(column: Column, raw: object) -> int:
    value = _whole_number(raw)
    return _in_range(column, value, raw)


def _whole_number(raw: object) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str):
        return parse_int(raw)
    raise ConventionError(
        "integer.invalid",
        f"「{raw}」は整数として解釈できません。"
        "1234 や 1,234 のように入力してください。",
        f"Cannot read {raw!r} as a whole number; enter it like 1234 or 1,234.",
        raw,
    )


def _in_range(column: Column, value: int, raw: object) -> int:
    if value < 0:
        raise ConventionError(
            "number.negative",
            f"「{column.label_ja}」に負の数「{raw}」は入力できません。",
            f"'{column.key}' cannot be negative ({raw!r}).",
            raw,
        )
    if value > column.max_value:
        raise ConventionError(
            "number.too_large",
            f"「{column.label_ja}」の値「{raw}」が大きすぎます"
            f"（上限 {column.max_value:,}）。",
            f"'{column.key}' value {raw!r} is too large "
            f"(maximum {column.max_value:,}).",
            raw,
        )
    return value


def _read_bool(column: Column, raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    value = _BOOLS.get(raw) if isinstance(raw, str) else None
    if value is None and isinstance(raw, str):
        value = _BOOLS.get(normalize_header(raw))
    if value is None:
        raise ConventionError(
            "bool.invalid",
            f"「{column.label_ja}」は「はい」か「いいえ」で入力してください"
            f"（「{raw}」は使えません）。",
            f"'{column.key}' must be はい/いいえ (true/false), not {raw!r}.",
            raw,
        )
    return value


def _read_date(column: Column, raw: object) -> date:
    if isinstance(raw, str):
        match = _ISO_DATE.fullmatch(raw)
        if match and MIN_FISCAL_YEAR <= int(match[1]) <= MAX_FISCAL_YEAR:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                pass  # the general parser words the error
        return parse_date(raw)
    if isinstance(raw, date):
        return parse_date(raw)
    raise ConventionError(
        "date.invalid",
        f"日付「{raw}」を解釈できません。2004-04-01、平成16年4月1日、H16.4.1 の"
        "ように入力するか、セルを日付の書式にしてください。",
        f"Cannot read {raw!r} as a date; enter it like 2004-04-01, 平成16年4月1日 "
        "or H16.4.1, or format the cell as a date.",
        raw,
    )


def _read_enum(column: Column, raw: object) -> str:
    for value, label in column.pairs():
        if raw == value or raw == label:
            return value
    folded = normalize_header(raw)
    for value, label in column.pairs():
        if folded in (value, normalize_header(label)):
            return value
    allowed = "、".join(label for _, label in column.pairs())
    raise ConventionError(
        "enum.invalid",
        f"「{column.label_ja}」に「{raw}」は使えません。{allowed} のいずれかを"
        "選んでください。",
        f"{raw!r} is not allowed in '{column.key}'; use one of "
        f"{', '.join(value for value, _ in column.pairs())}.",
        raw,
    )


def _read_yen(column: Column, raw: object) -> int:
    if type(raw) is str and _PLAIN_INT.fullmatch(raw):
        return _in_range(column, int(raw.replace(",", "")), raw)
    if isinstance(raw, float):
        value = _whole_number(raw) if raw.is_integer() else parse_yen(str(raw))
    elif isinstance(raw, int | str):
        value = parse_yen(raw)
    else:
        value = parse_yen(str(raw))
    return _in_range(column, value, raw)


def _read_corporate_number(column: Column, raw: object) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if not isinstance(raw, int | str):
        raw = str(raw)
    return normalize_corporate_number(raw)


def _read_patent_number(column: Column, raw: object) -> str:
    """特願 numbers in canonical form; foreign numbers (PCT/…, US…) folded.

    Whether a foreign-style number is allowed depends on the row's 外国出願
    cell, which the row check in :mod:`reports.validation` looks at.
    """
    text = _as_text(raw)
    match = _CANONICAL_PATENT.fullmatch(text)
    if match and 1950 <= int(match[1]) <= 2100:
        return text
    try:
        return normalize_patent_application_number(text)
    except ConventionError:
        folded = "".join(to_halfwidth(text).split()).upper()
        if _FOREIGN_PATENT.fullmatch(folded) and len(folded) <= 24:
            return folded
        raise


def is_domestic_patent(number: str) -> bool:
    """Whether a read application number is a Japanese 特願 number."""
    return number.startswith("特願")


_READERS: dict[ColumnType, Callable[[Column, object], object]] = {
    ColumnType.TEXT: _read_text,
    ColumnType.INT: _read_int,
    ColumnType.BOOL: _read_bool,
    ColumnType.DATE: _read_date,
    ColumnType.ENUM: _read_enum,
    ColumnType.YEN: _read_yen,
    ColumnType.CORPORATE_NUMBER: _read_corporate_number,
    ColumnType.PATENT_NUMBER: _read_patent_number,
}
