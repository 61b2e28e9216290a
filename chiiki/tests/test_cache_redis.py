"""One Redis cache for many app servers (``CHIIKI_CACHE_URL``), against the real
Redis at 127.0.0.1:6379.

Where no Redis answers the tests skip and say so, except under ``CI=true``,
where a missing Redis is a failure: CI must not pass without running them.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import override_settings

from accounts.models import User
from accounts.tokens import issue_token
from chiiki import caching
from chiiki.cache_config import cache_settings
from evaluations.tests.factories import make_closed_panel
from tests.factories import make_user

redis = pytest.importorskip("redis")

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
#: Databases of their own, emptied by these tests only.
IN_PROCESS_DB, TWO_SERVERS_DB = 11, 12
ROOT = Path(settings.BASE_DIR)


def _redis(db: int) -> Any:
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"no Redis at {REDIS_HOST}:{REDIS_PORT} ({error})"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must run the shared-cache tests")
        pytest.skip(message)
    client.flushdb()
    return client


@pytest.fixture
def redis_cache() -> Iterator[Any]:
    client = _redis(IN_PROCESS_DB)
    url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{IN_PROCESS_DB}"
    with override_settings(CACHES={"default": cache_settings(url)}):
        yield client
    client.flushdb()


def test_django_uses_its_own_redis_backend(redis_cache: Any) -> None:
    assert isinstance(caches["default"], RedisCache)
    cache.set("chiiki:probe", 1)
    assert redis_cache.dbsize() == 1


@pytest.mark.django_db
def test_computed_results_live_in_redis_under_the_data_version(
    redis_cache: Any,
) -> None:
    calls: list[int] = []

    def compute() -> str:
        calls.append(1)
        return "figures"

    assert caching.cached("probe", "a", compute=compute) == "figures"
    assert caching.cached("probe", "a", compute=compute) == "figures"
    assert len(calls) == 1
    keys = [key.decode() for key in redis_cache.keys("chiiki:*")]
    assert any(":chiiki:probe:" in key for key in keys), keys

    caching.bump_generation()  # what any model save does, in any process
    assert redis_cache.exists(f"chiiki:1:{caching.GENERATION_KEY}")
    caching.cached("probe", "a", compute=compute)
    assert len(calls) == 2


def test_a_redis_that_goes_away_costs_speed_not_answers() -> None:
    """A cache that fails is logged and skipped: the result is computed."""
    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with override_settings(CACHES={"default": cache_settings(dead)}):
        assert caching.generation() == 0
        caching.bump_generation()  # logged, not raised


# --- two app servers, one database, one Redis -------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url(tmp_path: Path) -> str:
    """The test database, as a URL a second process can open.

    PostgreSQL: the test database itself (its rows are committed, this is a
    transactional test). SQLite: the in-memory test database copied to a file.
    """
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    return f"sqlite:///{path}"


class AppServer:
    """One gunicorn process of Chiiki (its own port, one worker)."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "chiiki.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "120",
            ],  # fmt: skip
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                # The first /healthz reads every migration: seconds.
                if requests.get(f"{self.url}/healthz", timeout=60).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.3)
        raise AssertionError(f"server on {self.port} did not start: {self._log.name}")

    def get(self, path: str, headers: dict[str, str] | None = None) -> Any:
        # One public host name for both, as behind a load balancer.
        headers = {"Host": "localhost", **(headers or {})}
        return requests.get(f"{self.url}{path}", headers=headers, timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()


@pytest.fixture
def two_servers(
    transactional_db: None, tmp_path: Path
) -> Iterator[tuple[AppServer, AppServer, Any, Any]]:
    client = _redis(TWO_SERVERS_DB)
    officer = make_user(User.Role.OFFICER)
    panel = make_closed_panel(regions=2, members=2, min_reviewers=2)
    token = issue_token(officer).plaintext
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST", "DJANGO_SETTINGS"))
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "chiiki.settings",
        "DATABASE_URL": _database_url(tmp_path),
        "CHIIKI_CACHE_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{TWO_SERVERS_DB}",
        "CHIIKI_DEBUG": "true",
        "CHIIKI_CONN_MAX_AGE": "0",
    }
    servers = [AppServer(env, tmp_path / f"server-{n}.log") for n in (1, 2)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers[0], servers[1], client, (panel, token)
    finally:
        for server in servers:
            server.stop()
        client.flushdb()


def test_a_change_through_one_server_is_seen_through_the_other_at_once(
    two_servers: tuple[AppServer, AppServer, Any, Any],
) -> None:
    one, two, redis_client, (panel, token) = two_servers
    evaluation_id = panel.evaluation.pk

    before = two.get("/api/v1/evaluations")
    assert before.status_code == 200
    assert evaluation_id not in [e["id"] for e in before.json()["items"]]
    keys = redis_client.dbsize()
    assert keys > 0  # server two filled the shared cache

    # Server one finds server two's answer in Redis: no new entry, same tag.
    warm = one.get("/api/v1/evaluations")
    assert warm.content == before.content
    assert warm.headers["ETag"] == before.headers["ETag"]
    assert redis_client.dbsize() == keys

    published = requests.post(
        f"{one.url}/api/v1/evaluations/{evaluation_id}/publish",
        headers={"Authorization": f"Bearer {token}", "Host": "localhost"},
        timeout=30,
    )
    assert published.status_code == 200, published.text

    after = two.get("/api/v1/evaluations")
    assert after.status_code == 200
    assert evaluation_id in [e["id"] for e in after.json()["items"]]
    assert after.headers["ETag"] != before.headers["ETag"]
    # And a client revalidating its old copy at server two gets the new one.
    revalidated = two.get(
        "/api/v1/evaluations", headers={"If-None-Match": before.headers["ETag"]}
    )
    assert revalidated.status_code == 200
