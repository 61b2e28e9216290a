"""Log a user out everywhere when what they may do changes.

A changed role, a changed set of regions or a deactivation bumps the user's
``session_generation`` (part of the session hash, so every browser session
ends at its next request). A changed role or a deactivation also revokes the
user's API tokens: a token must never carry powers it was not issued for.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from accounts.models import ApiToken, User
from accounts.tokens import revoke_tokens

__all__ = ["log_out_everywhere"]

_STORED = "_accounts_stored"


def log_out_everywhere(user: User, revoke: bool) -> None:
    """End every session of ``user`` (and, if ``revoke``, every token)."""
    User.objects.filter(pk=user.pk).update(
        session_generation=F("session_generation") + 1
    )
    user.refresh_from_db(fields=["session_generation"])
    if revoke:
        revoke_tokens(ApiToken.objects.filter(user=user))


@receiver(pre_save, sender=User, dispatch_uid="accounts:remember_role")
def _remember(sender: type[User], instance: User, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance._state.adding:
        return
    stored = User.objects.filter(pk=instance.pk).values("role", "is_active").first()
    instance.__dict__[_STORED] = stored


@receiver(post_save, sender=User, dispatch_uid="accounts:role_changed")
def _role_changed(sender: type[User], instance: User, **kwargs: Any) -> None:
    stored = instance.__dict__.pop(_STORED, None)
    if kwargs.get("raw") or kwargs.get("created") or stored is None:
        return
    role_changed = stored["role"] != instance.role
    deactivated = stored["is_active"] and not instance.is_active
    if role_changed or deactivated:
        instance.__dict__.pop("_policy_region_ids", None)
        log_out_everywhere(instance, revoke=True)


@receiver(m2m_changed, sender=User.regions.through, dispatch_uid="accounts:regions")
def _regions_changed(
    sender: Any, instance: Any, action: str, reverse: bool, **kwargs: Any
) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    users = [instance] if not reverse else _users_of(kwargs.get("pk_set"))
    for user in users:
        user.__dict__.pop("_policy_region_ids", None)
        if kwargs.get("pk_set") or action == "post_clear":
            log_out_everywhere(user, revoke=False)


def _users_of(pks: set[int] | None) -> list[User]:
    return list(User.objects.filter(pk__in=pks or ()))
