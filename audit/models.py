"""The append-only audit trail and the mixin that audited models share."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _


class ChangeLoggedModel(models.Model):
    """Abstract base for domain data whose every change must be attributable."""

    created = models.DateTimeField(_("作成日時"), auto_now_add=True)
    last_updated = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        abstract = True

    def snapshot(self) -> dict[str, Any]:
        """A JSON-friendly copy of the field values, for before/after records."""
        data = model_to_dict(self)
        for key, value in list(data.items()):
            if isinstance(value, list):
                data[key] = sorted(getattr(item, "pk", item) for item in value)
        return json.loads(json.dumps(data, cls=DjangoJSONEncoder, default=str))


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

    class Meta:
        verbose_name = _("監査ログ")
        verbose_name_plural = _("監査ログ")
        ordering = ["-time", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.user_name} {self.get_action_display()} {self.object_repr}"  # noqa: E501

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("AuditEntry is append-only")
        super().save(*args, **kwargs)
