"""Idempotent writes for the demo loader.

`load_demo` runs on every `make run` and in many tests, so a second run must
change nothing: no new rows, no needless UPDATEs (each save of an audited model
could leave an audit entry). `upsert` therefore writes only what differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models

__all__ = ["set_m2m", "upsert"]

M = TypeVar("M", bound=models.Model)


def upsert(
    model: type[M],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    create_only: Mapping[str, Any] | None = None,
) -> M:
    """Create the row matching ``lookup`` or update only its changed ``values``.

    ``create_only`` values are set on creation and never overwritten later.
    """
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        return model._default_manager.create(**lookup, **values, **(create_only or {}))
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=[_field_name(model, name) for name in changed])
    return obj


def set_m2m(manager: Any, pks: Iterable[Any]) -> None:
    """Set a many-to-many relation only if its members differ (no write otherwise)."""
    wanted = set(pks)
    if set(manager.values_list("pk", flat=True)) != wanted:
        manager.set(wanted)


def _field_name(model: type[models.Model], name: str) -> str:
    """`update_fields` wants the field name, also when given its ``*_id`` column."""
    return model._meta.get_field(name).name
