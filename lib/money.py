"""Yen amounts: integer yen in, Japanese document notation out (and back).

Budgets in the programme's documents are written as 「12,400百万円」, 「90億円」
or 「1兆2000億円」, and negative amounts with 「△」. Money is always held as an
``int`` of yen: floats would turn 0.1億円 into 9,999,999.999… yen, so every
function here refuses them.
"""

from __future__ import annotations

import re
from fractions import Fraction
from itertools import pairwise

from lib.errors import ConventionError
from lib.text import to_halfwidth, visible

__all__ = [
    "YEN_PER_CHO",
    "YEN_PER_MILLION",
    "YEN_PER_OKU",
    "format_million_yen",
    "format_oku_yen",
    "format_yen",
    "format_yen_japanese",
    "parse_yen",
]

YEN_PER_MILLION = 1_000_000
YEN_PER_OKU = 100_000_000
YEN_PER_CHO = 1_000_000_000_000

#: Japanese documents mark negative amounts with a triangle rather than "-".
NEGATIVE_MARK = "△"

_BIG_UNITS = {"兆": YEN_PER_CHO, "億": YEN_PER_OKU, "万": 10_000}
_SMALL_UNITS = {"千": 1_000, "百": 100}
_GROUP = re.compile(
    r"(?P<number>[0-9][0-9,]*(?:\.[0-9]+)?)(?P<small>[千百])?(?P<big>[兆億万])?"
)
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_NEGATIVE_SIGNS = ("-", "\u2212", "△", "▲")
_MAX_LENGTH = 64


# --- formatting -------------------------------------------------------------


def format_yen(yen: int) -> str:
    """Exact amount with separators: 1234567 → 「1,234,567円」, 「△5円」."""
    value = _require_yen(yen)
    return f"{_sign(value)}{abs(value):,}円"


def format_million_yen(yen: int) -> str:
    """Amount in millions as budget tables write it: 「12,400百万円」.

    Rounded half up (四捨五入, on the absolute value) to the nearest million.
    """
    value = _require_yen(yen)
    millions = _round_half_up(abs(value), YEN_PER_MILLION)
    return f"{_sign(value, millions)}{millions:,}百万円"


def format_oku_yen(yen: int) -> str:
    """Amount in 億円 with at most one decimal: 「90億円」, 「1.5億円」."""
    value = _require_yen(yen)
    return _format_tenths(value, YEN_PER_OKU, "億円")


def format_yen_japanese(yen: int) -> str:
    """Amount in the largest sensible unit: 「1.2兆円」, 「90億円」, 「1,234円」.

    Amounts of 1億円 or more are rounded to one decimal of their unit, as in
    prose; below 1億円 the exact amount is shown.
    """
    value = _require_yen(yen)
    magnitude = abs(value)
    if magnitude >= YEN_PER_CHO or _round_half_up(magnitude * 10, YEN_PER_OKU) >= (
        10 * YEN_PER_CHO // YEN_PER_OKU
    ):
        return _format_tenths(value, YEN_PER_CHO, "兆円")
    if magnitude >= YEN_PER_OKU:
        return _format_tenths(value, YEN_PER_OKU, "億円")
    return format_yen(value)


def _format_tenths(value: int, unit: int, suffix: str) -> str:
    tenths = _round_half_up(abs(value) * 10, unit)
    whole, decimal = divmod(tenths, 10)
    fraction = f".{decimal}" if decimal else ""
    return f"{_sign(value, tenths)}{whole:,}{fraction}{suffix}"


def _round_half_up(numerator: int, unit: int) -> int:
    return (numerator + unit // 2) // unit


def _sign(value: int, rounded: int | None = None) -> str:
    shown = value if rounded is None else rounded
    return NEGATIVE_MARK if value < 0 and shown != 0 else ""


def _require_yen(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _not_integer(value)
    return value


def _not_integer(value: object) -> ConventionError:
    return ConventionError(
        "money.not_integer",
        f"金額「{visible(str(value))}」は円単位の整数でなければなりません（小数は使えません）。",
        f"The amount {value!r} must be a whole number of yen (an int), "
        "not a float or other type.",
        value,
    )


# --- parsing ----------------------------------------------------------------


def parse_yen(value: str | int) -> int:
    """Read an amount: 「12,400百万円」, 「1.5億円」, 「1兆2000億円」, 「約800億円」.

    「約」 (approximately) is accepted and dropped: the figure is what the document
    states. 「△」, 「▲」 or ``-`` make the amount negative. An amount that does not
    come to a whole number of yen (``1.5`` or 「1.5円」) is rejected.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if not isinstance(value, str):
        raise _not_integer(value)
    text = "".join(to_halfwidth(value).split())
    if len(text) > _MAX_LENGTH:
        raise _bad_amount(value)
    negative, body = _split_sign(text)
    amount = _parse_body(body, value)
    return -amount if negative else amount


def _split_sign(text: str) -> tuple[bool, str]:
    text = text.removeprefix("約")
    negative = text.startswith(_NEGATIVE_SIGNS)
    if negative:
        text = text[1:]
    text = text.removeprefix("約").removeprefix("¥")
    return negative, text.removesuffix("円")


def _parse_body(body: str, raw: str) -> int:
    groups = _split_groups(body, raw)
    total = sum((_group_value(group, raw) for group in groups), Fraction(0))
    if total.denominator != 1:
        raise ConventionError(
            "money.fraction",
            f"金額「{visible(str(raw))}」は1円未満の端数を含みます。円単位で入力してください。",
            f"The amount {raw!r} is not a whole number of yen.",
            raw,
        )
    return int(total)


def _split_groups(body: str, raw: str) -> list[re.Match[str]]:
    """Cut 「1兆2000億5千万」 into number+unit groups in strictly falling units."""
    groups: list[re.Match[str]] = []
    position = 0
    while position < len(body):
        match = _GROUP.match(body, position)
        if match is None or match.end() == position:
            raise _bad_amount(raw)
        groups.append(match)
        position = match.end()
    if not groups or not _units_fall(groups):
        raise _bad_amount(raw)
    return groups


def _units_fall(groups: list[re.Match[str]]) -> bool:
    units = [_BIG_UNITS.get(group["big"] or "", 1) for group in groups]
    return all(earlier > later for earlier, later in pairwise(units))


def _group_value(group: re.Match[str], raw: str) -> Fraction:
    number = group["number"]
    if not _NUMBER.fullmatch(number):
        raise _bad_amount(raw)
    small = _SMALL_UNITS.get(group["small"] or "", 1)
    big = _BIG_UNITS.get(group["big"] or "", 1)
    return Fraction(number.replace(",", "")) * small * big


def _bad_amount(value: object) -> ConventionError:
    return ConventionError(
        "money.invalid",
        f"金額「{visible(str(value))}」を解釈できません。"
        "1,234円、12,400百万円、90億円、1兆2000億円 のように入力してください。",
        f"Cannot read {value!r} as an amount of yen; enter it like 1,234円, "
        "12,400百万円, 90億円 or 1兆2000億円.",
        value,
    )
