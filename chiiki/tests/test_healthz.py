"""/healthz: 200 when the database answers and migrations are applied."""

from __future__ import annotations

import pytest
from django.db import DatabaseError
from django.test import Client

from chiiki import health

pytestmark = pytest.mark.django_db


def test_it_reports_healthy(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_the_database_is_unreachable(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_cursor(*args: object) -> None:
        raise DatabaseError("down")

    monkeypatch.setattr(health.connections["default"], "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_it_answers_503_when_migrations_are_pending(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(health, "_migrations_ok", set())
    monkeypatch.setattr(
        health.MigrationExecutor, "migration_plan", lambda self, targets: ["x"]
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "pending"


def test_it_refuses_other_methods(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
