from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("年次報告")

    def ready(self) -> None:
        # Access rules live next to the models; the policy imports no app.
        from reports.rules import register_rules

        register_rules()
