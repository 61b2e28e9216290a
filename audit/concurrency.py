"""No lost updates: optimistic locking on a ``lock_version`` column.

A form or API client reads an object with its version (hidden field, or the
ETag header), and writes back with it (the field, or ``If-Match``).
:func:`save_with_lock_version` writes only if nobody has written since;
otherwise it raises :class:`ConflictError`, which the API answers with 409
and the web shows as a message. The check and the write are one conditional
UPDATE inside a transaction, so two writers can never both pass the check.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

__all__ = [
    "CONFLICT_MESSAGE",
    "ConflictError",
    "etag_for",
    "parse_if_match",
    "save_with_lock_version",
]

CONFLICT_MESSAGE = _(
    "他の利用者が先にこのデータを更新しました。"
    "最新の内容を読み込み直してから、もう一度保存してください。"
)


class ConflictError(Exception):
    """The object changed since the writer read it (HTTP 409)."""

    def __init__(self, obj: models.Model, expected: int, current: int | None):
        super().__init__(str(CONFLICT_MESSAGE))
        self.obj = obj
        self.expected = expected
        self.current = current

    @property
    def message(self) -> str:
        return str(CONFLICT_MESSAGE)


def save_with_lock_version(
    obj: models.Model, expected_version: int, fields: Iterable[str]
) -> None:
    """Save ``fields`` of ``obj`` if its stored version is still ``expected_version``.

    On success the stored and in-memory versions are ``expected_version + 1``
    and the save went through the normal signals (so it is audited).
    """
    fields = list(fields)
    model = type(obj)
    with transaction.atomic():
        # A no-op UPDATE takes the row lock (PostgreSQL) or the write lock
        # (SQLite) and tells us whether the version still matches.
        claimed = model._default_manager.filter(
            pk=obj.pk, lock_version=expected_version
        ).update(lock_version=expected_version)
        if not claimed:
            raise ConflictError(obj, expected_version, _stored_version(obj))
        obj.lock_version = expected_version + 1  # type: ignore[attr-defined]
        obj.save(update_fields=[*_with_auto_now(model, fields), "lock_version"])


def etag_for(obj: models.Model) -> str:
    """The strong ETag of an object's current version, e.g. ``"3"``."""
    return '"{}"'.format(obj.lock_version)  # type: ignore[attr-defined]


def parse_if_match(value: str | None) -> int | None:
    """The version named by an ``If-Match`` header (``"3"`` or ``3``), or None."""
    if not value:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    return int(text) if text.isdigit() else None


def _stored_version(obj: models.Model) -> int | None:
    stored = (
        type(obj)
        ._default_manager.filter(pk=obj.pk)
        .values_list("lock_version", flat=True)
    )
    return stored.first()


def _with_auto_now(model: type[models.Model], fields: list[str]) -> list[str]:
    """update_fields plus auto_now columns, which Django skips otherwise."""
    auto = [
        f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)
    ]
    return list(dict.fromkeys([*fields, *auto]))
