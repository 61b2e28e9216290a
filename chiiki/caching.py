"""The data version: cheap validators for HTTP caching and keys for computed results.

Every change to a domain model (a ChangeLoggedModel) writes an AuditEntry, and
audit entries are never deleted, so the newest entry's id moves whenever the
published data moves. Bulk loads that skip signals (``generate_synthetic``,
``load_demo``'s aggregates) replace YearlyOutcome or Region rows, and new rows
get new, higher ids: the newest ids are in the version too. The whole version
is one query of index look-ups (0.4 ms at 1,000,000 outcome rows), so it
can be checked on every request without computing any body:

* :func:`conditional_api` answers ``304 Not Modified`` to a public API read
  whose ``If-None-Match`` / ``If-Modified-Since`` still holds, sets ``ETag``
  and ``Last-Modified`` on the 200 answers and keeps their bodies, so an
  anonymous read of unchanged data costs about what a bare Django view does;
* :func:`cached` keeps computed results (KPI evaluation, dashboard figures) in
  Django's cache framework under a key that contains the version, so a new
  report accepted or a target edited makes the next read compute afresh.

Cache keys also contain a *generation*, bumped by any model save/delete: a
change whose ids were recycled (SQLite reuses the ids of rolled-back rows,
which tests do all the time) still invalidates. The generation is a counter
in the cache itself, so with one Redis for every app server
(``CHIIKI_CACHE_URL``, ``chiiki/cache_config.py``) all servers share it and
share each other's entries; with the default per-process cache it is
per-process, as the cache is.

The API's stored bodies are keyed by scheme and host too: an answer holding
absolute URLs made for ``https://example.org`` is never sent to a client that
asked ``http://127.0.0.1``.

A cache that fails (Redis down) makes a request slower, never an error: reads
and writes of the cache are logged and skipped.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag

__all__ = [
    "DataVersion",
    "bump_generation",
    "cached",
    "conditional_api",
    "connect_signals",
    "data_version",
    "generation",
]

T = TypeVar("T")

logger = logging.getLogger(__name__)

#: A backstop: even a change nobody signalled is picked up after this long.
CACHE_SECONDS = 600

#: The shared generation counter (see the module's docstring).
GENERATION_KEY = "chiiki:generation"


@dataclass(frozen=True)
class DataVersion:
    token: str
    last_modified: datetime | None


def data_version() -> DataVersion:
    """The version of the published data: one query, index look-ups only."""
    audit = apps.get_model("audit", "AuditEntry")
    outcome = apps.get_model("reports", "YearlyOutcome")
    region = apps.get_model("programmes", "Region")
    a, o, r = (m._meta.db_table for m in (audit, outcome, region))
    # ORDER BY id DESC LIMIT 1 rather than MAX(id): the same backward index
    # step, but PostgreSQL plans it in a third of the time, and planning is
    # most of this query's cost (0.4 ms against 1.2 ms with MAX and a COUNT).
    sql = (
        f"SELECT (SELECT id FROM {a} ORDER BY id DESC LIMIT 1), "
        f"(SELECT time FROM {a} ORDER BY id DESC LIMIT 1), "
        f"(SELECT id FROM {o} ORDER BY id DESC LIMIT 1), "
        f"(SELECT id FROM {r} ORDER BY id DESC LIMIT 1)"
    )
    with connections[router.db_for_read(audit)].cursor() as cursor:
        cursor.execute(sql)
        audit_id, audit_time, outcome_id, region_id = cursor.fetchone()
    if isinstance(audit_time, str):  # SQLite without the converters of the ORM
        audit_time = datetime.fromisoformat(audit_time)
    if audit_time is not None and audit_time.tzinfo is None:
        audit_time = audit_time.replace(tzinfo=UTC)  # stored in UTC (USE_TZ)
    token = f"{audit_id}.{outcome_id}.{region_id}"
    return DataVersion(token, audit_time)


#: Apps whose rows the cached results and API answers are made of.
_DATA_APPS = frozenset(
    {"audit", "geo", "programmes", "reports", "targets", "evaluations", "sheets"}
)


def _bump(sender: Any, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.app_label in _DATA_APPS:
        bump_generation()


def bump_generation() -> None:
    """Invalidate every cached result, in every process sharing this cache."""
    try:
        # Started from the clock, not 0: a counter evicted or lost with a
        # restarted Redis never comes back to a value already used in keys.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        cache.incr(GENERATION_KEY)
    except Exception:  # noqa: BLE001 (any backend's failure: keep serving)
        logger.exception("cache: cannot bump the data generation")


def generation() -> int:
    """The current generation (0 when the cache cannot be read)."""
    value = _cache_get(GENERATION_KEY)
    return int(value) if value is not None else 0


def _cache_get(key: str) -> Any:
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001
        logger.exception("cache: read failed")
        return None


def _cache_set(key: str, value: Any) -> None:
    try:
        cache.set(key, value, CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.exception("cache: write failed")


def connect_signals() -> None:
    """Count model changes made in this process (called from an AppConfig)."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_bump, dispatch_uid=f"chiiki.caching:{id(signal)}")


def cached(prefix: str, *parts: Any, compute: Callable[[], T]) -> T:
    """``compute()``, or its stored result for the same parts and data version."""
    version = data_version().token
    raw = "|".join(map(str, (prefix, version, generation(), *parts)))
    key = f"chiiki:{prefix}:{hashlib.sha256(raw.encode()).hexdigest()[:32]}"
    value = _cache_get(key)
    if value is None:
        value = compute()
        _cache_set(key, value)
    return value


def conditional_api(run: Callable[..., HttpResponseBase]) -> Callable[..., Any]:
    """ETag / Last-Modified for a public read operation (ninja's decorate_view).

    The validator is the data version plus the scheme, host, URL and
    language, so it is the same on every app server behind a load balancer.
    A request with a token always runs the operation: a wrong token must
    still answer 401.
    """

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in ("GET", "HEAD"):
            return run(request, *args, **kwargs)
        version = data_version()
        raw = "|".join(
            (
                version.token,
                request.scheme,
                request.get_host(),
                request.get_full_path(),
                translation.get_language() or "",
            )
        )
        etag = quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32])
        # Whole seconds, as HTTP dates have them (else never "not modified").
        last_modified = (
            int(version.last_modified.timestamp()) if version.last_modified else None
        )
        anonymous = "HTTP_AUTHORIZATION" not in request.META
        body_key = f"chiiki:api:{etag}:{generation()}"
        if anonymous:
            not_modified = get_conditional_response(
                request, etag=etag, last_modified=last_modified
            )
            if not_modified is not None:
                return _with_validators(not_modified, etag, last_modified)
            stored = _cache_get(body_key)
            if stored is not None:
                content_type, body = stored
                response = HttpResponse(body, content_type=content_type)
                return _with_validators(response, etag, last_modified)
        response = run(request, *args, **kwargs)
        if response.status_code == 200:
            _with_validators(response, etag, last_modified)
            if anonymous and isinstance(response, HttpResponse):
                # Public reads are the same for every caller: keep the body.
                stored = (response["Content-Type"], response.content)
                _cache_set(body_key, stored)
        return response

    return wrapper


def _with_validators(
    response: HttpResponseBase, etag: str, last_modified: int | None
) -> HttpResponseBase:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Shared caches may keep it, but must ask again (cheaply) every time.
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, ("Accept-Language", "Authorization"))
    return response
