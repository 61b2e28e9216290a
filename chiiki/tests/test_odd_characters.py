"""NUL, control characters, lone surrogates and bad UTF-8 in a URL: 400, never 500.

Issue 13, finding 9: a NUL byte in a filter reached PostgreSQL, which refuses
it in text (500); a cursor whose JSON held ``\\u0000`` or ``\\ud800`` did the
same on both databases. chiiki/request_guard.py refuses odd characters in the
path and every query parameter before any view runs; the region cursor
refuses them in its decoded values (programmes/api/views.py). Run on SQLite
and PostgreSQL alike.
"""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from tests.base import Personas, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def people() -> Personas:
    return make_personas()


@pytest.fixture
def officer(people: Personas) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(people.officer)
    return client


API_URLS = [
    "/api/v1/targets?programme=a%00b",
    "/api/v1/regions?q=%01",
    "/api/v1/regions?prefecture=%7F",
    "/api/v1/regions?q=%C2%85",  # U+0085, a C1 control
    "/api/v1/regions?q=%ED%A0%80",  # a lone surrogate, UTF-8 encoded
    "/api/v1/regions?q=%FF",  # not UTF-8
    "/api/v1/regions?a%00=1",  # in a parameter's name
    "/api/v1/regions/a%00b",  # in the path
]
PAGE_URLS = [
    "/reports/?region=a%00b",
    "/sheets/sources/budgets/?kind=a%00b",
    "/regions/?q=a%00",
    "/regions/?q=%ED%A0%80",
    "/targets/?programme=%1B",
    "/regions/a%00b/",
]


@pytest.mark.parametrize("url", API_URLS)
def test_the_api_answers_400_with_a_japanese_json_message(
    officer: Client, url: str
) -> None:
    response = officer.get(url)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    detail = response.json()["detail"]
    assert "文字" in detail


@pytest.mark.parametrize("url", PAGE_URLS)
def test_pages_answer_400_with_a_japanese_page(officer: Client, url: str) -> None:
    response = officer.get(url)

    assert response.status_code == 400
    body = response.content.decode()
    assert "リクエストを処理できません" in body
    assert '<html lang="ja">' in body


def test_the_message_names_the_parameter_and_shows_the_character(
    officer: Client,
) -> None:
    detail = officer.get("/api/v1/targets?programme=a%00b").json()["detail"]

    assert "「programme」" in detail
    assert "〈U+0000〉" in detail


def test_anonymous_requests_are_refused_the_same_way() -> None:
    response = Client(raise_request_exception=False).get(
        "/api/v1/targets?programme=%00"
    )
    assert response.status_code == 400


def test_ordinary_japanese_and_spaces_still_pass(officer: Client) -> None:
    assert (
        officer.get("/api/v1/regions?q=%E6%9C%AD%E5%B9%8C+%E3%80%80").status_code == 200
    )
    assert officer.get("/regions/?q=%E6%9C%AD%E5%B9%8C").status_code == 200


def _cursor_with(client: Client, value: str) -> str:
    """A real next_cursor whose last value (the region code) is replaced."""
    token = client.get("/api/v1/regions?limit=1").json()["next_cursor"]
    position = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    position["v"][-1] = value
    raw = json.dumps(position)  # ASCII: "\u0000", "\ud800" as JSON escapes
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


@pytest.mark.parametrize("value", ["a\u0000b", "a\ud800b", "\u0007"])
def test_a_cursor_holding_odd_characters_is_refused_with_400(
    officer: Client, value: str
) -> None:
    response = officer.get(
        f"/api/v1/regions?limit=1&cursor={_cursor_with(officer, value)}"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["cursor"]


def test_a_well_formed_cursor_still_pages(officer: Client, people: Personas) -> None:
    first = officer.get("/api/v1/regions?limit=1").json()
    second = officer.get(f"/api/v1/regions?limit=1&cursor={first['next_cursor']}")

    assert second.status_code == 200
    assert second.json()["items"][0]["code"] != first["items"][0]["code"]
