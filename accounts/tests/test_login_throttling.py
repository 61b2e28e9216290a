"""Login throttling: 10 failures per account and address lock that pair out."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _login(client: Client, password: str, ip: str = "192.0.2.1") -> object:
    return client.post(
        "/accounts/login/",
        {"username": "alice", "password": password},
        REMOTE_ADDR=ip,
    )


def _fail(client: Client, times: int, ip: str = "192.0.2.1") -> None:
    """Fail ``times`` times; the tenth failure itself answers the lockout page."""
    for attempt in range(1, times + 1):
        expected = 429 if attempt >= 10 else 200
        assert _login(client, "wrong-password", ip).status_code == expected


def test_it_signs_in_with_the_right_password(client: Client) -> None:
    make_user(username="alice")
    response = _login(client, PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_it_locks_the_account_for_that_address_after_ten_failures(
    client: Client,
) -> None:
    make_user(username="alice")
    _fail(client, 10)
    locked = _login(client, PASSWORD)
    assert locked.status_code == 429
    assert "ログインを一時停止しました" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address is not locked out of the same account.
    assert _login(Client(), PASSWORD, ip="192.0.2.99").status_code == 302


def test_it_lifts_the_lock_after_fifteen_minutes(client: Client) -> None:
    make_user(username="alice")
    _fail(client, 10)
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert _login(client, PASSWORD).status_code == 302


def test_a_success_resets_the_failure_count(client: Client) -> None:
    make_user(username="alice")
    _fail(client, 9)
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    _fail(client, 9)
    assert _login(client, PASSWORD).status_code == 302


def test_the_lock_is_per_account_and_address_pair(client: Client) -> None:
    make_user(username="alice")
    make_user(username="bob")
    _fail(client, 10)
    # The same address may still sign in to another account.
    response = client.post(
        "/accounts/login/",
        {"username": "bob", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.1",
    )
    assert response.status_code == 302


def test_nine_failures_do_not_lock_yet(client: Client) -> None:
    make_user(username="alice")
    _fail(client, 9)
    assert _login(client, PASSWORD).status_code == 302
