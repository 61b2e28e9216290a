"""Fetching one evaluation object for a caller, web page or API alike.

Access is decided by ``accounts.policy`` (rules in ``evaluations.rules``).
An object that exists but may not be seen answers 403, as the issue asks for
reviewers ("403 over the API and the web"); a missing one 404.
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
    """The object ``pk``: 404 if missing, 403 unless the policy allows ``action``."""
    if not 0 < pk < MAX_ID:  # a URL may carry any integer; the database may not
        raise Http404(_("見つかりません。"))
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404(_("見つかりません。"))
    if not can(user_of(request), Action.VIEW, obj):
        raise PermissionDenied(_("この情報を閲覧する権限がありません。"))
    if action != Action.VIEW and not can(user_of(request), action, obj):
        raise PermissionDenied(_("この操作を行う権限がありません。"))
    return obj
