"""HTTP caching of the public API reads, and cursor pages of /api/v1/regions."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from accounts.tokens import issue_token
from programmes.models import Region
from tests.factories import make_programme, make_region, make_user

pytestmark = pytest.mark.django_db

PUBLIC_READS = [
    "/api/v1/programmes",
    "/api/v1/budgets",
    "/api/v1/regions",
    "/api/v1/prefectures",
    "/api/v1/targets",
]


@pytest.fixture
def regions() -> list[Region]:
    programme = make_programme(code="KC")
    return [
        make_region(programme=programme, code=f"r-{n:02d}", start_fy=2002 + n % 3)
        for n in range(7)
    ]


@pytest.mark.parametrize("url", [*PUBLIC_READS, "/api/v1/regions/r-03"])
def test_a_public_read_answers_304_while_nothing_changed(
    regions: list[Region], url: str
) -> None:
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]

    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_a_change_gives_a_new_etag_and_a_full_answer(regions: list[Region]) -> None:
    client = Client()
    etag = client.get("/api/v1/regions")["ETag"]
    regions[0].name_ja = "名前を変えた地域"
    regions[0].save()

    changed = client.get("/api/v1/regions", HTTP_IF_NONE_MATCH=etag)

    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "名前を変えた地域" in changed.content.decode()


def test_the_etag_depends_on_the_query(regions: list[Region]) -> None:
    client = Client()
    all_regions = client.get("/api/v1/regions")["ETag"]
    assert client.get("/api/v1/regions?limit=2")["ETag"] != all_regions


def test_if_modified_since_is_honoured(regions: list[Region]) -> None:
    client = Client()
    first = client.get("/api/v1/programmes")
    again = client.get(
        "/api/v1/programmes", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


def test_a_wrong_token_is_refused_even_with_a_matching_etag(
    regions: list[Region],
) -> None:
    client = Client()
    etag = client.get("/api/v1/regions")["ETag"]
    refused = client.get(
        "/api/v1/regions",
        HTTP_IF_NONE_MATCH=etag,
        HTTP_AUTHORIZATION="Bearer wrong",
    )
    assert refused.status_code == 401
    officer = make_user(User.Role.OFFICER)
    token = issue_token(officer).plaintext
    served = client.get("/api/v1/regions", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert served.status_code == 200


# --- cursor pages -------------------------------------------------------------


def _walk(client: Client, query: str) -> list[str]:
    """Every region code, following next_cursor from the first page."""
    codes: list[str] = []
    url = f"/api/v1/regions?limit=3{query}"
    for _ in range(10):
        body: dict[str, Any] = client.get(url).json()
        codes += [item["code"] for item in body["items"]]
        if body["next_cursor"] is None:
            return codes
        url = f"/api/v1/regions?limit=3{query}&cursor={body['next_cursor']}"
    raise AssertionError("cursor pages never ended")


@pytest.mark.parametrize(
    "ordering", ["", "&ordering=-start_fy", "&ordering=name_ja", "&ordering=-code"]
)
def test_cursor_pages_list_every_region_once_in_order(
    regions: list[Region], ordering: str
) -> None:
    client = Client()
    everything = client.get(f"/api/v1/regions?limit=100{ordering}").json()
    expected = [item["code"] for item in everything["items"]]
    assert everything["next_cursor"] is None

    assert _walk(client, ordering) == expected


def test_offset_pages_still_answer_the_documented_shape(
    regions: list[Region],
) -> None:
    body = Client().get("/api/v1/regions?limit=3&offset=3").json()
    assert (body["count"], body["limit"], body["offset"]) == (7, 3, 3)
    assert [item["code"] for item in body["items"]] == ["r-01", "r-04", "r-02"]
    assert body["next_cursor"]


@pytest.mark.parametrize(
    "query",
    [
        "cursor=not-a-cursor",
        "cursor=eyJvIjoiY29kZSIsInYiOlsiYSJdfQ",  # made for ordering=code
        "cursor={next}&offset=3",
    ],
)
def test_a_bad_cursor_answers_400(regions: list[Region], query: str) -> None:
    client = Client()
    next_cursor = client.get("/api/v1/regions?limit=2").json()["next_cursor"]
    response = client.get(f"/api/v1/regions?{query.format(next=next_cursor)}")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_an_unchanged_public_read_costs_one_query(
    regions: list[Region], django_assert_num_queries: Any
) -> None:
    client = Client()
    first = client.get("/api/v1/regions?limit=5")
    with django_assert_num_queries(1):  # the data version only
        again = client.get("/api/v1/regions?limit=5")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
