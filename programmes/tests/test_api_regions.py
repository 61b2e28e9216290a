"""GET /api/v1/regions: RegionFilterSet filters, ordering, paging, query count."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from geo.models import Prefecture
from programmes.choices import Certainty, RegionStatus
from programmes.models import Region, Theme
from tests.factories import make_programme, make_region

pytestmark = pytest.mark.django_db

URL = "/api/v1/regions"


def _codes(response: Any) -> list[str]:
    return [item["code"] for item in response.json()["items"]]


def _region_with_links(n: int, **overrides: Any) -> Region:
    """A region with two prefectures and two themes, to exercise the prefetches."""
    region = make_region(
        prefectures=list(Prefecture.objects.filter(code__in=["01", "02"])),
        **overrides,
    )
    region.themes.set(
        [
            Theme.objects.create(code=f"t{n}a", name_ja=f"分野{n}a", name_en="A"),
            Theme.objects.create(code=f"t{n}b", name_ja=f"分野{n}b", name_en="B"),
        ]
    )
    return region


def test_it_lists_a_region_with_every_public_field(client: Client) -> None:
    kc = make_programme(code="KC")
    region = make_region(
        programme=kc,
        code="sapporo-it",
        name_ja="札幌地域",
        name_en="Sapporo",
        cluster_name_ja="札幌ITカロッツェリアクラスター",
        main_prefecture=Prefecture.objects.get(code="01"),
        prefectures=[Prefecture.objects.get(code="01")],
        start_fy=2002,
        planned_end_fy=2006,
        safety_security=True,
        name_certainty=Certainty.MEDIUM,
    )
    region.themes.set([Theme.objects.create(code="it", name_ja="IT", name_en="IT")])

    response = client.get(URL)

    assert response.status_code == 200
    hokkaido = {"code": "01", "name_ja": "北海道", "name_en": "Hokkaido"}
    assert response.json() == {
        "count": 1,
        "limit": 100,
        "offset": 0,
        "next_cursor": None,
        "items": [
            {
                "code": "sapporo-it",
                "name_ja": "札幌地域",
                "name_en": "Sapporo",
                "cluster_name_ja": "札幌ITカロッツェリアクラスター",
                "programme": "KC",
                "prefectures": [hokkaido],
                "main_prefecture": hokkaido,
                "start_fy": 2002,
                "planned_end_fy": 2006,
                "end_fy": None,
                "status": "active",
                "status_label": "実施中",
                "safety_security": True,
                "themes": [{"code": "it", "name_ja": "IT", "name_en": "IT"}],
                "name_certainty": "medium",
                "url": "http://testserver/api/v1/regions/sapporo-it",
            }
        ],
    }


def test_it_filters_by_programme_and_fiscal_year(client: Client) -> None:
    kc, ca = make_programme(code="KC"), make_programme(code="CA")
    make_region(programme=kc, code="kc-2002", start_fy=2002, planned_end_fy=2006)
    make_region(programme=kc, code="kc-2005", start_fy=2005, planned_end_fy=2009)
    make_region(programme=ca, code="ca-2002", start_fy=2002, planned_end_fy=2004)
    make_region(
        programme=kc, code="kc-ended", start_fy=2002, planned_end_fy=2006, end_fy=2003
    )

    response = client.get(URL, {"programme": "KC", "fiscal_year": "2004"})

    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert _codes(response) == ["kc-2002"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"prefecture": "02"}, ["r-aomori"]),
        ({"status": "finished"}, ["r-finished"]),
        ({"start_fy": "2003"}, ["r-aomori"]),
        ({"q": "オプト"}, ["r-finished"]),
    ],
)
def test_it_filters_by_prefecture_status_start_fy_and_keyword(
    client: Client, params: dict[str, str], expected: list[str]
) -> None:
    make_region(code="r-tokyo", name_ja="東京テスト地域")
    make_region(
        code="r-aomori",
        start_fy=2003,
        main_prefecture=Prefecture.objects.get(code="02"),
        prefectures=list(Prefecture.objects.filter(code__in=["02", "03"])),
    )
    make_region(
        code="r-finished",
        status=RegionStatus.FINISHED,
        cluster_name_ja="浜松オプトロニクスクラスター",
    )

    response = client.get(URL, params)

    assert response.status_code == 200
    assert _codes(response) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"programme": "XX"}, "programme"),
        ({"fiscal_year": "abc"}, "fiscal_year"),
        ({"prefecture": "99"}, "prefecture"),
        ({"status": "sleeping"}, "status"),
        ({"start_fy": "H16"}, "start_fy"),
    ],
)
def test_it_rejects_a_bad_filter_value_with_400(
    client: Client, params: dict[str, str], field: str
) -> None:
    make_region()

    response = client.get(URL, params)

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "検索条件が正しくありません。"
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0]


def test_it_reports_every_bad_filter_at_once(client: Client) -> None:
    response = client.get(URL, {"programme": "XX", "fiscal_year": "abc"})

    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"programme", "fiscal_year"}


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("code", ["a-region", "b-region", "c-region"]),
        ("-code", ["c-region", "b-region", "a-region"]),
        ("-start_fy", ["b-region", "c-region", "a-region"]),
        ("name_ja", ["c-region", "a-region", "b-region"]),
    ],
)
def test_it_orders_by_a_whitelisted_field(
    client: Client, ordering: str, expected: list[str]
) -> None:
    make_region(code="a-region", name_ja="い地域", start_fy=2002)
    make_region(code="b-region", name_ja="う地域", start_fy=2004)
    make_region(code="c-region", name_ja="あ地域", start_fy=2003)

    response = client.get(URL, {"ordering": ordering})

    assert response.status_code == 200
    assert _codes(response) == expected


@pytest.mark.parametrize(
    "ordering", ["note", "-source", "programme__subsidy", "--code"]
)
def test_it_rejects_an_ordering_outside_the_whitelist_with_400(
    client: Client, ordering: str
) -> None:
    response = client.get(URL, {"ordering": ordering})

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["ordering"]
    assert ordering in errors["ordering"][0]


def test_it_pages_with_limit_and_offset(client: Client) -> None:
    for code in ["p-1", "p-2", "p-3", "p-4", "p-5"]:
        make_region(code=code)

    response = client.get(URL, {"ordering": "code", "limit": 2, "offset": 2})

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (5, 2, 2)
    assert _codes(response) == ["p-3", "p-4"]


@pytest.mark.parametrize(
    "params", [{"limit": "501"}, {"limit": "0"}, {"offset": "-1"}, {"limit": "x"}]
)
def test_it_rejects_a_limit_or_offset_out_of_range_with_422(
    client: Client, params: dict[str, str]
) -> None:
    response = client.get(URL, params)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", *params]


def test_it_lists_regions_in_a_fixed_number_of_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    _region_with_links(1)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(2, 12):
        _region_with_links(n)

    # data version (ETag), count, page, prefectures, themes: however many
    # regions the page holds.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)

    assert response.json()["count"] == 11
    assert len(few.captured_queries) <= 5


def test_it_answers_422_not_500_for_an_offset_beyond_any_database(
    client: Client,
) -> None:
    response = client.get(URL, {"offset": str(2**70)})
    assert response.status_code == 422
