from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "targets"
    verbose_name = _("達成目標")

    def ready(self) -> None:
        # Access rules live next to the models; the policy imports no app.
        from audit.signals import register as audit
        from targets.models import BenchmarkInstitution
        from targets.rules import register_rules

        register_rules()
        # The efficiency comparison's figures: edited in the admin, so audited.
        audit(BenchmarkInstitution)
