"""API tokens: shown once, stored hashed, expiring, revocable."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import ApiToken
from accounts.tokens import issue_token, revoke_tokens, user_for_token
from audit.models import AuditEntry
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_it_stores_only_the_hash_of_the_secret() -> None:
    user = make_user()
    issued = issue_token(user, "ci")
    token = ApiToken.objects.get()
    secret = issued.plaintext.split("_", 2)[2]
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.values().get())
    assert issued.plaintext.startswith(f"chiiki_{token.prefix}_")


def test_it_recognises_a_valid_token_and_records_its_use() -> None:
    user = make_user()
    issued = issue_token(user)
    assert user_for_token(issued.plaintext) == user
    assert ApiToken.objects.get().last_used_at is not None


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t.replace("chiiki_", "other_"),
        lambda t: "chiiki_000000000000_" + t.split("_", 2)[2],
        lambda t: "",
        lambda t: "garbage",
    ],
)
def test_it_rejects_a_wrong_token(mangle: object) -> None:
    issued = issue_token(make_user())
    assert user_for_token(mangle(issued.plaintext)) is None  # type: ignore[operator]


def test_it_rejects_an_expired_token() -> None:
    issued = issue_token(make_user(), expires_days=1)
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert user_for_token(issued.plaintext) is None


def test_it_rejects_a_revoked_token_and_audits_the_revocation() -> None:
    issued = issue_token(make_user())
    assert revoke_tokens(ApiToken.objects.all()) == 1
    assert user_for_token(issued.plaintext) is None
    entry = AuditEntry.objects.for_object(issued.token).latest("pk")
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.before["revoked_at"] is None
    assert entry.after["revoked_at"] is not None
    assert "secret_hash" not in entry.after


def test_it_rejects_the_token_of_a_deactivated_user() -> None:
    user = make_user()
    issued = issue_token(user)
    user.is_active = False
    user.save()
    assert user_for_token(issued.plaintext) is None
