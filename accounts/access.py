"""View guards that ask the policy module (web pages only; the API has auth.py).

Anonymous visitors are sent to the login page; signed-in users whom the
policy refuses get 403. Detail views load their object through
``accounts.policy.get_object_for_user`` instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseBase

from accounts.policy import can

__all__ = ["PolicyRequiredMixin", "policy_required"]

View = Callable[..., HttpResponseBase]


def _guard(request: HttpRequest, action: str, model: type[models.Model]) -> Any:
    """None when allowed, a login redirect for anonymous, else PermissionDenied."""
    user = request.user
    if can(user, action, model):
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def policy_required(action: str, model: type[models.Model]) -> Callable[[View], View]:
    """Decorate a function view: the user must be allowed ``action`` on ``model``."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            return _guard(request, action, model) or view(request, *args, **kwargs)

        return wrapper

    return decorator


class PolicyRequiredMixin:
    """Class-based views: declare ``policy_action`` and ``policy_model``."""

    policy_action: str
    policy_model: type[models.Model]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        denied = _guard(request, self.policy_action, self.policy_model)
        return denied or super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
