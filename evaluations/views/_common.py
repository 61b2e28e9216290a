"""What every evaluation page shares: fetching through the policy, messages.

Access is decided by ``accounts.policy`` (rules in ``evaluations.rules``).
An object the visitor may not see answers 404 like a missing one (issue 13:
no enumerating draft ids); a visible object whose action is refused answers
403, and anonymous visitors who are refused are sent to the login page.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import get_language

from evaluations.errors import WorkflowError
from evaluations.lookup import fetch
from lib.errors import ConventionError

__all__ = ["error_text", "fetch", "login_or_403", "report_error"]

View = Callable[..., HttpResponseBase]


def login_or_403(view: View) -> View:
    """Refused anonymous visitors go to the login page; others get 403."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())

    return wrapper


def error_text(error: Exception) -> str:
    """One Japanese sentence for a refused step (workflow, validation, solver)."""
    if isinstance(error, WorkflowError):
        return error.message
    if isinstance(error, ConventionError):
        english = (get_language() or "").startswith("en")
        return error.message_en if english else error.message_ja
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error)


def report_error(request: HttpRequest, error: Exception) -> None:
    messages.error(request, error_text(error))
