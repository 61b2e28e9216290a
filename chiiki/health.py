"""`/healthz`: is this instance able to serve (database reachable, schema current)?

Load balancers and `scripts/load_test.py` poll it. It answers JSON, 200 when
healthy and 503 otherwise, needs no login and touches no domain data.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

__all__ = ["healthz"]

logger = logging.getLogger(__name__)

# Migrations cannot become unapplied under a running process in practice, so
# once they were all applied the (slow, disk-reading) check is skipped.
_migrations_ok: set[str] = set()


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """GET answers the checks; HEAD (what many probes send) the status alone."""
    checks = {"database": _database(), "migrations": _migrations()}
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    response = JsonResponse(body, status=200 if healthy else 503)
    if request.method == "HEAD":
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def _database(alias: str = "default") -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("healthz: database unreachable")
        return "unreachable"
    return "ok"


def _migrations(alias: str = "default") -> str:
    if alias in _migrations_ok:
        return "ok"
    try:
        executor = MigrationExecutor(connections[alias])
        targets = executor.loader.graph.leaf_nodes()
        pending = executor.migration_plan(targets)
    except DatabaseError:
        logger.exception("healthz: cannot read the migration state")
        return "unknown"
    if pending:
        return "pending"
    _migrations_ok.add(alias)
    return "ok"
