"""Who is acting right now, for audit entries written far from the request.

The middleware (web and API) and management commands set an
:class:`AuditContext` in a contextvar; the signal handlers and
``record_transition`` read it when they write an entry. A contextvar rather
than a thread-local keeps the value right under ASGI and in threads that
copy the context.
"""

from __future__ import annotations

import getpass
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "AuditContext",
    "audit_context",
    "cli_context",
    "current_context",
    "new_request_id",
]


@dataclass(frozen=True)
class AuditContext:
    """The actor of the changes made while this context is active.

    ``user_getter`` is called at write time, not when the context starts: the
    API authenticates its Bearer token after the middleware has run.
    """

    user_getter: Callable[[], Any] = field(default=lambda: None)
    user_name: str = ""
    request_id: str = ""
    remote_addr: str | None = None

    def user(self) -> Any:
        user = self.user_getter()
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current_context() -> AuditContext:
    """The active context, or an anonymous "system" one outside any request."""
    return _current.get() or AuditContext(user_name="system")


@contextmanager
def audit_context(
    *,
    user: Any = None,
    user_getter: Callable[[], Any] | None = None,
    user_name: str = "",
    request_id: str = "",
    remote_addr: str | None = None,
) -> Iterator[AuditContext]:
    """Attribute every change made inside the ``with`` block to this actor."""
    getter = user_getter or (lambda: user)
    context = AuditContext(
        user_getter=getter,
        user_name=user_name,
        request_id=request_id or new_request_id(),
        remote_addr=remote_addr,
    )
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


@contextmanager
def cli_context(command: str, user: Any = None) -> Iterator[AuditContext]:
    """The context of a management command: the OS account that ran it."""
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, e.g. in some containers
        os_user = "unknown"
    with audit_context(user=user, user_name=f"cli:{command}:{os_user}") as context:
        yield context


def new_request_id() -> str:
    return uuid.uuid4().hex
