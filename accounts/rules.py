"""Access rules of the accounts app's own models."""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.models import ApiToken, User
from accounts.policy import Action, Rule, is_officer, register

__all__ = ["register_rules"]


def _user_check(user: Any, action: str, obj: User | None) -> bool:
    if is_officer(user):
        return True
    own = obj is not None and getattr(user, "pk", None) == obj.pk
    return own and action == Action.VIEW


def _user_scope(user: Any, queryset: models.QuerySet[Any], action: str) -> Any:
    if is_officer(user):
        return queryset
    if action == Action.VIEW and getattr(user, "pk", None):
        return queryset.filter(pk=user.pk)
    return queryset.none()


def _token_check(user: Any, action: str, obj: ApiToken | None) -> bool:
    """Officers manage all tokens; a user sees and revokes their own."""
    if is_officer(user):
        return True
    own = obj is not None and getattr(user, "pk", None) == obj.user_id
    return own and action in (Action.VIEW, Action.DELETE)


def _token_scope(user: Any, queryset: models.QuerySet[Any], action: str) -> Any:
    if is_officer(user):
        return queryset
    if action in (Action.VIEW, Action.DELETE) and getattr(user, "pk", None):
        return queryset.filter(user_id=user.pk)
    return queryset.none()


def register_rules() -> None:
    register(User, Rule(check=_user_check, scope=_user_scope))
    register(ApiToken, Rule(check=_token_check, scope=_token_scope))
