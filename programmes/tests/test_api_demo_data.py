"""The API over the seed-calibrated demo data reproduces the seed's figures."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.usefixtures("demo")

OKU = 100_000_000  # 億円
HYAKUMAN = 1_000_000  # 百万円


def test_it_lists_18_kc_regions_and_37_ca_areas_in_fy2004(client: Client) -> None:
    kc = client.get("/api/v1/regions", {"fiscal_year": 2004, "programme": "KC"})
    ca = client.get("/api/v1/regions", {"fiscal_year": 2004, "programme": "CA"})

    assert (kc.status_code, ca.status_code) == (200, 200)
    assert (kc.json()["count"], len(kc.json()["items"])) == (18, 18)
    assert (ca.json()["count"], len(ca.json()["items"])) == (37, 37)
    assert {item["programme"] for item in kc.json()["items"]} == {"KC"}


def test_it_shows_the_seed_budgets(client: Client) -> None:
    programmes = {p["code"]: p for p in client.get("/api/v1/programmes").json()}
    budgets = client.get("/api/v1/budgets").json()

    def budget(code: str, fiscal_year: int) -> int:
        [figure] = [
            b["amount_yen"]
            for b in programmes[code]["budgets"]
            if (b["fiscal_year"], b["kind"]) == (fiscal_year, "budget")
        ]
        return figure

    assert (budget("KC", 2004), budget("KC", 2003)) == (90 * OKU, 69 * OKU)
    assert (budget("CA", 2004), budget("CA", 2003)) == (34 * OKU, 31 * OKU)
    whole = {
        (b["fiscal_year"], b["kind"]): b["amount_yen"]
        for b in budgets
        if b["programme"] is None
    }
    assert whole[(2004, "budget")] == 12_400 * HYAKUMAN
    assert whole[(2005, "request")] == 17_600 * HYAKUMAN


def test_it_counts_fy2004_regions_in_every_region_prefecture(client: Client) -> None:
    regions = client.get("/api/v1/regions", {"fiscal_year": 2004}).json()["items"]
    prefectures = client.get("/api/v1/prefectures", {"fiscal_year": 2004}).json()

    expected: dict[str, int] = {}
    for region in regions:
        for prefecture in region["prefectures"]:
            expected[prefecture["code"]] = expected.get(prefecture["code"], 0) + 1
    counts = {p["code"]: p["region_count"] for p in prefectures if p["region_count"]}
    assert counts == expected


def test_it_links_the_seed_special_zones_to_their_clusters(client: Client) -> None:
    regions = client.get("/api/v1/regions", {"limit": 500}).json()["items"]

    zones = set()
    for region in regions:
        detail = client.get(region["url"])
        assert detail.status_code == 200
        zones |= {zone["name_ja"] for zone in detail.json()["special_zones"]}
    assert {
        "糖質バイオクラスター特区",
        "光技術関連産業集積促進特区",
        "バイオメディカル・クラスター創成特区",
    } <= zones
