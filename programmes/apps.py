from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("事業・地域")

    def ready(self) -> None:
        # Access rules live next to the models; the policy imports no app.
        from audit.signals import register as audit
        from programmes.models import Theme
        from programmes.rules import register_rules

        register_rules()
        # Reference data without ChangeLoggedModel's timestamps, audited all the same.
        audit(Theme)
