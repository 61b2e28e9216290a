"""`manage.py create_user`: roles, regions, password policy, idempotence."""

from __future__ import annotations

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from audit.models import AuditEntry
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_user", *args, stdout=out)
    return out.getvalue()


def test_it_creates_a_region_user_with_a_generated_password_shown_once() -> None:
    make_region(code="kc-sapporo")
    text = run("sapporo", "--role", "region", "--region", "kc-sapporo")
    user = User.objects.get(username="sapporo")
    password = text.split("password (shown once): ")[1].strip()
    assert user.role == User.Role.REGION
    assert list(user.regions.values_list("code", flat=True)) == ["kc-sapporo"]
    assert user.check_password(password)
    assert password not in str(AuditEntry.objects.values_list("after", flat=True))


def test_it_is_idempotent_and_prints_no_password_on_update() -> None:
    make_region(code="kc-sapporo")
    run("sapporo", "--role", "region", "--region", "kc-sapporo")
    entries = AuditEntry.objects.count()
    text = run("sapporo", "--role", "region", "--region", "kc-sapporo")
    assert text.startswith("updated: sapporo")
    assert "password" not in text
    assert AuditEntry.objects.count() == entries


def test_it_audits_a_role_change_as_the_command() -> None:
    run("alice", "--role", "reviewer")
    run("alice", "--role", "officer")
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).latest("pk")
    assert entry.before["role"] == "reviewer"
    assert entry.after["role"] == "officer"
    assert entry.user_name.startswith("cli:create_user:")
    assert "password" not in entry.after


def test_it_reads_a_password_from_stdin_and_enforces_the_policy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="12"):
        run("alice", "--role", "officer", "--password-stdin")
    monkeypatch.setattr("sys.stdin", io.StringIO("a-long-enough passphrase 7\n"))
    text = run("alice", "--role", "officer", "--password-stdin")
    assert "password" not in text
    assert User.objects.get().check_password("a-long-enough passphrase 7")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "region"], "--region"),
        (["--role", "reviewer", "--region", "kc-x"], "kc-x"),
        (["--role", "officer", "--region", "kc-x"], "地域担当者だけ"),
    ],
)
def test_it_refuses_inconsistent_roles_and_regions(
    args: list[str], message: str
) -> None:
    if "officer" in args:
        make_region(code="kc-x")
    with pytest.raises(CommandError, match=message):
        run("bob", *args)
    assert not User.objects.exists()


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short-pw-1", "12"),  # MinimumLengthValidator(12)
        ("password1234", "一般的"),  # CommonPasswordValidator
        ("839201746512", "数字しか"),  # NumericPasswordValidator
        ("alice-tanaka-2004", "ユーザー"),  # UserAttributeSimilarityValidator
    ],
)
def test_it_applies_every_password_rule(
    monkeypatch: pytest.MonkeyPatch, password: str, rule: str
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    with pytest.raises(CommandError, match=rule):
        run("alice-tanaka", "--role", "officer", "--password-stdin")
    assert not User.objects.exists()
