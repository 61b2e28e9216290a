"""The audit record of a workflow step (submit, accept, return, score, close …).

Services call :func:`record_transition` inside the same transaction as the
state change itself, so the step and its record commit or roll back together.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from audit.models import AuditEntry
from audit.signals import write_entry

__all__ = ["record_transition"]


def record_transition(
    obj: models.Model,
    old: Any,
    new: Any,
    reason: str = "",
    actor: Any = None,
    *,
    field: str = "status",
) -> AuditEntry:
    """Append a 状態変更 entry: ``field`` went from ``old`` to ``new``.

    ``old``/``new`` may be plain values (stored as ``{field: value}``) or
    dicts of several values, e.g. the amounts an allocation changed.
    ``actor`` defaults to the user of the current request or command.
    """
    return write_entry(
        obj,
        AuditEntry.Action.TRANSITION,
        before=_as_values(field, old),
        after=_as_values(field, new),
        reason=reason,
        user=actor,
    )


def _as_values(field: str, value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return {field: str(value) if isinstance(value, models.Choices) else value}
