"""GET /api/v1/prefectures: the 47 prefectures and their region counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from geo.models import Prefecture
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def _counts(response: Any) -> dict[str, int]:
    return {p["code"]: p["region_count"] for p in response.json()}


def _regions() -> None:
    hokkaido, aomori = Prefecture.objects.filter(code__in=["01", "02"])
    make_region(main_prefecture=hokkaido, prefectures=[hokkaido, aomori])
    make_region(
        main_prefecture=hokkaido,
        prefectures=[hokkaido],
        start_fy=2005,
        planned_end_fy=2007,
    )


def test_it_lists_all_47_prefectures(client: Client) -> None:
    response = client.get("/api/v1/prefectures")

    assert response.status_code == 200
    body = response.json()
    assert len(body) == 47
    assert body[0] == {
        "code": "01",
        "name_ja": "北海道",
        "name_en": "Hokkaido",
        "region_count": 0,
    }
    assert body[-1]["code"] == "47"


def test_it_counts_every_region_without_a_fiscal_year(client: Client) -> None:
    _regions()

    response = client.get("/api/v1/prefectures")

    counts = _counts(response)
    assert (counts["01"], counts["02"], counts["03"]) == (2, 1, 0)


def test_it_counts_regions_active_in_the_fiscal_year(client: Client) -> None:
    _regions()

    response = client.get("/api/v1/prefectures", {"fiscal_year": 2003})

    assert response.status_code == 200
    counts = _counts(response)
    assert (counts["01"], counts["02"]) == (1, 1)


def test_it_rejects_a_non_numeric_fiscal_year_with_422(client: Client) -> None:
    response = client.get("/api/v1/prefectures", {"fiscal_year": "abc"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "fiscal_year"]
