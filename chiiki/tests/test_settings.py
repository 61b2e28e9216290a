"""Settings come from the environment; production refuses to run unsafely."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "CHIIKI_DEBUG": "false",
    "CHIIKI_SECRET_KEY": "x7!kq2-long-random-production-secret-for-tests-0123456789",
    "CHIIKI_ALLOWED_HOSTS": "chiiki.example.jp",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("CHIIKI_")}
    base.pop("DATABASE_URL", None)
    # conftest allows async-unsafe ORM use for Playwright; check --deploy flags it.
    base.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_check_deploy_with_production_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_in_production() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CHIIKI_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "CHIIKI_SECRET_KEY" in result.stderr


def test_it_reads_the_secret_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(PRODUCTION_ENV["CHIIKI_SECRET_KEY"] + "\n", encoding="utf-8")
    env = {**PRODUCTION_ENV, "CHIIKI_SECRET_KEY_FILE": str(secret_file)}
    del env["CHIIKI_SECRET_KEY"]
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("raw", ["maybe", "2"])
def test_it_rejects_a_malformed_boolean(raw: str) -> None:
    result = _manage("check", env={"CHIIKI_DEBUG": raw})
    assert result.returncode != 0
    assert "CHIIKI_DEBUG must be true or false" in result.stderr


def test_it_selects_postgresql_from_database_url() -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='chiiki.settings';"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.stdout.strip() == "django.db.backends.postgresql"
