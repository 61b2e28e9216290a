"""Fetching one evaluation object for a caller, web page or API alike.

Access is decided by ``accounts.policy`` (rules in ``evaluations.rules``).
An object the caller may not see answers 404 exactly like a missing one, as
everywhere else on the site, so draft ids cannot be enumerated (issue 13); a
visible object whose ``action`` is refused answers 403.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from accounts.policy import Action, can, user_of

__all__ = ["fetch"]

M = TypeVar("M", bound=models.Model)
MAX_ID = 2**63


def fetch(
    request: HttpRequest,
    queryset: models.QuerySet[M],
    pk: int,
    action: str = Action.VIEW,
) -> M:
    """The object ``pk``: 404 if missing or invisible, 403 if ``action`` is refused."""
    if not 0 < pk < MAX_ID:  # a URL may carry any integer; the database may not
        raise Http404(_("見つかりません。"))
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(_("見つかりません。"))
    if not can(user_of(request), Action.VIEW, obj):
        raise Http404(_("見つかりません。"))
    if action != Action.VIEW and not can(user_of(request), action, obj):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    return obj
