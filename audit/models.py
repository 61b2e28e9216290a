"""The append-only audit trail and the mixin that audited models share."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.snapshots import changed_fields, take_snapshot


class ChangeLoggedModel(models.Model):
    """Abstract base for domain data whose every change must be attributable.

    Every concrete subclass is audited automatically: `audit.signals` connects
    post_save, post_delete and m2m_changed handlers for it at start-up.
    """

    #: Field names kept out of snapshots (secrets, hashes).
    audit_exclude: ClassVar[frozenset[str]] = frozenset()

    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    last_updated = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        abstract = True

    def snapshot(self) -> dict[str, Any]:
        """A JSON-friendly copy of the field values, for before/after records."""
        return take_snapshot(self, exclude=self.audit_exclude)

    def to_audit_entry(self, action: str, **values: Any) -> AuditEntry:
        """An unsaved entry about this object; the caller fills who and when."""
        return AuditEntry(
            action=action,
            content_type=ContentType.objects.get_for_model(type(self)),
            object_id=str(self.pk),
            object_repr=str(self)[:200],
            **values,
        )


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    """Queries over the trail; bulk changes are refused, the trail only grows."""

    def update(self, **kwargs: Any) -> int:
        raise TypeError("AuditEntry is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("AuditEntry is append-only")

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        content_type = ContentType.objects.get_for_model(type(obj))
        return self.filter(content_type=content_type, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One recorded change to domain data: who did what to which object, and when."""

    class Action(models.TextChoices):
        CREATE = "create", _("作成")
        UPDATE = "update", _("更新")
        DELETE = "delete", _("削除")
        TRANSITION = "transition", _("状態変更")

    time = models.DateTimeField(_("日時"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ユーザー"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    user_name = models.CharField(_("ユーザー名"), max_length=150, editable=False)
    request_id = models.CharField(
        _("リクエストID"), max_length=64, blank=True, editable=False
    )
    remote_addr = models.GenericIPAddressField(
        _("接続元"), null=True, blank=True, editable=False
    )
    action = models.CharField(
        _("操作"), max_length=16, choices=Action.choices, editable=False
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, editable=False, related_name="+"
    )
    object_id = models.CharField(_("対象ID"), max_length=64, editable=False)
    object_repr = models.CharField(_("対象"), max_length=200, editable=False)
    before = models.JSONField(
        _("変更前"), null=True, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    after = models.JSONField(
        _("変更後"), null=True, blank=True, editable=False, encoder=DjangoJSONEncoder
    )
    reason = models.TextField(_("理由"), blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return "{time:%Y-%m-%d %H:%M} {user} {action} {obj}".format(
            time=self.time,
            user=self.user_name,
            action=self.get_action_display(),
            obj=self.object_repr,
        )

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("AuditEntry is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("AuditEntry is append-only")

    @property
    def changed_fields(self) -> list[str]:
        return changed_fields(self.before, self.after)
