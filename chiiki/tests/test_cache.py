"""The cache: its configuration, keys by scheme and host, and the shared generation."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from chiiki import caching
from chiiki.cache_config import cache_settings


def test_no_url_keeps_a_cache_per_process() -> None:
    assert cache_settings("")["BACKEND"].endswith("locmem.LocMemCache")


@pytest.mark.parametrize(
    "url", ["redis://127.0.0.1:6379/3", "rediss://cache.internal:6380/0"]
)
def test_a_redis_url_selects_djangos_redis_cache(url: str) -> None:
    config = cache_settings(url)
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == url


@pytest.mark.parametrize("url", ["memcached://127.0.0.1:11211", "127.0.0.1:6379"])
def test_an_unknown_cache_url_stops_start_up(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="CHIIKI_CACHE_URL"):
        cache_settings(url)


@pytest.mark.django_db
def test_a_model_change_bumps_the_shared_generation() -> None:
    from geo.models import Prefecture

    before = caching.generation()
    prefecture = Prefecture.objects.first()
    assert prefecture is not None  # the data migrations' 47 prefectures
    prefecture.save()
    assert caching.generation() > before
    assert cache.get(caching.GENERATION_KEY) == caching.generation()


@pytest.mark.django_db
def test_a_lost_generation_never_comes_back_to_a_used_value() -> None:
    caching.bump_generation()
    used = caching.generation()
    cache.delete(caching.GENERATION_KEY)  # evicted, or Redis restarted
    caching.bump_generation()
    assert caching.generation() > used


@pytest.mark.usefixtures("demo")
def test_the_public_api_cache_keys_by_scheme_and_host() -> None:
    """Issue 13: an answer cached for https://localhost:8203 (absolute URLs
    inside) was later sent to a client of http://127.0.0.1."""
    client = Client()
    first = client.get(
        "/api/v1/regions?limit=2", HTTP_HOST="localhost:8203", secure=True
    )
    assert first.status_code == 200
    assert first.json()["items"][0]["url"].startswith("https://localhost:8203/")

    second = client.get("/api/v1/regions?limit=2", HTTP_HOST="127.0.0.1")

    assert second.status_code == 200
    assert second.json()["items"][0]["url"].startswith("http://127.0.0.1/")
    assert second["ETag"] != first["ETag"]
    # The same scheme and host again: the stored body, the same validator.
    again = client.get("/api/v1/regions?limit=2", HTTP_HOST="127.0.0.1")
    assert again.content == second.content and again["ETag"] == second["ETag"]
