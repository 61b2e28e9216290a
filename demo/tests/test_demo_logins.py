"""`manage.py demo_logins`: the URL and every demo account with its password."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


def run(*args: str) -> str:
    out = StringIO()
    call_command("demo_logins", *args, stdout=out)
    return out.getvalue()


@pytest.mark.usefixtures("demo_data")
def test_it_prints_the_url_and_every_demo_login() -> None:
    text = run()
    lines = text.splitlines()

    assert "http://127.0.0.1:8000/" in text
    assert lines[2].split() == ["ユーザー", "役割", "担当地域", "パスワード"]
    rows = [line.split() for line in lines[3:]]
    assert rows == [
        ["officer", "事業担当官", "-", "chiiki-demo-2005"],
        ["sapporo", "地域担当者", "kc-sapporo", "chiiki-demo-2005"],
        ["hakodate", "地域担当者", "ca-hakodate", "chiiki-demo-2005"],
        ["reviewer", "評価委員", "-", "chiiki-demo-2005"],
    ]


@pytest.mark.usefixtures("demo_data")
def test_it_prints_another_url_when_asked() -> None:
    assert "URL: http://localhost:9000/" in run("--url", "http://localhost:9000/")


def test_it_says_to_load_the_demo_first_when_the_users_are_missing(db: None) -> None:
    text = run()

    assert "officer   （未作成）" in text
    assert "chiiki-demo-2005" not in text
    assert "manage.py load_demo" in text
