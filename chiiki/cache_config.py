"""``CACHES`` from ``CHIIKI_CACHE_URL``: one process's memory, or one Redis for all.

Unset, each process keeps its own cache (Django's local-memory backend): right
for one app server, but behind a load balancer every gunicorn worker of every
server pays its own cold render after each change. ``redis://host:6379/0``
(or ``rediss://`` for TLS, ``unix:///path/redis.sock``) selects Django's
built-in ``RedisCache``: every worker and server reads and fills one cache,
and because its keys carry the data version (``chiiki/caching.py``), a change
accepted anywhere invalidates everywhere at once.

Kept apart from ``chiiki/caching.py`` so that settings can import it before
Django is set up.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

__all__ = ["REDIS_SCHEMES", "cache_settings"]

REDIS_SCHEMES = ("redis", "rediss", "unix")
#: Keys of different deployments sharing one Redis never meet.
KEY_PREFIX = "chiiki"


def cache_settings(url: str) -> dict[str, Any]:
    """The ``CACHES["default"]`` entry for a ``CHIIKI_CACHE_URL`` value."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "chiiki",
        }
    scheme = urlsplit(url).scheme
    if scheme not in REDIS_SCHEMES:
        raise ImproperlyConfigured(
            f"CHIIKI_CACHE_URL: {scheme or url!r} is not a cache Chiiki knows; "
            "use redis://host:6379/0 (or rediss://, unix://)."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": KEY_PREFIX,
    }
