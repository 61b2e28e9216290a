from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("監査ログ")

    def ready(self) -> None:
        from accounts.policy import read_only_for_officers, register
        from audit.models import AuditEntry
        from audit.signals import connect_change_logged_models

        connect_change_logged_models()
        register(AuditEntry, read_only_for_officers())
