"""Every answer under /api/v1/ is JSON, errors included, with a precise code."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_answers_405_in_json_for_a_write_to_a_read_only_url(
    client: Client, method: str
) -> None:
    response = getattr(client, method)("/api/v1/regions")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response["Allow"] == "GET, HEAD"
    assert response.json() == {
        "detail": "{} メソッドはこの URL では使えません。".format(method.upper())
    }


def test_it_answers_405_on_a_detail_url(client: Client) -> None:
    response = client.delete("/api/v1/regions/some-region")

    assert response.status_code == 405
    assert response.json()["detail"].startswith("DELETE")


def test_it_answers_404_in_json_for_an_unknown_api_url(client: Client) -> None:
    response = client.get("/api/v1/no-such-endpoint")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "見つかりません。"}


def test_it_answers_the_api_root_with_links(client: Client) -> None:
    response = client.get("/api/v1/")

    assert response.status_code == 200
    assert response.json() == {
        "title": "Chiiki API",
        "version": "1",
        "docs": "http://testserver/api/v1/docs",
        "openapi": "http://testserver/api/v1/openapi.json",
    }


def test_it_needs_no_token_for_public_reads(client: Client) -> None:
    for url in ["/api/v1/programmes", "/api/v1/budgets", "/api/v1/prefectures"]:
        assert client.get(url).status_code == 200, url


def test_it_writes_japanese_as_utf8_not_escapes(client: Client) -> None:
    response = client.get("/api/v1/no-such-endpoint")

    assert "見つかりません".encode() in response.content
