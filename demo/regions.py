"""The 18 KC regions and 37 City Areas of FY2004, with how sure we are of each.

Published: the counts (KC 12 from FY2002, 15 by FY2003, 18 in FY2004; CA
19 + 9 + 9 = 37 active in FY2004) and the KC names and start years marked in
domain-facts §1 (high/medium, or low where they are "from memory"). The start
years of 徳島/広島/宇部 are not confirmed: exactly one of them started in each of
FY2002, FY2003 and FY2004, and the assignment below is a guess marked low.

Not published: the City Area names. Except 函館エリア every area is a plain
placeholder (「都市エリア 2002-07（仮称）」) whose prefecture is drawn with a fixed
random seed and says so in its note; no plausible-looking name is invented.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.records import set_m2m, upsert
from lib.prefectures import PREFECTURES
from programmes.choices import Certainty, OrganisationKind, RegionStatus, RegionTrack
from programmes.models import Organisation, Programme, Region, Theme

__all__ = [
    "CA_COHORTS",
    "CORE_INSTITUTIONS",
    "KC_REGIONS",
    "THEMES",
    "RegionSpec",
    "all_region_specs",
    "ca_region_specs",
    "load_regions",
    "load_themes",
]

CA_PREFECTURE_SEED = 20040803

THEMES: tuple[tuple[str, str, str], ...] = (
    ("it", "情報通信", "Information technology"),
    ("bio", "バイオ", "Biotechnology"),
    ("nano", "ナノテクノロジー", "Nanotechnology"),
    ("environment", "環境", "Environment"),
    ("materials", "材料", "Materials"),
    ("medical", "医療", "Medicine"),
    ("life-science", "ライフサイエンス", "Life science"),
    ("optronics", "光技術", "Optronics"),
    ("marine", "水産・海洋", "Fisheries and marine science"),
    ("food", "食品", "Food"),
    ("energy", "エネルギー", "Energy"),
    ("robotics", "ロボット", "Robotics"),
    ("manufacturing", "ものづくり", "Manufacturing"),
    ("sensing", "センシング", "Sensing"),
    ("safety", "安全・安心", "Safety and security"),
)


@dataclass(frozen=True)
class RegionSpec:
    """One row of the region tables; ``prefectures`` lists the main one first."""

    code: str
    programme: str
    name_ja: str
    name_en: str
    cluster_name_ja: str
    prefectures: tuple[str, ...]
    start_fy: int
    themes: tuple[str, ...]
    name_certainty: str
    source: str
    note: str = ""
    core_institution: str = ""
    safety_security: bool = False


# 中核機関 named in domain-facts §1a/§2a: (name, prefecture, certainty). They
# have no 法人番号: those were first assigned in 2015.
CORE_INSTITUTIONS: tuple[tuple[str, str, str], ...] = (
    ("(財)浜松地域テクノポリス推進機構", "22", Certainty.MEDIUM),
    ("(財)長野県テクノ財団", "20", Certainty.MEDIUM),
    ("(財)富山県新世紀産業機構", "16", Certainty.MEDIUM),
    ("(財)科学技術交流財団", "23", Certainty.HIGH),
    ("(財)岐阜県研究開発財団", "21", Certainty.HIGH),
    ("(財)函館地域産業振興財団", "01", Certainty.HIGH),
)

_MEMORY = "一般知識（domain-facts §1b、出典未確認）"
_START_UNCONFIRMED = (
    "開始年度は未確認。徳島・広島・宇部のうち各1地域がFY2002/2003/2004に開始したと"
    "推定し、その割当ては仮置き。"
)
_MEMORY_NOTE = "クラスター名・開始年度とも記憶に基づく（未確認）。"

KC_REGIONS: tuple[RegionSpec, ...] = (
    RegionSpec("kc-sapporo", "KC", "札幌", "Sapporo", "札幌ITカロッツェリア",
               ("01",), 2002, ("it",), Certainty.HIGH,
               "it-cluster.jp/concept/index.html", "中核機関は未確認。"),
    RegionSpec("kc-sendai", "KC", "仙台", "Sendai", "仙台サイバーフォレストクラスター",
               ("04",), 2002, ("it",), Certainty.LOW, _MEMORY, _MEMORY_NOTE),
    RegionSpec("kc-nagano-ueda", "KC", "長野・上田", "Nagano-Ueda",
               "長野・上田スマートデバイスクラスター", ("20",), 2002,
               ("nano", "materials"), Certainty.MEDIUM,
               "sangakukan.jst.go.jp 2008/06",
               "クラスター名と開始年度は未確認（一般知識）。",
               "(財)長野県テクノ財団"),
    RegionSpec("kc-hamamatsu", "KC", "浜松", "Hamamatsu",
               "浜松オプトロニクスクラスター", ("22",), 2002,
               ("optronics", "it"), Certainty.MEDIUM,
               "mext houdou 25/03/attach/1331572.htm; 事業評価書（特区の例示）",
               "クラスター名は評価書に記載。開始年度は未確認（一般知識）。"
               "中核機関は第II期の資料による。",
               "(財)浜松地域テクノポリス推進機構"),
    RegionSpec("kc-kyoto", "KC", "京都", "Kyoto", "京都ナノテククラスター",
               ("26",), 2002, ("nano",), Certainty.LOW, _MEMORY,
               _MEMORY_NOTE + "分野（ナノテク）は it-cluster.jp による。"),
    RegionSpec("kc-keihanna", "KC", "関西文化学術研究都市", "Keihanna Science City",
               "けいはんなヒューマン・エルキューブクラスター", ("26", "27", "29"),
               2002, ("it",), Certainty.LOW, _MEMORY, _MEMORY_NOTE),
    RegionSpec("kc-osaka-saito", "KC", "大阪北部(彩都)", "Northern Osaka (Saito)",
               "大阪北部(彩都)バイオメディカルクラスター", ("27",), 2002,
               ("bio", "medical"), Certainty.LOW, _MEMORY,
               "クラスター名は評価書（特区の例示）に記載。開始年度は記憶に基づく（未確認）。"),
    RegionSpec("kc-kobe", "KC", "神戸", "Kobe",
               "神戸トランスレーショナルリサーチクラスター", ("28",), 2002,
               ("bio", "medical"), Certainty.LOW, _MEMORY,
               _MEMORY_NOTE),
    RegionSpec("kc-takamatsu", "KC", "高松", "Takamatsu", "高松希少糖バイオクラスター",
               ("37",), 2002, ("bio", "food"), Certainty.LOW, _MEMORY,
               "クラスター名は評価書（特区の例示）に記載。開始年度は記憶に基づく（未確認）。"),
    RegionSpec("kc-kitakyushu", "KC", "北九州学術研究都市", "Kitakyushu Science and "
               "Research Park", "北九州ヒューマンテクノクラスター", ("40",), 2002,
               ("it", "robotics"), Certainty.LOW, _MEMORY, _MEMORY_NOTE),
    RegionSpec("kc-fukuoka", "KC", "福岡", "Fukuoka",
               "福岡システムLSI設計開発クラスター", ("40",), 2002,
               ("it",), Certainty.LOW, _MEMORY,
               _MEMORY_NOTE + "分野（システムLSI）は it-cluster.jp による。"),
    RegionSpec("kc-tokushima", "KC", "徳島", "Tokushima", "徳島健康・医療クラスター",
               ("36",), 2002, ("medical", "life-science"), Certainty.LOW, _MEMORY,
               _START_UNCONFIRMED),
    RegionSpec("kc-toyama-takaoka", "KC", "富山・高岡", "Toyama-Takaoka",
               "とやま医薬バイオクラスター", ("16",), 2003,
               ("bio", "medical"), Certainty.HIGH,
               "expydoc 8445622; pref.toyama.jp 2005sep", "中核機関は概ね確認（M）。",
               "(財)富山県新世紀産業機構"),
    RegionSpec("kc-nagoya", "KC", "名古屋", "Nagoya", "", ("23",), 2003,
               ("nano", "environment"), Certainty.HIGH,
               "astf.or.jp/finished/choju/02-1-3.html",
               "クラスター名は未確認（記憶では「名古屋ナノテククラスター」）。",
               "(財)科学技術交流財団"),
    RegionSpec("kc-hiroshima", "KC", "広島", "Hiroshima", "広島バイオクラスター",
               ("34",), 2003, ("bio",), Certainty.LOW, _MEMORY, _START_UNCONFIRMED),
    RegionSpec("kc-ishikawa", "KC", "石川", "Ishikawa",
               "石川ハイテク・センシング・クラスター", ("17",), 2004,
               ("life-science", "sensing"), Certainty.HIGH,
               "nga.gr.jp 2014/02 post_2617; hiac.or.jp", "中核機関は未確認。"),
    RegionSpec("kc-gifu-ogaki", "KC", "岐阜・大垣", "Gifu-Ogaki",
               "岐阜・大垣ロボティック先端医療クラスター構想", ("21",), 2004,
               ("medical", "robotics"), Certainty.HIGH,
               "vdocuments.pub 岐阜 自己評価報告書",
               "開始年度は自己評価報告書（平成21年3月）からの推定（M）。",
               "(財)岐阜県研究開発財団"),
    RegionSpec("kc-ube", "KC", "宇部", "Ube",
               "やまぐち・うべ・メディカル・イノベーション・クラスター構想",
               ("35",), 2004,
               ("medical",), Certainty.LOW, "ubenippo.co.jp 2005-11-12（名称）",
               "クラスター名は確認済み。" + _START_UNCONFIRMED),
)  # fmt: skip

HAKODATE = RegionSpec(
    "ca-hakodate", "CA", "函館エリア", "Hakodate Area", "", ("01",), 2003,
    ("marine", "bio"), Certainty.HIGH,
    "ehako.com 2003-06-06, 2003-09-03; joruri-cms.city.hakodate",
    "一般型 FY2003–2005。分野は水産・海洋（ガゴメ昆布、イカ）。",
    "(財)函館地域産業振興財団",
)  # fmt: skip

#: City Area cohorts: (start FY, areas selected that year) — the counts are high.
CA_COHORTS: tuple[tuple[int, int], ...] = ((2002, 19), (2003, 9), (2004, 9))
#: Placeholder areas of the FY2004 cohort that carry a 安全・安心 theme (synthetic).
CA_SAFETY_AREAS = 2
_CA_SOURCE = "mext.go.jp/a_menu/kagaku/chiiki/city_area/outline.htm（採択数のみ）"
_CA_NOTE = (
    "エリア名・所在地は未確認のため仮称。都道府県は固定乱数で割り当てた合成データ。"
)
_CA_SAFETY_NOTE = "安全・安心テーマの指定は合成データ（達成目標4-9-追加の例示）。"


def ca_region_specs() -> tuple[RegionSpec, ...]:
    """函館 plus one placeholder per unknown area, prefectures from a fixed seed."""
    rng = random.Random(CA_PREFECTURE_SEED)
    codes = [pref.code for pref in PREFECTURES]
    specs: list[RegionSpec] = []
    for start_fy, selected in CA_COHORTS:
        known = [HAKODATE] if start_fy == HAKODATE.start_fy else []
        unknown = selected - len(known)
        prefectures = rng.sample(codes, unknown)
        safety = (
            set(rng.sample(range(unknown), CA_SAFETY_AREAS))
            if start_fy == 2004
            else set()
        )
        specs += known
        specs += [
            _placeholder(start_fy, number + 1, prefecture, number in safety)
            for number, prefecture in enumerate(prefectures)
        ]
    return tuple(specs)


def _placeholder(
    start_fy: int, number: int, prefecture: str, safety: bool
) -> RegionSpec:
    label = f"{start_fy}-{number:02d}"
    return RegionSpec(
        code=f"ca-{label}",
        programme="CA",
        name_ja=f"都市エリア {label}（仮称）",
        name_en=f"City Area {label} (placeholder)",
        cluster_name_ja="",
        prefectures=(prefecture,),
        start_fy=start_fy,
        themes=("safety",) if safety else (),
        name_certainty=Certainty.PLACEHOLDER,
        source=_CA_SOURCE,
        note=_CA_NOTE + (_CA_SAFETY_NOTE if safety else ""),
        safety_security=safety,
    )


def all_region_specs() -> tuple[RegionSpec, ...]:
    return KC_REGIONS + ca_region_specs()


def load_themes() -> dict[str, Theme]:
    return {
        code: upsert(Theme, {"code": code}, {"name_ja": name_ja, "name_en": name_en})
        for code, name_ja, name_en in THEMES
    }


def load_regions(programmes: dict[str, Programme]) -> dict[str, Region]:
    """Create or update every region of the tables; return them by code."""
    themes = load_themes()
    institutions = _load_core_institutions()
    regions: dict[str, Region] = {}
    for spec in all_region_specs():
        programme = programmes[spec.programme]
        values = _region_values(spec, programme)
        institution = institutions.get(spec.core_institution)
        values["core_institution_id"] = institution.pk if institution else None
        region = upsert(Region, {"code": spec.code}, values)
        set_m2m(region.prefectures, spec.prefectures)
        set_m2m(region.themes, (themes[code].pk for code in spec.themes))
        regions[spec.code] = region
    return regions


def _region_values(spec: RegionSpec, programme: Programme) -> dict[str, object]:
    return {
        "programme_id": programme.pk,
        "name_ja": spec.name_ja,
        "name_en": spec.name_en,
        "cluster_name_ja": spec.cluster_name_ja,
        "main_prefecture_id": spec.prefectures[0],
        "start_fy": spec.start_fy,
        "planned_end_fy": spec.start_fy + programme.duration_years - 1,
        "status": RegionStatus.ACTIVE,
        "track": RegionTrack.FULL if spec.programme == "KC" else RegionTrack.GENERAL,
        "safety_security": spec.safety_security,
        "name_certainty": spec.name_certainty,
        "source": spec.source,
        "note": spec.note,
    }


def _load_core_institutions() -> dict[str, Organisation]:
    return {
        name: upsert(
            Organisation,
            {"name_ja": name},
            {
                "kind": OrganisationKind.FOUNDATION,
                "prefecture_id": prefecture,
                "certainty": certainty,
            },
        )
        for name, prefecture, certainty in CORE_INSTITUTIONS
    }
