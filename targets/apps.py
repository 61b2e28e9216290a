from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("達成目標")

    def ready(self) -> None:
        # Access rules live next to the models; the policy imports no app.
        from targets.rules import register_rules

        register_rules()
