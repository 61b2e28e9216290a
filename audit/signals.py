"""Write an audit entry for every create, update and delete of audited models.

`AuditConfig.ready` connects these handlers for every concrete subclass of
ChangeLoggedModel; other models (the User) opt in with :func:`register`.
Before-values are read from the database in pre_save, so an entry shows the
stored state even when the caller built the instance by hand. Saves that
change nothing (idempotent loaders) leave no entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from audit.context import current_context
from audit.models import AuditEntry, ChangeLoggedModel
from audit.snapshots import take_snapshot

__all__ = ["audited_models", "connect_change_logged_models", "register", "write_entry"]

_EXCLUDES: dict[type[models.Model], frozenset[str]] = {}
_BEFORE = "_audit_before"
_M2M_BEFORE = "_audit_m2m_before"


def register(model: type[models.Model], exclude: Iterable[str] = ()) -> None:
    """Audit ``model``'s saves, deletes and many-to-many changes."""
    if model in _EXCLUDES:
        return
    _EXCLUDES[model] = frozenset(exclude) | getattr(model, "audit_exclude", frozenset())
    uid = f"audit:{model._meta.label}"
    pre_save.connect(_pre_save, sender=model, dispatch_uid=f"{uid}:pre")
    post_save.connect(_post_save, sender=model, dispatch_uid=f"{uid}:post")
    post_delete.connect(_post_delete, sender=model, dispatch_uid=f"{uid}:del")
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"{uid}:{field}")


def connect_change_logged_models() -> None:
    for model in apps.get_models():
        if issubclass(model, ChangeLoggedModel):
            register(model)


def audited_models() -> list[type[models.Model]]:
    return sorted(_EXCLUDES, key=lambda model: model._meta.label)


def snapshot_of(instance: models.Model) -> dict[str, Any]:
    return take_snapshot(instance, exclude=_EXCLUDES.get(type(instance), ()))


def write_entry(
    instance: models.Model,
    action: str,
    before: Any,
    after: Any,
    reason: str = "",
    user: Any = None,
) -> AuditEntry:
    """Append one entry about ``instance``, attributed to the current context."""
    context = current_context()
    actor = user if user is not None else context.user()
    entry = AuditEntry(
        user=actor if getattr(actor, "pk", None) else None,
        user_name=_name_of(actor) or context.user_name or "system",
        request_id=context.request_id,
        remote_addr=context.remote_addr,
        action=action,
        content_type=_content_type(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        before=before,
        after=after,
        reason=reason,
    )
    entry.save()
    return entry


def _pre_save(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    if kw.get("raw") or instance._state.adding or instance.pk is None:
        return
    stored = sender._default_manager.filter(pk=instance.pk).first()
    setattr(instance, _BEFORE, snapshot_of(stored) if stored else None)


def _post_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kw: Any
) -> None:
    if kw.get("raw"):
        return
    before = None if created else instance.__dict__.pop(_BEFORE, None)
    after = snapshot_of(instance)
    if not created and before == after:
        return
    action = AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE
    write_entry(instance, action, before, after)


def _post_delete(sender: type[models.Model], instance: models.Model, **kw: Any) -> None:
    write_entry(instance, AuditEntry.Action.DELETE, snapshot_of(instance), None)


def _m2m_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kw: Any,
) -> None:
    """Record the owner of the relation with its before/after member lists."""
    owners = _m2m_owners(instance, reverse, model, pk_set, sender)
    if action.startswith("pre_"):
        for owner in owners:
            owner.__dict__[_M2M_BEFORE] = snapshot_of(owner)
        if reverse:
            instance.__dict__[_M2M_BEFORE + "_owners"] = owners
        return
    if reverse:
        owners = instance.__dict__.pop(_M2M_BEFORE + "_owners", owners)
    for owner in owners:
        before = owner.__dict__.pop(_M2M_BEFORE, None)
        after = snapshot_of(owner)
        if before != after:
            write_entry(owner, AuditEntry.Action.UPDATE, before, after)


def _m2m_owners(
    instance: models.Model,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    through: type[models.Model],
) -> list[models.Model]:
    """The objects whose field changed: the instance, or (reverse) the others."""
    if not reverse:
        return [instance] if type(instance) in _EXCLUDES else []
    if model not in _EXCLUDES:
        return []
    if pk_set is None:  # clear(): every object currently related
        field = _through_field(through, type(instance))
        pks = through._default_manager.filter(**{field: instance.pk})
        pk_set = set(pks.values_list(_through_field(through, model), flat=True))
    return list(model._default_manager.filter(pk__in=pk_set).order_by("pk"))


def _through_field(through: type[models.Model], target: type[models.Model]) -> str:
    for field in through._meta.concrete_fields:
        if field.is_relation and field.related_model is target:
            return field.attname
    raise LookupError(f"{through} has no foreign key to {target}")


def _content_type(instance: models.Model) -> Any:
    return ContentType.objects.get_for_model(type(instance))


def _name_of(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "username", "") or user)
