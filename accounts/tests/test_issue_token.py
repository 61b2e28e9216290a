"""`manage.py issue_token`: printed once, expiry, revocation."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from accounts.models import ApiToken
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("issue_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def test_it_prints_a_working_token_once(client: Client) -> None:
    make_user(username="sapporo")
    token, note = run("sapporo", "--name", "ci", "--expires-days", "30")
    stored = ApiToken.objects.get()
    assert stored.name == "ci"
    assert stored.expires_at is not None
    assert token not in str(ApiToken.objects.values().get())
    assert stored.prefix in note
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_it_issues_a_token_that_never_expires_with_zero_days() -> None:
    make_user(username="sapporo")
    run("sapporo", "--expires-days", "0")
    assert ApiToken.objects.get().expires_at is None


def test_it_revokes_one_token_or_all(client: Client) -> None:
    make_user(username="sapporo")
    first, _ = run("sapporo")
    second, _ = run("sapporo")
    prefix = ApiToken.objects.get(prefix=first.split("_")[1]).prefix
    assert run("sapporo", "--revoke", prefix)[0] == "revoked 1 token(s) of sapporo"
    assert ApiToken.objects.active().count() == 1
    assert run("sapporo", "--revoke")[0] == "revoked 1 token(s) of sapporo"
    assert not ApiToken.objects.active().exists()
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"})
    assert response.status_code == 401


def test_it_fails_for_an_unknown_user_or_token() -> None:
    with pytest.raises(CommandError, match="no such user"):
        run("nobody")
    make_user(username="sapporo")
    with pytest.raises(CommandError, match="no token"):
        run("sapporo", "--revoke", "ffffffffffff")
