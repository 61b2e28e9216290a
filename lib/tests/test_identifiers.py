"""法人番号, 特許出願番号 and 全国地方公共団体コード (domain-facts §4)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.errors import ConventionError
from lib.identifiers import (
    corporate_number_check_digit,
    format_corporate_number,
    is_valid_corporate_number,
    local_government_check_digit,
    normalize_corporate_number,
    normalize_local_government_code,
    normalize_patent_application_number,
    patent_application_year,
)
from lib.tests._settings import PROPERTY

VALID_CORPORATE_NUMBERS = ["5835678256246", "1180301018771"]
#: 北海道, 札幌市, 東京都, 大阪府, 横浜市, 千代田区.
VALID_LOCAL_GOVERNMENT_CODES = [
    "010006",
    "011002",
    "130001",
    "270008",
    "141003",
    "131016",
]


def fullwidth(text: str) -> str:
    """Write ASCII digits, letters and '-' the way a Japanese IME does."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def mutations(number: str) -> list[tuple[int, str]]:
    """Every (position, number) obtained by changing exactly one digit."""
    return [
        (position, f"{number[:position]}{digit}{number[position + 1 :]}")
        for position in range(len(number))
        for digit in "0123456789"
        if digit != number[position]
    ]


# --- 法人番号 ----------------------------------------------------------------


@pytest.mark.parametrize("number", VALID_CORPORATE_NUMBERS)
def test_it_accepts_known_corporate_numbers(number: str) -> None:
    assert corporate_number_check_digit(number[1:]) == int(number[0])
    assert normalize_corporate_number(number) == number
    assert is_valid_corporate_number(number)


@pytest.mark.parametrize(
    "raw",
    [
        "5835678256246",
        5835678256246,
        "5-8356-7825-6246",
        "５８３５６７８２５６２４６",
        "５－８３５６－７８２５－６２４６",
        " 5 8356 7825 6246 ",
        "5ー8356ー7825ー6246",
        "5‐8356‐7825‐6246",
    ],
)
def test_it_normalizes_corporate_numbers(raw: str | int) -> None:
    assert normalize_corporate_number(raw) == "5835678256246"


def test_it_formats_corporate_numbers_for_display() -> None:
    assert format_corporate_number("5835678256246") == "5-8356-7825-6246"
    assert format_corporate_number(1180301018771) == "1-1803-0101-8771"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("583567825624", "corporate_number.length"),
        ("58356782562461", "corporate_number.length"),
        ("", "corporate_number.length"),
        ("5835678256a46", "corporate_number.not_digits"),
        ("法人5835678256246", "corporate_number.not_digits"),
        ("5835678256245", "corporate_number.check_digit"),
        ("0835678256246", "corporate_number.check_digit"),
        (True, "corporate_number.type"),
        (5835678256246.0, "corporate_number.type"),
        (None, "corporate_number.type"),
    ],
)
def test_it_rejects_bad_corporate_numbers(raw: object, code: str) -> None:
    with pytest.raises(ConventionError) as info:
        normalize_corporate_number(raw)  # type: ignore[arg-type]
    assert info.value.code == code
    assert "法人番号" in info.value.message_ja or "番号" in info.value.message_ja
    assert "number" in info.value.message_en or "identifier" in info.value.message_en
    assert not is_valid_corporate_number(raw)


@pytest.mark.parametrize("base", ["", "12345678901", "1234567890123", "12345678901a"])
def test_it_needs_a_twelve_digit_base(base: str) -> None:
    with pytest.raises(ConventionError) as info:
        corporate_number_check_digit(base)
    assert info.value.code == "corporate_number.base"


def test_it_cannot_detect_a_zero_nine_swap_in_a_corporate_number() -> None:
    # A documented weakness of the NTA mod-9 scheme: 0 and 9 weigh the same.
    assert is_valid_corporate_number("1189301018771")


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_it_accepts_only_the_computed_corporate_check_digit(base: str) -> None:
    check = corporate_number_check_digit(base)
    assert 1 <= check <= 9
    assert normalize_corporate_number(f"{check}{base}") == f"{check}{base}"
    for other in range(10):
        if other != check:
            assert not is_valid_corporate_number(f"{other}{base}")


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_it_rejects_single_digit_corporate_typos(base: str) -> None:
    number = f"{corporate_number_check_digit(base)}{base}"
    for position, typo in mutations(number):
        zero_nine_swap = position > 0 and {number[position], typo[position]} == {
            "0",
            "9",
        }
        assert is_valid_corporate_number(typo) == zero_nine_swap


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_it_formats_and_reparses_corporate_numbers(base: str) -> None:
    number = f"{corporate_number_check_digit(base)}{base}"
    shown = format_corporate_number(number)
    assert normalize_corporate_number(shown) == number
    assert normalize_corporate_number(fullwidth(shown)) == number


@PROPERTY
@given(st.text())
def test_it_validates_or_rejects_any_text_as_a_corporate_number(text: str) -> None:
    try:
        assert len(normalize_corporate_number(text)) == 13
    except ConventionError:
        assert not is_valid_corporate_number(text)


# --- 特許出願番号 ------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("特願2004-123456", "特願2004-123456"),
        ("特願２００４－１２３４５６", "特願2004-123456"),
        ("特願平16-123456", "特願2004-123456"),
        ("特願H16-123456", "特願2004-123456"),
        ("特願h16-123456", "特願2004-123456"),
        ("特願平成16-123456", "特願2004-123456"),
        ("特願平元-5", "特願1989-5"),
        ("特願平11-123456", "特願1999-123456"),
        ("特願昭63-1234", "特願1988-1234"),
        ("特願S63-1234", "特願1988-1234"),
        ("特願昭25-1", "特願1950-1"),
        ("特願 2004 - 123456", "特願2004-123456"),
        ("特願2004ー123456", "特願2004-123456"),
        ("特願2004―123456", "特願2004-123456"),
        ("特願2004-012345", "特願2004-12345"),
        ("特願2004-000001", "特願2004-1"),
        ("特願2100-999999", "特願2100-999999"),
    ],
)
def test_it_normalizes_patent_application_numbers(raw: str, canonical: str) -> None:
    assert normalize_patent_application_number(raw) == canonical


@pytest.mark.parametrize(
    "raw",
    [
        "特開2004-123",
        "特許第1234567号",
        "2004-123456",
        "特願2004-1234567",
        "特願2004-0",
        "特願2004-",
        "特願2004123456",
        "特願04-123456",
        "特願1949-1",
        "特願2101-1",
        "特願昭24-1",
        "特願平32-1",
        "特願平0-1",
        "特願R1-1",
        "特願令和1-1",
        "特願2004-12a",
        "",
        None,
        2004123456,
    ],
)
def test_it_rejects_other_patent_numbers(raw: object) -> None:
    with pytest.raises(ConventionError) as info:
        normalize_patent_application_number(raw)  # type: ignore[arg-type]
    assert info.value.code == "patent_application_number.invalid"
    assert "特許出願番号" in info.value.message_ja
    assert "patent application number" in info.value.message_en


def test_it_reads_the_filing_year_of_a_patent_application() -> None:
    assert patent_application_year("特願平16-123456") == 2004
    assert patent_application_year("特願2005-1") == 2005


@st.composite
def patent_numbers(draw: st.DrawFn) -> tuple[str, int, int]:
    """A patent application number as someone might type it."""
    year = draw(st.integers(min_value=1950, max_value=2100))
    serial = draw(st.integers(min_value=1, max_value=999_999))
    if year <= 1988 and draw(st.booleans()):
        written_year = f"{draw(st.sampled_from(['昭', '昭和', 'S']))}{year - 1925}"
    elif 1989 <= year <= 2019 and draw(st.booleans()):
        written_year = f"{draw(st.sampled_from(['平', '平成', 'H']))}{year - 1988}"
    else:
        written_year = str(year)
    padded = str(serial).zfill(draw(st.integers(min_value=1, max_value=6)))
    dash = draw(st.sampled_from(["-", "－", "ー", "‐", "―", " - "]))
    text = f"特願{written_year}{dash}{padded}"
    return (fullwidth(text) if draw(st.booleans()) else text), year, serial


@PROPERTY
@given(patent_numbers())
def test_it_normalizes_patent_numbers_idempotently(
    case: tuple[str, int, int],
) -> None:
    raw, year, serial = case
    canonical = normalize_patent_application_number(raw)
    assert canonical == f"特願{year}-{serial}"
    assert normalize_patent_application_number(canonical) == canonical
    assert patent_application_year(raw) == year


@PROPERTY
@given(st.text())
def test_it_normalizes_or_rejects_any_text_as_a_patent_number(text: str) -> None:
    try:
        canonical = normalize_patent_application_number(text)
    except ConventionError:
        return
    assert normalize_patent_application_number(canonical) == canonical


# --- 全国地方公共団体コード --------------------------------------------------


@pytest.mark.parametrize("code", VALID_LOCAL_GOVERNMENT_CODES)
def test_it_accepts_known_local_government_codes(code: str) -> None:
    assert local_government_check_digit(code[:5]) == int(code[5])
    assert normalize_local_government_code(code) == code
    assert normalize_local_government_code(code[:5]) == code
    assert normalize_local_government_code(fullwidth(code)) == code


def test_it_zero_pads_integer_local_government_codes() -> None:
    # Spreadsheets store 010006 as the number 10006.
    assert normalize_local_government_code(10006) == "010006"
    assert normalize_local_government_code(130001) == "130001"


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("010007", "local_government_code.check_digit"),
        ("130002", "local_government_code.check_digit"),
        ("000001", "local_government_code.prefecture"),
        ("480001", "local_government_code.prefecture"),
        ("1234567", "local_government_code.invalid"),
        ("1234", "local_government_code.invalid"),
        ("", "local_government_code.invalid"),
        ("01000a", "local_government_code.invalid"),
        (1100, "local_government_code.prefecture"),
        (True, "local_government_code.type"),
        (None, "local_government_code.type"),
    ],
)
def test_it_rejects_bad_local_government_codes(raw: object, code: str) -> None:
    with pytest.raises(ConventionError) as info:
        normalize_local_government_code(raw)  # type: ignore[arg-type]
    assert info.value.code == code
    assert info.value.message_ja and info.value.message_en


@pytest.mark.parametrize("base", ["", "0100", "010006", "0100a"])
def test_it_needs_a_five_digit_local_government_base(base: str) -> None:
    with pytest.raises(ConventionError) as info:
        local_government_check_digit(base)
    assert info.value.code == "local_government_code.base"


def test_it_cannot_detect_every_local_government_typo() -> None:
    # A documented weakness: remainders 0 and 10 both give check digit 1.
    assert normalize_local_government_code("130061") == "130061"


@st.composite
def local_government_bases(draw: st.DrawFn) -> str:
    prefecture = draw(st.integers(min_value=1, max_value=47))
    body = draw(st.integers(min_value=0, max_value=999))
    return f"{prefecture:02d}{body:03d}"


def remainder(code5: str) -> int:
    return sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2), strict=True)) % 11


@PROPERTY
@given(local_government_bases())
def test_it_accepts_only_the_computed_local_government_check_digit(base: str) -> None:
    check = local_government_check_digit(base)
    assert normalize_local_government_code(f"{base}{check}") == f"{base}{check}"
    for other in "0123456789":
        if other != str(check):
            with pytest.raises(ConventionError):
                normalize_local_government_code(f"{base}{other}")


@PROPERTY
@given(local_government_bases())
def test_it_rejects_single_digit_local_government_typos(base: str) -> None:
    code = f"{base}{local_government_check_digit(base)}"
    for position, typo in mutations(code):
        undetectable = (
            position < 5
            and {remainder(code[:5]), remainder(typo[:5])} == {0, 10}
            and 1 <= int(typo[:2]) <= 47
        )
        try:
            normalize_local_government_code(typo)
        except ConventionError:
            assert not undetectable
        else:
            assert undetectable


@PROPERTY
@given(st.text())
def test_it_validates_or_rejects_any_text_as_a_local_government_code(
    text: str,
) -> None:
    try:
        assert len(normalize_local_government_code(text)) == 6
    except ConventionError:
        pass


# --- python-stdnum as an outside oracle (a development dependency) ------------


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_the_check_digit_agrees_with_python_stdnum(base12: str) -> None:
    cn = pytest.importorskip("stdnum.jp.cn")
    ours = corporate_number_check_digit(base12)
    assert str(ours) == cn.calc_check_digit(base12)
    assert cn.is_valid(f"{ours}{base12}")


@PROPERTY
@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_validity_agrees_with_python_stdnum(number: str) -> None:
    cn = pytest.importorskip("stdnum.jp.cn")
    assert is_valid_corporate_number(number) == cn.is_valid(number)
