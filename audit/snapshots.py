"""JSON copies of a model instance's field values, for before/after records."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict

__all__ = ["changed_fields", "take_snapshot"]


def take_snapshot(
    instance: models.Model, exclude: Iterable[str] = ()
) -> dict[str, Any]:
    """Editable fields as JSON-friendly values; many-to-many as sorted pks.

    ``exclude`` keeps secrets (password hashes, token hashes) out of the
    append-only trail, where they could never be removed again.
    """
    data = model_to_dict(instance, exclude=list(exclude))
    for key, value in list(data.items()):
        if isinstance(value, list | tuple | set):
            data[key] = sorted(getattr(item, "pk", item) for item in value)
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


def changed_fields(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> list[str]:
    """Names whose value differs between two snapshots (all of them if one is None)."""
    before, after = before or {}, after or {}
    keys = sorted(set(before) | set(after))
    return [key for key in keys if before.get(key) != after.get(key)]
