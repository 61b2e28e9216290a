"""Bearer tokens on the API: required for /me, optional for public reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken, User
from accounts.tokens import issue_token, revoke_tokens
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db


def _get(client: Client, path: str, token: str | None = None) -> object:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, headers=headers)


def test_it_tells_a_token_holder_who_they_are(client: Client) -> None:
    region = make_region(code="kc-sapporo")
    user = make_user(User.Role.REGION, username="sapporo", regions=[region])
    response = _get(client, "/api/v1/me", issue_token(user).plaintext)
    assert response.status_code == 200
    assert response.json() == {
        "username": "sapporo",
        "display_name": "",
        "role": "region",
        "regions": ["kc-sapporo"],
    }


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer chiiki_000000000000_nope"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer"},
    ],
)
def test_it_answers_401_json_without_a_valid_token(
    client: Client, headers: dict[str, str]
) -> None:
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["detail"]


def test_it_answers_401_for_a_revoked_token(client: Client) -> None:
    issued = issue_token(make_user())
    revoke_tokens(ApiToken.objects.all())
    assert _get(client, "/api/v1/me", issued.plaintext).status_code == 401


def test_it_ignores_the_browser_session_on_the_api(client: Client) -> None:
    client.force_login(make_user(User.Role.OFFICER))
    assert client.get("/api/v1/me").status_code == 401


def test_public_reads_need_no_token_but_reject_a_bad_one(client: Client) -> None:
    assert _get(client, "/api/v1/programmes").status_code == 200
    good = issue_token(make_user()).plaintext
    assert _get(client, "/api/v1/programmes", good).status_code == 200
    bad = _get(client, "/api/v1/programmes", "chiiki_000000000000_x")
    assert bad.status_code == 401


def test_the_openapi_schema_marks_only_token_operations_as_secured(
    client: Client,
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["paths"]["/api/v1/me"]["get"]["security"] == [{"TokenAuth": []}]
    assert "security" not in schema["paths"]["/api/v1/programmes"]["get"]


def test_it_answers_401_for_an_expired_token(client: Client) -> None:
    issued = issue_token(make_user(), expires_days=1)
    assert _get(client, "/api/v1/me", issued.plaintext).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert _get(client, "/api/v1/me", issued.plaintext).status_code == 401
