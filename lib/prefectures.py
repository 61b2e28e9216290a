"""The 47 prefectures with their JIS X 0401 codes (also ISO 3166-2:JP).

Programme records name prefectures in many ways: 「東京都」, 「東京」, ``13``,
``"JP-13"``, ``"Tokyo"``. This module maps all of them to one
:class:`Prefecture`, whose two-digit ``code`` is what the database stores.
The table is hard-coded (it has not changed since 1972) so that it is
available without files or a database; a test compares it with
``shared/data/prefectures.csv``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lib.errors import ConventionError
from lib.text import to_halfwidth, visible

__all__ = [
    "PREFECTURES",
    "REGION_BLOCKS",
    "Prefecture",
    "normalize_prefecture_code",
    "prefecture_by_code",
    "prefecture_by_name",
]


@dataclass(frozen=True, slots=True)
class Prefecture:
    """One prefecture: JIS code, Japanese and English names, region block."""

    code: str
    name_ja: str
    name_en: str
    region_block: str

    @property
    def short_name_ja(self) -> str:
        """The name without 都/府/県 (「東京」); 北海道 keeps its full name."""
        if self.name_ja.endswith(("都", "府", "県")):
            return self.name_ja[:-1]
        return self.name_ja

    @property
    def iso_code(self) -> str:
        """ISO 3166-2 code, e.g. ``JP-13``."""
        return f"JP-{self.code}"


#: The usual eight-block division (地方区分) used in statistics and textbooks.
#: 三重県 is placed in 近畿 as in that division, although it is often grouped
#: with 東海/中部 in economic contexts.
REGION_BLOCKS: tuple[str, ...] = (
    "北海道",
    "東北",
    "関東",
    "中部",
    "近畿",
    "中国",
    "四国",
    "九州・沖縄",
)

_TABLE = """\
01 北海道 Hokkaido 北海道
02 青森県 Aomori 東北
03 岩手県 Iwate 東北
04 宮城県 Miyagi 東北
05 秋田県 Akita 東北
06 山形県 Yamagata 東北
07 福島県 Fukushima 東北
08 茨城県 Ibaraki 関東
09 栃木県 Tochigi 関東
10 群馬県 Gunma 関東
11 埼玉県 Saitama 関東
12 千葉県 Chiba 関東
13 東京都 Tokyo 関東
14 神奈川県 Kanagawa 関東
15 新潟県 Niigata 中部
16 富山県 Toyama 中部
17 石川県 Ishikawa 中部
18 福井県 Fukui 中部
19 山梨県 Yamanashi 中部
20 長野県 Nagano 中部
21 岐阜県 Gifu 中部
22 静岡県 Shizuoka 中部
23 愛知県 Aichi 中部
24 三重県 Mie 近畿
25 滋賀県 Shiga 近畿
26 京都府 Kyoto 近畿
27 大阪府 Osaka 近畿
28 兵庫県 Hyogo 近畿
29 奈良県 Nara 近畿
30 和歌山県 Wakayama 近畿
31 鳥取県 Tottori 中国
32 島根県 Shimane 中国
33 岡山県 Okayama 中国
34 広島県 Hiroshima 中国
35 山口県 Yamaguchi 中国
36 徳島県 Tokushima 四国
37 香川県 Kagawa 四国
38 愛媛県 Ehime 四国
39 高知県 Kochi 四国
40 福岡県 Fukuoka 九州・沖縄
41 佐賀県 Saga 九州・沖縄
42 長崎県 Nagasaki 九州・沖縄
43 熊本県 Kumamoto 九州・沖縄
44 大分県 Oita 九州・沖縄
45 宮崎県 Miyazaki 九州・沖縄
46 鹿児島県 Kagoshima 九州・沖縄
47 沖縄県 Okinawa 九州・沖縄
"""

PREFECTURES: tuple[Prefecture, ...] = tuple(
    Prefecture(*line.split()) for line in _TABLE.splitlines()
)

_BY_CODE: dict[int, Prefecture] = {int(p.code): p for p in PREFECTURES}
_BY_NAME: dict[str, Prefecture] = {
    key: p
    for p in PREFECTURES
    for key in (p.name_ja, p.short_name_ja, p.name_en.casefold())
}
_CODE = re.compile(r"(?:JP-?)?([0-9]{1,2})")
#: English suffixes people add: "Tokyo Metropolis", "Osaka-fu", "Aichi Prefecture".
_EN_SUFFIX = re.compile(r"[\s-]+(?:prefecture|metropolis|ken|fu|to|do)$")
#: Long-vowel spellings of the English names (Hyōgo, Hyougo, Ooita, Hokkaidou).
_EN_LONG_VOWELS = (("ou", "o"), ("oo", "o"), ("uu", "u"))


def prefecture_by_code(code: str | int) -> Prefecture:
    """Look up by JIS code: ``13``, ``"13"``, ``"01"``, ``"JP-13"``, 「１３」."""
    if isinstance(code, bool) or not isinstance(code, int | str):
        raise _unknown_code(code)
    if isinstance(code, int):
        number = code
    else:
        match = _CODE.fullmatch(to_halfwidth(code).strip().upper())
        if match is None:
            raise _unknown_code(code)
        number = int(match.group(1))
    try:
        return _BY_CODE[number]
    except KeyError:
        raise _unknown_code(code) from None


def normalize_prefecture_code(value: str | int) -> str:
    """The two-digit JIS code (``"01"``…``"47"``) for any accepted code form."""
    return prefecture_by_code(value).code


def prefecture_by_name(name: str) -> Prefecture:
    """Look up by name: 「東京都」, 「東京」, 「北海道」, ``Tokyo``, ``Osaka-fu``."""
    if not isinstance(name, str):
        raise _unknown_name(name)
    text = to_halfwidth(name).strip()
    found = _BY_NAME.get(text) or _BY_NAME.get(_english_key(text))
    if found is None:
        raise _unknown_name(name)
    return found


def _english_key(text: str) -> str:
    """Fold an English name: case, macrons, suffixes and long-vowel spellings."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = _EN_SUFFIX.sub("", ascii_only.strip())
    for long, short in _EN_LONG_VOWELS:
        key = key.replace(long, short)
    return key


def _unknown_code(value: object) -> ConventionError:
    return ConventionError(
        "prefecture.unknown_code",
        f"都道府県コード「{visible(str(value))}」は存在しません。"
        "01〜47 で入力してください。",
        f"{value!r} is not a prefecture code; use 01 to 47 (JIS X 0401).",
        value,
    )


def _unknown_name(value: object) -> ConventionError:
    return ConventionError(
        "prefecture.unknown_name",
        f"都道府県名「{visible(str(value))}」が見つかりません。「東京都」「東京」のように入力してください。",
        f"No prefecture is called {value!r}; enter a name like 東京都, 東京 or Tokyo.",
        value,
    )
