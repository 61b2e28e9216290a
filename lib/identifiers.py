"""Check and normalise the identifiers that appear in programme records.

* 法人番号 (corporate number) of the 中核機関 and partner companies.
* 特許出願番号 (patent application number) reported as results.
* 全国地方公共団体コード (local government code) of the designating body.

Each ``normalize_*`` function accepts what people actually type (full-width
digits, hyphens, spaces, era years) and returns one canonical string, so that
records can be compared and de-duplicated. Algorithms: domain-facts §4.
"""

from __future__ import annotations

import re

from lib.errors import ConventionError
from lib.text import to_halfwidth, visible

__all__ = [
    "corporate_number_check_digit",
    "format_corporate_number",
    "is_valid_corporate_number",
    "local_government_check_digit",
    "normalize_corporate_number",
    "normalize_local_government_code",
    "normalize_patent_application_number",
    "patent_application_year",
]

_DIGITS = re.compile(r"[0-9]+")
_SEPARATORS = re.compile(r"[\s-]+")


def _digits_only(value: str | int, kind: str) -> str:
    """Fold full-width forms and drop spaces and hyphens; reject other types."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConventionError(
            f"{kind}.type",
            f"「{visible(str(value))}」は番号として解釈できません。文字列で入力してください。",
            f"Cannot read {value!r} as an identifier; pass a string.",
            value,
        )
    if isinstance(value, int):
        return str(value)
    return _SEPARATORS.sub("", to_halfwidth(value))


# --- 法人番号 (corporate number) ---------------------------------------------

_CORPORATE_LENGTH = 13


def corporate_number_check_digit(base12: str) -> int:
    """Check digit for a 12-digit 法人番号 base (NTA algorithm, never 0).

    Weights 1, 2, 1, 2, … from the least significant digit; the check digit is
    9 − (weighted sum mod 9).
    """
    if not (len(base12) == 12 and _DIGITS.fullmatch(base12)):
        raise ConventionError(
            "corporate_number.base",
            f"法人番号の基礎番号「{base12}」は半角数字12桁でなければなりません。",
            f"The corporate number base {base12!r} must be exactly 12 digits.",
            base12,
        )
    total = sum(
        int(digit) * (1 if position % 2 == 0 else 2)
        for position, digit in enumerate(reversed(base12))
    )
    return 9 - total % 9


def normalize_corporate_number(value: str | int) -> str:
    """Return the 13-digit 法人番号 for input like 「5-8356-7825-6246」.

    Raises distinct codes so that a form can say what is wrong:
    ``corporate_number.not_digits``, ``corporate_number.length`` and
    ``corporate_number.check_digit``.
    """
    digits = _digits_only(value, "corporate_number")
    if digits and not _DIGITS.fullmatch(digits):
        raise ConventionError(
            "corporate_number.not_digits",
            f"法人番号「{visible(str(value))}」に数字以外の文字が含まれています。",
            f"The corporate number {value!r} contains characters other than digits.",
            value,
        )
    if len(digits) != _CORPORATE_LENGTH:
        raise ConventionError(
            "corporate_number.length",
            f"法人番号「{visible(str(value))}」は13桁でなければなりません（{len(digits)}桁です）。",
            f"The corporate number {value!r} must have 13 digits, not {len(digits)}.",
            value,
        )
    if int(digits[0]) != corporate_number_check_digit(digits[1:]):
        raise ConventionError(
            "corporate_number.check_digit",
            f"法人番号「{visible(str(value))}」のチェックディジット（先頭の1桁）が正しくありません。"
            "入力を確認してください。",
            f"The corporate number {value!r} has a wrong check digit (the first "
            "digit); please check it for typing mistakes.",
            value,
        )
    return digits


def is_valid_corporate_number(value: object) -> bool:
    """Whether ``value`` normalises to a valid 法人番号 (never raises)."""
    try:
        normalize_corporate_number(value)  # type: ignore[arg-type]
    except ConventionError:
        return False
    return True


def format_corporate_number(value: str | int) -> str:
    """Display form 「5-8356-7825-6246」 (check digit, then groups of four)."""
    digits = normalize_corporate_number(value)
    return f"{digits[0]}-{digits[1:5]}-{digits[5:9]}-{digits[9:]}"


# --- 特許出願番号 (patent application number) -------------------------------

_PATENT_PREFIX = "特願"
_PATENT_MIN_YEAR = 1950
_PATENT_MAX_YEAR = 2100
_PATENT_MAX_SERIAL = 999_999
#: Eras used in application numbers before 2000: name → (offset, last year).
_PATENT_ERAS: dict[str, tuple[int, int]] = {
    "昭和": (1925, 64),
    "昭": (1925, 64),
    "S": (1925, 64),
    "平成": (1988, 31),
    "平": (1988, 31),
    "H": (1988, 31),
}
_PATENT = re.compile(
    r"特願(?:(?P<year>[0-9]{4})|(?P<era>昭和|平成|昭|平|S|H)(?P<era_year>[0-9]{1,2}|元))"
    r"-(?P<serial>[0-9]{1,6})"
)


def normalize_patent_application_number(value: str) -> str:
    """Return the canonical 「特願2004-123456」 form of an application number.

    Era years become Western years (特願平16-… → 特願2004-…), and leading zeros
    of the serial are dropped because 特願2004-012345 and 特願2004-12345 are the
    same application. 特開 (publication) and 特許第…号 (grant) numbers are
    different things and are rejected.
    """
    if not isinstance(value, str):
        raise _bad_patent(value)
    text = "".join(to_halfwidth(value).split()).upper()
    match = _PATENT.fullmatch(text)
    if match is None:
        raise _bad_patent(value)
    year = _patent_year(match, value)
    serial = int(match["serial"])
    if not 1 <= serial <= _PATENT_MAX_SERIAL:
        raise _bad_patent(value)
    return f"{_PATENT_PREFIX}{year}-{serial}"


def patent_application_year(number: str) -> int:
    """The Western filing year of an application number (特願平16-1 → 2004)."""
    canonical = normalize_patent_application_number(number)
    return int(canonical[len(_PATENT_PREFIX) : len(_PATENT_PREFIX) + 4])


def _patent_year(match: re.Match[str], raw: str) -> int:
    if match["year"] is not None:
        year = int(match["year"])
    else:
        offset, last = _PATENT_ERAS[match["era"]]
        era_year = 1 if match["era_year"] == "元" else int(match["era_year"])
        if not 1 <= era_year <= last:
            raise _bad_patent(raw)
        year = offset + era_year
    if not _PATENT_MIN_YEAR <= year <= _PATENT_MAX_YEAR:
        raise _bad_patent(raw)
    return year


def _bad_patent(value: object) -> ConventionError:
    return ConventionError(
        "patent_application_number.invalid",
        f"特許出願番号「{visible(str(value))}」を解釈できません。"
        "特願2004-123456 や 特願平16-123456 のように入力してください。",
        f"Cannot read {value!r} as a Japanese patent application number; "
        "enter it like 特願2004-123456 or 特願平16-123456.",
        value,
    )


# --- 全国地方公共団体コード (local government code) ------------------------

_LOCAL_GOVERNMENT_WEIGHTS = (6, 5, 4, 3, 2)
_PREFECTURE_CODES = range(1, 48)


def local_government_check_digit(code5: str) -> int:
    """Check digit of a 5-digit local government code (総務省 algorithm).

    Digits × 6, 5, 4, 3, 2; r = sum mod 11; check digit = (11 − r) mod 10.
    """
    if not (len(code5) == 5 and _DIGITS.fullmatch(code5)):
        raise ConventionError(
            "local_government_code.base",
            f"団体コード「{code5}」の先頭5桁は半角数字でなければなりません。",
            f"The first five characters of local government code {code5!r} "
            "must be digits.",
            code5,
        )
    total = sum(
        int(d) * w for d, w in zip(code5, _LOCAL_GOVERNMENT_WEIGHTS, strict=True)
    )
    return (11 - total % 11) % 10


def normalize_local_government_code(value: str | int) -> str:
    """Return the 6-digit 全国地方公共団体コード, check digit validated.

    A 5-digit code (as 国土数値情報 uses) gets its check digit appended. An
    ``int`` is zero-padded to 6 digits, because spreadsheets drop the leading
    zero of codes such as 010006; pass 5-digit codes as strings.
    """
    digits = _digits_only(value, "local_government_code")
    if isinstance(value, int) and len(digits) < 6:
        digits = digits.zfill(6)
    if not (_DIGITS.fullmatch(digits) and len(digits) in (5, 6)):
        raise _bad_local_government_code(value)
    if int(digits[:2]) not in _PREFECTURE_CODES:
        raise ConventionError(
            "local_government_code.prefecture",
            f"団体コード「{visible(str(value))}」の先頭2桁は都道府県コード（01〜47）ではありません。",
            f"Local government code {value!r} does not start with a prefecture "
            "code (01 to 47).",
            value,
        )
    check = local_government_check_digit(digits[:5])
    if len(digits) == 6 and int(digits[5]) != check:
        raise ConventionError(
            "local_government_code.check_digit",
            f"団体コード「{visible(str(value))}」のチェックディジット（6桁目）が正しくありません。",
            f"Local government code {value!r} has a wrong check digit "
            "(the sixth digit).",
            value,
        )
    return f"{digits[:5]}{check}"


def _bad_local_government_code(value: object) -> ConventionError:
    return ConventionError(
        "local_government_code.invalid",
        f"団体コード「{visible(str(value))}」を解釈できません。"
        "010006 のような半角数字6桁（または5桁）で入力してください。",
        f"Cannot read {value!r} as a local government code; enter 6 digits "
        "(or the first 5) like 010006.",
        value,
    )
