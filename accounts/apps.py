from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("アカウント")

    def ready(self) -> None:
        # Connect the logout-everywhere handlers and register access rules.
        from accounts import signals  # noqa: F401
        from accounts.models import User
        from accounts.rules import register_rules
        from audit.signals import register as audit

        register_rules()
        # Users are audited too (role and region changes), without secrets.
        audit(User, exclude={"password", "last_login", "session_generation"})
