"""Reference data for geo: the 47 prefectures and the designated cities.

Loaded by a data migration (so every database, the test databases included,
has it) and again by `load_demo`, both through `load_reference_data`, which
takes the model classes so that the migration can pass its historical models.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lib.identifiers import normalize_local_government_code
from lib.prefectures import PREFECTURES

# (5-digit local government code, name, English name, prefecture, designated on)
DESIGNATED_CITIES: tuple[tuple[str, str, str, str, date], ...] = (
    ("26100", "京都市", "Kyoto", "26", date(1956, 9, 1)),
    ("27100", "大阪市", "Osaka", "27", date(1956, 9, 1)),
    ("23100", "名古屋市", "Nagoya", "23", date(1956, 9, 1)),
    ("14100", "横浜市", "Yokohama", "14", date(1956, 9, 1)),
    ("28100", "神戸市", "Kobe", "28", date(1956, 9, 1)),
    ("40100", "北九州市", "Kitakyushu", "40", date(1963, 4, 1)),
    ("01100", "札幌市", "Sapporo", "01", date(1972, 4, 1)),
    ("14130", "川崎市", "Kawasaki", "14", date(1972, 4, 1)),
    ("40130", "福岡市", "Fukuoka", "40", date(1972, 4, 1)),
    ("34100", "広島市", "Hiroshima", "34", date(1980, 4, 1)),
    ("04100", "仙台市", "Sendai", "04", date(1989, 4, 1)),
    ("12100", "千葉市", "Chiba", "12", date(1992, 4, 1)),
    ("11100", "さいたま市", "Saitama", "11", date(2003, 4, 1)),
    ("22100", "静岡市", "Shizuoka", "22", date(2005, 4, 1)),
    ("27140", "堺市", "Sakai", "27", date(2006, 4, 1)),
    ("15100", "新潟市", "Niigata", "15", date(2007, 4, 1)),
    ("22130", "浜松市", "Hamamatsu", "22", date(2007, 4, 1)),
    ("33100", "岡山市", "Okayama", "33", date(2009, 4, 1)),
    ("14150", "相模原市", "Sagamihara", "14", date(2010, 4, 1)),
    ("43100", "熊本市", "Kumamoto", "43", date(2012, 4, 1)),
)


def load_reference_data(prefecture_model: Any, city_model: Any) -> None:
    """Create or update the prefectures and designated cities (idempotent)."""
    for pref in PREFECTURES:
        prefecture_model.objects.update_or_create(
            code=pref.code,
            defaults={
                "name_ja": pref.name_ja,
                "name_en": pref.name_en,
                "block": pref.region_block,
            },
        )
    for code5, name_ja, name_en, pref_code, designated_on in DESIGNATED_CITIES:
        city_model.objects.update_or_create(
            code=normalize_local_government_code(code5),
            defaults={
                "name_ja": name_ja,
                "name_en": name_en,
                "prefecture_id": pref_code,
                "designated_on": designated_on,
            },
        )


def designated_city_count(on: date) -> int:
    """How many cities were designated by that date (13 in FY2004)."""
    return sum(1 for *_, designated_on in DESIGNATED_CITIES if designated_on <= on)
