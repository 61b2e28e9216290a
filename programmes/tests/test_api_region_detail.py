"""GET /api/v1/regions/{code}: one region with HQ, links and yearly outcomes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from geo.models import Prefecture
from programmes.choices import HQRole
from programmes.models import PromotionCouncil, Region, SpecialZone, StaffAssignment
from reports.models import YearlyOutcome
from tests.factories import make_organisation, make_region

pytestmark = pytest.mark.django_db


def _hamamatsu() -> Region:
    foundation = make_organisation(
        name_ja="浜松地域テクノポリス推進機構", corporate_number=""
    )
    region = make_region(
        code="hamamatsu",
        name_ja="浜松地域",
        main_prefecture=Prefecture.objects.get(code="22"),
        core_institution=foundation,
        track="full",
    )
    zone = SpecialZone.objects.create(
        name_ja="光技術関連産業集積促進特区",
        applicant_ja="浜松市",
        prefecture=Prefecture.objects.get(code="22"),
    )
    zone.regions.add(region)
    council = PromotionCouncil.objects.create(
        name_ja="東海地域クラスター推進協議会", established_fy=2003
    )
    council.regions.add(region)
    return region


def _add_outcomes(region: Region, rows: list[tuple[int, str, int]]) -> None:
    for fiscal_year, kind, value in rows:
        YearlyOutcome.objects.create(
            region=region, fiscal_year=fiscal_year, kind=kind, value=value
        )


def test_it_shows_a_region_with_its_links(client: Client) -> None:
    region = _hamamatsu()
    StaffAssignment.objects.create(
        region=region,
        person_name="山田太郎",
        role=HQRole.DIRECTOR_GENERAL,
        from_fy=2002,
        is_synthetic=True,
    )

    response = client.get("/api/v1/regions/hamamatsu")

    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "hamamatsu"
    assert body["url"] == "http://testserver/api/v1/regions/hamamatsu"
    assert body["track"] == "full"
    assert body["core_institution"] == {
        "name_ja": "浜松地域テクノポリス推進機構",
        "name_en": "",
        "corporate_number": None,
    }
    assert body["special_zones"] == [
        {
            "name_ja": "光技術関連産業集積促進特区",
            "applicant_ja": "浜松市",
            "prefecture": "22",
        }
    ]
    assert body["councils"] == [
        {
            "name_ja": "東海地域クラスター推進協議会",
            "members_ja": "文部科学省・経済産業省・地方公共団体",
            "established_fy": 2003,
            "is_synthetic": False,
        }
    ]
    assert body["staff"] == [
        {
            "role": "director_general",
            "role_label": "本部長",
            "name": "山田太郎",
            "organisation": None,
            "from_fy": 2002,
            "to_fy": None,
            "is_synthetic": True,
        }
    ]


def test_it_groups_yearly_outcomes_by_fiscal_year(client: Client) -> None:
    region = make_region(code="outcomes-region")
    _add_outcomes(
        region,
        [
            (2003, "patent_applications", 40),
            (2002, "patent_applications", 12),
            (2003, "companies", 25),
        ],
    )

    response = client.get("/api/v1/regions/outcomes-region")

    assert response.status_code == 200
    assert response.json()["outcomes"] == [
        {"fiscal_year": 2002, "values": {"patent_applications": 12}},
        {"fiscal_year": 2003, "values": {"companies": 25, "patent_applications": 40}},
    ]


def test_it_shows_a_region_in_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    region = _hamamatsu()
    for n in range(5):
        StaffAssignment.objects.create(
            region=region,
            person_name=f"担当者{n}",
            role=HQRole.COORDINATOR,
            organisation=make_organisation(),
            from_fy=2002 + n,
        )
    _add_outcomes(region, [(2002 + n, "companies", n) for n in range(5)])

    # region, prefectures, themes, staff, zones, councils, outcomes
    with django_assert_max_num_queries(8):  # 7 + the data version (ETag)
        response = client.get("/api/v1/regions/hamamatsu")

    assert len(response.json()["staff"]) == 5


def test_it_answers_404_in_json_for_an_unknown_code(client: Client) -> None:
    response = client.get("/api/v1/regions/no-such-region")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "地域コード「no-such-region」の地域はありません。"
    }
