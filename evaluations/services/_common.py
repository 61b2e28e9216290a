"""Helpers shared by the evaluation services: who acts, and the audit record.

Saves of audited models are logged by ``audit.signals``; the services add a
状態変更 entry for every workflow step through ``audit.transitions``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.policy import is_officer
from audit.models import AuditEntry
from audit.signals import write_entry
from audit.transitions import record_transition

#: An actor: a signed-in user, ``accounts.policy.SYSTEM`` or ``None`` (both
#: mean a management command or the demo loader, trusted like an officer).
Actor = Any


def actor_user(actor: Actor) -> User | None:
    """The user to store in "who did it" columns (None for the system)."""
    return actor if isinstance(actor, User) else None


def is_system(actor: Actor) -> bool:
    return actor_user(actor) is None


def require_officer(actor: Actor) -> None:
    """Officers run evaluations; the system (commands, demo loader) may too."""
    if not is_system(actor) and not is_officer(actor):
        raise PermissionDenied(_("この操作は事業担当官だけが行えます。"))


def record(
    obj: models.Model,
    old: str,
    new: str,
    actor: Actor,
    reason: str = "",
    field: str = "state",
) -> None:
    """The audit entry of one workflow step, in the step's transaction."""
    record_transition(obj, old, new, reason, actor_user(actor), field=field)


def record_bulk(
    obj: models.Model, actor: Actor, key: str, rows: list[Any], reason: str = ""
) -> None:
    """One audit entry for rows written in bulk (which bypasses the signals)."""
    if rows:
        write_entry(
            obj, AuditEntry.Action.UPDATE, None, {key: rows}, reason, actor_user(actor)
        )
