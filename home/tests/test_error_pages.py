"""Error pages in Japanese, in the site's layout (chiiki/errors.py)."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver

from tests.base import Personas, make_personas
from tests.factories import make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def p() -> Personas:
    return make_personas()


def _page(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_an_unknown_page_is_a_japanese_404_in_the_layout() -> None:
    response = Client().get("/no-such-page/")
    html = _page(response)

    assert response.status_code == 404
    assert "ページが見つかりません" in html
    assert 'class="site-nav"' in html
    assert "Not Found" not in html
    assert "resolver" not in html.lower()


def test_a_404_of_ours_says_our_message(p: Personas) -> None:
    response = Client().get("/reports/no-region/2005/")
    assert response.status_code == 404
    assert "見つかりません。" in _page(response)


def test_a_forbidden_action_is_a_japanese_403_with_its_reason(p: Personas) -> None:
    report = make_report(region=p.region, status="accepted")
    client = Client()
    client.force_login(p.region_user)

    response = client.post(
        f"/reports/{p.region.code}/{report.fiscal_year}/submit/", {"lock_version": 0}
    )
    html = _page(response)

    assert response.status_code == 403
    assert "アクセスできません" in html
    assert "この操作を行う権限がありません。" in html
    assert "403 Forbidden" not in html


def test_a_stale_form_token_is_a_japanese_page_that_says_what_to_do() -> None:
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "x", "password": "y"}
    )
    html = _page(response)

    assert response.status_code == 403
    assert "送信を受け付けられませんでした" in html
    assert "CSRF verification failed" not in html
    assert 'class="site-nav"' in html


def test_a_server_error_is_a_japanese_500_without_the_database() -> None:
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/"))
    html = _page(response)

    assert response.status_code == 500
    assert "サーバーで問題が起きました" in html
    assert "データは変更されていません" in html
