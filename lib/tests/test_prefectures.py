"""The prefecture table and lookups by JIS code or name."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.errors import ConventionError
from lib.prefectures import (
    PREFECTURES,
    REGION_BLOCKS,
    Prefecture,
    normalize_prefecture_code,
    prefecture_by_code,
    prefecture_by_name,
)
from lib.tests._settings import PROPERTY

SHARED_CSV = Path(__file__).resolve().parents[3] / "shared" / "data" / "prefectures.csv"


def test_it_lists_the_47_prefectures_in_code_order() -> None:
    assert len(PREFECTURES) == 47
    assert [p.code for p in PREFECTURES] == [f"{n:02d}" for n in range(1, 48)]


def test_it_has_unique_names() -> None:
    for attribute in ("name_ja", "name_en", "short_name_ja"):
        names = [getattr(p, attribute) for p in PREFECTURES]
        assert len(set(names)) == 47, attribute


def test_it_matches_the_shared_csv() -> None:
    if not SHARED_CSV.exists():
        pytest.skip(f"{SHARED_CSV} is not available")
    with SHARED_CSV.open(encoding="utf-8", newline="") as handle:
        rows = [(row["code"], row["name_ja"]) for row in csv.DictReader(handle)]
    assert rows == [(p.code, p.name_ja) for p in PREFECTURES]


@pytest.mark.parametrize(
    ("code", "name_ja", "name_en", "block"),
    [
        ("01", "北海道", "Hokkaido", "北海道"),
        ("02", "青森県", "Aomori", "東北"),
        ("04", "宮城県", "Miyagi", "東北"),
        ("05", "秋田県", "Akita", "東北"),
        ("13", "東京都", "Tokyo", "関東"),
        ("22", "静岡県", "Shizuoka", "中部"),
        ("26", "京都府", "Kyoto", "近畿"),
        ("27", "大阪府", "Osaka", "近畿"),
        ("34", "広島県", "Hiroshima", "中国"),
        ("37", "香川県", "Kagawa", "四国"),
        ("47", "沖縄県", "Okinawa", "九州・沖縄"),
    ],
)
def test_it_knows_each_prefecture(
    code: str, name_ja: str, name_en: str, block: str
) -> None:
    assert prefecture_by_code(code) == Prefecture(code, name_ja, name_en, block)


def test_it_uses_the_eight_region_blocks() -> None:
    assert {p.region_block for p in PREFECTURES} == set(REGION_BLOCKS)
    counts = {b: sum(p.region_block == b for p in PREFECTURES) for b in REGION_BLOCKS}
    assert counts == {
        "北海道": 1,
        "東北": 6,
        "関東": 7,
        "中部": 9,
        "近畿": 7,
        "中国": 5,
        "四国": 4,
        "九州・沖縄": 8,
    }


def test_it_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PREFECTURES[0].code = "99"  # type: ignore[misc]


def test_it_derives_short_and_iso_names() -> None:
    tokyo = prefecture_by_code(13)
    assert tokyo.short_name_ja == "東京"
    assert tokyo.iso_code == "JP-13"
    assert prefecture_by_code(1).short_name_ja == "北海道"


@pytest.mark.parametrize(
    "raw", [1, "1", "01", "JP-01", "jp-01", "JP01", "０１", "１", " 01 ", "ＪＰ－０１"]
)
def test_it_finds_a_prefecture_by_any_code_form(raw: str | int) -> None:
    assert prefecture_by_code(raw).name_ja == "北海道"
    assert normalize_prefecture_code(raw) == "01"


@pytest.mark.parametrize(
    "raw", [0, 48, -1, "0", "00", "48", "JP-48", "", "abc", "001", "1.0", True, 1.0]
)
def test_it_rejects_unknown_codes(raw: object) -> None:
    with pytest.raises(ConventionError) as info:
        prefecture_by_code(raw)  # type: ignore[arg-type]
    assert info.value.code == "prefecture.unknown_code"
    assert "都道府県コード" in info.value.message_ja
    assert "prefecture code" in info.value.message_en


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("東京都", "13"),
        ("東京", "13"),
        ("大阪府", "27"),
        ("大阪", "27"),
        ("京都府", "26"),
        ("京都", "26"),
        ("北海道", "01"),
        ("神奈川", "14"),
        ("\u3000東京都 ", "13"),
        ("Tokyo", "13"),
        ("tokyo", "13"),
        ("TOKYO", "13"),
        ("Ｔｏｋｙｏ", "13"),
        ("Tokyo-to", "13"),
        ("Tokyo Metropolis", "13"),
        ("Osaka-fu", "27"),
        ("Aichi Prefecture", "23"),
        ("Aichi-ken", "23"),
        ("Hokkaido", "01"),
        ("Hokkaidō", "01"),
        ("Hyōgo", "28"),
        ("Kōchi", "39"),
        ("Ōita", "44"),
        ("Kyoto", "26"),
        ("Gifu", "21"),
    ],
)
def test_it_finds_a_prefecture_by_name(raw: str, code: str) -> None:
    assert prefecture_by_name(raw).code == code


@pytest.mark.parametrize("raw", ["", "東", "大阪市", "東京府", "Edo", "Tok", None, 13])
def test_it_rejects_unknown_names(raw: object) -> None:
    with pytest.raises(ConventionError) as info:
        prefecture_by_name(raw)  # type: ignore[arg-type]
    assert info.value.code == "prefecture.unknown_name"
    assert "都道府県名" in info.value.message_ja
    assert "prefecture" in info.value.message_en


@pytest.mark.parametrize("prefecture", PREFECTURES, ids=lambda p: p.code)
def test_it_finds_every_prefecture_by_each_of_its_names(prefecture: Prefecture) -> None:
    for name in (prefecture.name_ja, prefecture.short_name_ja, prefecture.name_en):
        assert prefecture_by_name(name) is prefecture
    assert prefecture_by_name(prefecture.name_en.upper()) is prefecture
    assert prefecture_by_code(prefecture.iso_code) is prefecture
    assert prefecture_by_code(int(prefecture.code)) is prefecture


@PROPERTY
@given(st.text())
def test_it_finds_or_rejects_any_text(text: str) -> None:
    for lookup in (prefecture_by_code, prefecture_by_name):
        try:
            assert lookup(text) in PREFECTURES
        except ConventionError:
            pass
