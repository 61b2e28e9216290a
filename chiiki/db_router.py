"""Send reads to a read replica when one is configured (`DATABASE_REPLICA_URL`).

With the variable set, settings add a ``replica`` database and this router:
every read goes to the replica, every write (and every migration) to
``default``. Inside a transaction on ``default`` (``transaction.atomic``),
reads stay on ``default`` too, so a service that reads what it has just
written, or locks a row with ``select_for_update``, sees its own writes:
replication lag only ever affects plain page and API reads.

Without the variable the router is not installed and everything uses
``default``, as before.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.models import Model

__all__ = ["REPLICA", "ReplicaRouter"]

REPLICA = "replica"


class ReplicaRouter:
    """Reads → ``replica`` (outside a write transaction), writes → ``default``."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        # Both aliases hold the same data: objects may relate across them.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        # The replica receives its schema through replication, never directly.
        return db == "default"
