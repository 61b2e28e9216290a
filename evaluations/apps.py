from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("評価・配分")

    def ready(self) -> None:
        # Register the access rules of the evaluation models with the policy.
        from evaluations.rules import register_rules

        register_rules()
