"""The one place that decides who may do what to which object.

Views, API operations and management commands ask this module, never the
role field directly:

* ``can(user, action, target)`` — may ``user`` do ``action`` on ``target``
  (an instance, or a model class for "may add / may list at all")?
* ``scope(user, queryset, action)`` — the part of ``queryset`` the user may
  see (or act on); list pages and API lists filter with it.
* ``get_object_for_user(request, queryset, action, **lookup)`` — the detail
  and action helper: 404 when the object is invisible to the user,
  PermissionDenied (403) when it is visible but the action is not allowed.

Each app registers a :class:`Rule` per model in its ``AppConfig.ready`` via
:func:`register`, so this module imports no domain app. A model without a
rule is officer-only: a forgotten rule denies instead of leaking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.models import User

__all__ = [
    "SYSTEM",
    "Action",
    "Rule",
    "Subject",
    "SystemUser",
    "can",
    "get_object_for_user",
    "is_officer",
    "officer_only",
    "public_read_officer_write",
    "read_only_for_officers",
    "region_ids",
    "register",
    "require",
    "role_of",
    "rule_for",
    "scope",
    "user_of",
]

M = TypeVar("M", bound=models.Model)


class Action(models.TextChoices):
    """What a subject wants to do; rules compare with these, never literals."""

    VIEW = "view", _("閲覧")
    ADD = "add", _("作成")
    CHANGE = "change", _("編集")
    DELETE = "delete", _("削除")
    IMPORT = "import", _("取込")
    SUBMIT = "submit", _("提出")
    ACCEPT = "accept", _("受理")
    RETURN = "return", _("差戻し")
    SCORE = "score", _("採点")
    CLOSE = "close", _("締切")
    PUBLISH = "publish", _("公表")
    ALLOCATE = "allocate", _("配分")
    EXPORT = "export", _("出力")


class Subject(Protocol):
    """A signed-in user, an anonymous visitor or the command-line operator."""

    is_authenticated: bool
    is_active: bool


class SystemUser:
    """The operator running a management command: trusted like an officer.

    Shell access to the server already grants everything, so commands act
    with officer rights; the audit trail names them ``cli:<command>:<os user>``.
    """

    pk = None
    id = None
    username = "system"
    role = User.Role.OFFICER
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __str__(self) -> str:
        return self.username


SYSTEM = SystemUser()

Check = Callable[[Any, str, Any], bool]
Scope = Callable[[Any, models.QuerySet[Any], str], models.QuerySet[Any]]


@dataclass(frozen=True)
class Rule:
    """The access rule of one model.

    ``check(user, action, obj)`` answers for one object (``obj`` is None for a
    model-level question such as "may add"); ``scope(user, queryset,
    action)`` filters a queryset to the objects for which ``check`` is true.
    The two must agree; tests/test_policy_rules.py checks that they do.
    """

    check: Check
    scope: Scope


_RULES: dict[type[models.Model], Rule] = {}


def register(model: type[models.Model], rule: Rule) -> None:
    """Make ``rule`` decide access to ``model`` (call from ``AppConfig.ready``).

    The last registration wins, so a ready() that runs twice is harmless.
    """
    _RULES[model] = rule


def rule_for(model: type[models.Model]) -> Rule:
    concrete = model._meta.concrete_model or model
    return _RULES.get(concrete, _OFFICER_ONLY)


def registered_models() -> list[type[models.Model]]:
    return sorted(_RULES, key=lambda model: model._meta.label)


# --- who is asking -----------------------------------------------------------


def user_of(request_or_user: Any) -> Any:
    """The subject of a request (its user, or AnonymousUser) or a user itself."""
    if isinstance(request_or_user, HttpRequest):
        return getattr(request_or_user, "user", None) or AnonymousUser()
    return request_or_user if request_or_user is not None else AnonymousUser()


def role_of(user: Any) -> str | None:
    """The user's role, or None for the public (anonymous or deactivated)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", False):
        return None
    return getattr(user, "role", None)


def is_officer(user: Any) -> bool:
    return role_of(user) == User.Role.OFFICER


def is_region_user(user: Any) -> bool:
    return role_of(user) == User.Role.REGION


def is_reviewer(user: Any) -> bool:
    return role_of(user) == User.Role.REVIEWER


def region_ids(user: Any) -> frozenset[int]:
    """The regions a region user is bound to (empty for everyone else).

    Cached on the user object for the request; the m2m_changed handler in
    accounts.signals clears the cache when the regions change.
    """
    if not is_region_user(user):
        return frozenset()
    cached = getattr(user, "_policy_region_ids", None)
    if cached is None:
        cached = frozenset(user.regions.values_list("pk", flat=True))
        user._policy_region_ids = cached
    return cached


# --- the questions views ask -------------------------------------------------


def can(user: Any, action: str, target: Any = None) -> bool:
    """May ``user`` do ``action`` on ``target`` (instance or model class)?"""
    if target is None:
        return False
    if isinstance(target, type) and issubclass(target, models.Model):
        return bool(rule_for(target).check(user, action, None))
    return bool(rule_for(type(target)).check(user, action, target))


def require(user: Any, action: str, target: Any = None) -> None:
    """Raise PermissionDenied unless ``can(user, action, target)``."""
    if not can(user, action, target):
        raise PermissionDenied(_("この操作を行う権限がありません。"))


def scope(
    user: Any, queryset: models.QuerySet[M], action: str = Action.VIEW
) -> models.QuerySet[M]:
    """Only the rows of ``queryset`` on which ``user`` may do ``action``."""
    return rule_for(queryset.model).scope(user, queryset, action)


def get_object_for_user(
    request_or_user: Any,
    queryset: models.QuerySet[M] | type[M],
    action: str = Action.VIEW,
    **lookup: Any,
) -> M:
    """The object matching ``lookup``, checked for ``action``.

    404 when the user may not even see it (so its existence does not leak),
    PermissionDenied when it is visible but ``action`` is not allowed.
    """
    user = user_of(request_or_user)
    if isinstance(queryset, type):
        queryset = queryset._default_manager.all()
    obj = scope(user, queryset, Action.VIEW).filter(**lookup).first()
    if obj is None:
        raise Http404(_("見つかりません。"))
    if action != Action.VIEW:
        require(user, action, obj)
    return obj


# --- ready-made rules ----------------------------------------------------------


def _officer_check(user: Any, action: str, obj: Any) -> bool:
    return is_officer(user)


def _officer_scope(user: Any, queryset: models.QuerySet[Any], action: str) -> Any:
    return queryset if is_officer(user) else queryset.none()


def _public_read_check(user: Any, action: str, obj: Any) -> bool:
    return action in (Action.VIEW, Action.EXPORT) or is_officer(user)


def _public_read_scope(user: Any, queryset: models.QuerySet[Any], action: str) -> Any:
    if _public_read_check(user, action, None):
        return queryset
    return queryset.none()


def _officer_read_check(user: Any, action: str, obj: Any) -> bool:
    return action in (Action.VIEW, Action.EXPORT) and is_officer(user)


def _officer_read_scope(user: Any, queryset: models.QuerySet[Any], action: str) -> Any:
    if _officer_read_check(user, action, None):
        return queryset
    return queryset.none()


_OFFICER_ONLY = Rule(check=_officer_check, scope=_officer_scope)
_PUBLIC_READ = Rule(check=_public_read_check, scope=_public_read_scope)
_OFFICER_READ_ONLY = Rule(check=_officer_read_check, scope=_officer_read_scope)


def officer_only() -> Rule:
    """Officers do everything; nobody else sees anything."""
    return _OFFICER_ONLY


def public_read_officer_write() -> Rule:
    """Published reference data: anyone reads and exports, officers write."""
    return _PUBLIC_READ


def read_only_for_officers() -> Rule:
    """Officers read and export; nobody, officers included, writes (audit)."""
    return _OFFICER_READ_ONLY
