"""A region's links: special zones (published), councils and HQ posts (synthetic).

The three 構造改革特区 and the clusters they serve are named in the seed. A
地域クラスター推進協議会 exists per KC region (the seed says so) but not its
name, and the 知的クラスター本部 posts exist but not their holders: those rows
are flagged synthetic and carry no invented person names.
"""

from __future__ import annotations

from demo.budgets import SEED_SOURCE
from demo.records import set_m2m, upsert
from demo.regions import KC_REGIONS
from programmes.choices import HQRole
from programmes.models import PromotionCouncil, Region, SpecialZone, StaffAssignment

__all__ = ["HQ_ROLES", "SPECIAL_ZONES", "load_links"]

# (zone, applicant, prefecture code, region code), as listed in the seed.
SPECIAL_ZONES: tuple[tuple[str, str, str, str], ...] = (
    ("糖質バイオクラスター特区", "香川県", "37", "kc-takamatsu"),
    ("光技術関連産業集積促進特区", "浜松市", "22", "kc-hamamatsu"),
    ("バイオメディカル・クラスター創成特区", "大阪府", "27", "kc-osaka-saito"),
)

# Japanese titles spelt out so the stored name never depends on the active language.
HQ_ROLES: tuple[tuple[HQRole, str], ...] = (
    (HQRole.DIRECTOR_GENERAL, "本部長"),
    (HQRole.PROGRAMME_MANAGER, "事業総括"),
    (HQRole.RESEARCH_DIRECTOR, "研究統括"),
)


def load_links(regions: dict[str, Region]) -> None:
    """Special zones, one council per KC region and the HQ posts of each."""
    for name, applicant, prefecture, region_code in SPECIAL_ZONES:
        zone = upsert(
            SpecialZone,
            {"name_ja": name},
            {
                "applicant_ja": applicant,
                "prefecture_id": prefecture,
                "source": SEED_SOURCE,
            },
        )
        set_m2m(zone.regions, [regions[region_code].pk])
    for spec in KC_REGIONS:
        _load_council(regions[spec.code])
        _load_hq_posts(regions[spec.code])


def _load_council(region: Region) -> None:
    council = upsert(
        PromotionCouncil,
        {"name_ja": f"{region.name_ja}地域クラスター推進協議会"},
        {"established_fy": region.start_fy, "is_synthetic": True},
    )
    set_m2m(council.regions, [region.pk])


def _load_hq_posts(region: Region) -> None:
    """One placeholder holder per HQ post; the real names are not in our sources."""
    for role, title in HQ_ROLES:
        upsert(
            StaffAssignment,
            {"region": region, "role": role, "is_synthetic": True},
            {
                "person_name": f"{title}（氏名未登録）",
                "organisation_id": region.core_institution_id,
                "from_fy": region.start_fy,
                "to_fy": None,
            },
        )
